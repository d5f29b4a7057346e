"""`|as_field` gives a field crispy's bootstrap5 markup without crispy's template (cheaper on
pages that repeat fields per row): the same HTML, errors and help text included."""

import re

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms

from plgportal.templatetags.fields import as_field


class SampleForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=20, help_text="Kort <em>en</em> bondig.")
    note = forms.CharField(
        label="Notitie", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    role = forms.ChoiceField(label="Rol", choices=[("", "–"), ("a", "Voorzitter & notulist")])
    link = forms.URLField(
        label="Link",
        assume_scheme="https",
        required=False,
        widget=forms.URLInput(attrs={"class": "x"}),
    )
    count = forms.IntegerField(label="Aantal", min_value=1)
    agree = forms.BooleanField(label="Akkoord", required=False)
    kind = forms.ChoiceField(label="Soort", choices=[("a", "A")], widget=forms.RadioSelect)
    upload = forms.FileField(label="Bestand", required=False)


def normalised(html) -> str:
    """Whitespace between and inside tags is crispy's template layout, not markup."""
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*>\s*", ">", re.sub(r"\s*<", "<", html)).strip()


def bound(data=None, prefix=None):
    form = SampleForm(data, prefix=prefix)
    if data is not None:
        form.is_valid()
    return form


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"title": "Veel te lange titel voor dit veld <b>", "role": "zz", "count": "0", "link": "x"},
        {"title": "Goed", "role": "a", "count": "3", "note": "Tekst"},
    ],
    ids=["unbound", "errors", "valid"],
)
@pytest.mark.parametrize(
    "name", ["title", "note", "role", "link", "count", "agree", "kind", "upload"]
)
def test_as_field_same_markup_as_crispy(name, data):
    expected = normalised(as_crispy_field(bound(data)[name]))

    assert normalised(as_field(bound(data)[name])) == expected


def test_as_field_escapes_values_and_errors():
    form = bound({"title": '"><script>alert(1)</script>', "role": "a", "count": "1"})

    html = str(as_field(form["title"]))

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'class="textinput form-control is-invalid"' in html
    assert 'aria-invalid="true"' in html


def test_as_field_leaves_a_helper_layout_to_crispy():
    form = bound()
    form.helper = FormHelper()
    form.helper.label_class = "col-3"

    assert normalised(as_field(form["title"])) == normalised(as_crispy_field(form["title"]))
