"""The error summary above a refused form: every error, linked to the field that has it, the
form's own errors too; on crispy forms with their own tag, on allauth's pages and on the
dossier's section forms."""

import re
from html import unescape

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from plgportal.error_summary import ErrorLink, error_links, formset_error_links
from tests.factories import TEST_PASSWORD, eligible_dossier


class ExampleForm(forms.Form):
    name = forms.CharField(label="Naam")
    levels = forms.MultipleChoiceField(
        label="Niveaus", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="Opmerking", required=False)

    def clean(self):
        raise forms.ValidationError("Het geheel klopt niet.")


def test_error_links_name_each_field_and_link_to_its_control():
    form = ExampleForm({"note": "ok"})

    assert error_links(form) == [
        ErrorLink("Het geheel klopt niet."),
        ErrorLink("Naam: Dit veld is verplicht.", "id_name"),
        ErrorLink("Niveaus: Dit veld is verplicht.", "id_levels_0"),  # the first box of the list
        ErrorLink("Dit veld is verplicht."),  # a hidden field has no control to go to
    ]


def test_error_links_of_an_unbound_or_valid_form_are_empty():
    assert error_links(ExampleForm()) == []
    assert error_links(forms.Form({})) == []


def test_formset_error_links_name_the_row():
    formset = forms.formset_factory(ExampleForm, extra=0, min_num=2)(
        {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "form-0-name": "x"}
    )

    links = formset_error_links(formset, row_label=lambda index, form: f"Rij {index + 1}")

    assert links[:3] == [
        ErrorLink("Rij 1: Het geheel klopt niet."),
        ErrorLink("Rij 1 – Niveaus: Dit veld is verplicht.", "id_form-0-levels_0"),
        ErrorLink("Rij 1: Dit veld is verplicht."),
    ]
    assert ErrorLink("Rij 2 – Naam: Dit veld is verplicht.", "id_form-1-name") in links


def render_summary(form):
    return Template("{% load error_summary %}{% error_summary form %}").render(
        Context({"form": form})
    )


def test_summary_partial_is_focusable_announced_and_links_fields():
    html = render_summary(ExampleForm({"note": "ok"}))

    assert 'tabindex="-1" data-error-summary' in html
    assert '<div role="alert">' in html
    assert "Er is een probleem" in html
    assert '<a class="alert-link" href="#id_name">Naam: Dit veld is verplicht.</a>' in html
    assert "<li>Het geheel klopt niet.</li>" in html


def test_summary_partial_is_empty_without_errors():
    assert render_summary(ExampleForm()).strip() == ""


def test_summary_escapes_what_users_typed():
    class Echo(forms.Form):
        name = forms.CharField(label="Naam")

        def clean_name(self):
            raise forms.ValidationError("%(value)s", params={"value": self.cleaned_data["name"]})

    html = render_summary(Echo({"name": "<script>x</script>"}))

    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


@pytest.mark.django_db
def test_crispy_section_form_shows_summary_at_its_top(client, applicant):
    dossier = eligible_dossier(created_by=applicant)
    client.force_login(applicant)
    url = reverse("applications:dossier_section_plg", args=[dossier.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}

    response = client.post(url, {**data, "contact_phone": "geen nummer"})

    html = response.content.decode()
    assert response.status_code == 200
    form_start = html.index('id="section-form-element"')
    summary = html.index("data-error-summary")
    assert form_start < summary < html.index('id="id_working_title"')
    assert re.search(r'<a class="alert-link" href="#id_contact_phone">Uw telefoonnummer: ', html)


@pytest.mark.django_db
def test_login_refused_shows_the_summary_once(client, applicant):
    response = client.post(
        reverse("account_login"), {"login": applicant.email, "password": TEST_PASSWORD + "x"}
    )

    html = unescape(response.content.decode())
    assert html.count("data-error-summary") == 1
    start = html.index("data-error-summary")
    summary = html[start : html.index("</ul>", start)]
    (message,) = re.findall(r"<li>(.+?)</li>", summary)
    assert html.count(message) == 1  # not repeated in a second box
