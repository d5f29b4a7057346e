"""One way to post a form into a service (STYLE.md rules 5 and 15).

A service refuses with a `ValidationError`: plain ("the call is closed"), or a dict naming
fields ("email": "already invited"). Either way the page comes back with each message beside
the field it names, or above the form, and with everything the user typed.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect


def apply_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on `form`: a message naming one of the form's fields
    beside that field; a plain message, or one naming a field the form lacks (a model field the
    form does not show), above the form, so no message is lost."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


def show_refusal(request, error: ValidationError) -> None:
    """Show each message of a service's ValidationError as an error message on the next page:
    for a view with no form to put it on (a button, a page that refuses the visit)."""
    for message in error.messages:
        messages.error(request, message)


class ServiceFormMixin:
    """A view whose POST puts a form into a service.

    `post` builds the form with `posted_form()` (by default `get_form()`). A valid form goes to
    `call_service(form)` inside one transaction; a ValidationError from the service is put on
    the form (`apply_service_errors`) and the form is then treated as invalid. `form_invalid`
    renders the page again with the bound form as `form_context_name` (and `invalid_message`,
    if set, as an error message). On success, `service_succeeded(form, result)` shows `result`
    (the success message `call_service` returned, if any) and redirects to `get_success_url()`.

    Works on a FormView (its `get_form()` and `get_success_url()`) and on a TemplateView that
    shows several forms on one page and defines both.
    """

    form_context_name = "form"
    invalid_message = None

    def post(self, request, *args, **kwargs):
        form = self.posted_form()
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def posted_form(self):
        """The form bound to the POST. A FormView's `get_form()` binds it already; a view whose
        `get_form(data=None)` also builds the empty form for GET overrides this."""
        return self.get_form()

    def form_valid(self, form):
        try:
            with transaction.atomic():
                result = self.call_service(form)
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        return self.service_succeeded(form, result)

    def call_service(self, form):
        """Call the service with the form's cleaned data; return the success message, or
        whatever `service_succeeded` needs."""
        raise NotImplementedError

    def service_succeeded(self, form, result):
        if result:
            messages.success(self.request, result)
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        if self.invalid_message:
            messages.error(self.request, self.invalid_message)
        return self.render_to_response(self.get_context_data(**{self.form_context_name: form}))
