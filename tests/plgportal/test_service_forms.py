"""plgportal.service_forms: a service's refusal on the form that called it (beside the field it
names, otherwise above the form, never lost and never a crash), or, with no form, as messages."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from plgportal.service_forms import apply_service_errors, show_refusal


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mailadres")


def valid_form() -> InviteForm:
    form = InviteForm({"email": "director@example.org"})
    assert form.is_valid()
    return form


def test_apply_service_errors_plain_error_goes_above_the_form():
    form = valid_form()

    apply_service_errors(form, ValidationError("De oproep is gesloten."))

    assert form.non_field_errors() == ["De oproep is gesloten."]
    assert not form.is_valid()


def test_apply_service_errors_unknown_field_goes_above_the_form_with_its_message():
    form = valid_form()

    apply_service_errors(form, ValidationError({"school": "Deze school werkt al mee."}))

    assert form.non_field_errors() == ["Deze school werkt al mee."]
    assert "email" not in form.errors


def test_apply_service_errors_known_field_goes_beside_it():
    form = valid_form()

    apply_service_errors(
        form,
        ValidationError({"email": "Al uitgenodigd.", "__all__": "Het dossier is al ingediend."}),
    )

    assert form.errors["email"] == ["Al uitgenodigd."]
    assert form.non_field_errors() == ["Het dossier is al ingediend."]
    assert "email" not in form.cleaned_data


def test_show_refusal_each_message_becomes_an_error_message():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)

    show_refusal(request, ValidationError(["De oproep is gesloten.", "Het dossier is ingediend."]))

    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [
        ("error", "De oproep is gesloten."),
        ("error", "Het dossier is ingediend."),
    ]
