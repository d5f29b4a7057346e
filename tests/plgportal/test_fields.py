"""`|as_field` gives a field crispy's bootstrap5 markup without crispy's template (cheaper on
pages that repeat fields per row): the same HTML, errors and help text included."""

import re

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms

from plgportal.templatetags.fields import as_field, widget_html


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
    source = forms.FileField(
        label="Bron", help_text="Hoogstens 10 MB.", widget=forms.FileInput(attrs={"class": "x"})
    )
    closed = forms.FileField(
        label="Gesloten", required=False, disabled=True, widget=forms.FileInput
    )


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
    "name",
    ["title", "note", "role", "link", "count", "agree", "kind", "upload", "source", "closed"],
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


@pytest.mark.parametrize("name", ["title", "role", "count", "source"])
def test_as_field_errors_under_a_helper_as_crispy(name):
    """A form with a (default) helper: crispy writes each error in a <span>, not a <p>."""
    form = bound({"title": "Veel te lange titel voor dit veld", "role": "zz", "count": "0"})
    form.helper = FormHelper()

    assert normalised(as_field(form[name])) == normalised(as_crispy_field(form[name]))


def test_as_field_leaves_a_helper_layout_to_crispy():
    form = bound()
    form.helper = FormHelper()
    form.helper.label_class = "col-3"

    assert normalised(as_field(form["title"])) == normalised(as_crispy_field(form["title"]))


class WidgetsForm(forms.Form):
    """Every widget PlainWidgetRenderer draws, with values that need escaping."""

    text = forms.CharField(label="Tekst", max_length=30, help_text="Hulp")
    number = forms.DecimalField(label="Getal", localize=True, required=False)
    email = forms.EmailField(label="E-mail", required=False, disabled=True)
    day = forms.DateField(label="Dag", required=False, widget=forms.DateInput(format="%d/%m/%Y"))
    note = forms.CharField(
        label="Notitie", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    level = forms.ChoiceField(
        label="Niveau",
        required=False,
        choices=[("", "–"), ("Groep <1>", [("a", "A & B"), (1, "Eén")]), ("c", "C")],
    )
    secret = forms.CharField(label="Geheim", required=False, widget=forms.PasswordInput)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"text": 'Te "lang" <b>' * 5, "number": "1,5", "day": "x", "level": "1", "note": "a<b>\n"},
        {"text": "Goed & wel", "number": "2.25", "day": "03/02/2026", "level": "a", "note": ""},
    ],
    ids=["unbound", "errors", "valid"],
)
@pytest.mark.parametrize("name", list(WidgetsForm.base_fields))
def test_widget_html_same_as_django(name, data):
    form = WidgetsForm(data, initial={"text": "Begin <'x'>", "day": "2026-02-03"}, prefix="p")
    if data is not None:
        form.is_valid()
    attrs = {"class": "textinput form-control", "data-x": True, "data-off": False}

    assert widget_html(form[name], attrs) == form[name].as_widget(attrs=attrs)
