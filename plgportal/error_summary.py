"""The error summary above a refused form (GOV.UK's pattern): every error of the form, each a
link to the field that has it, the form's own errors too. `static/js/forms.js` moves focus to
the summary, so screen readers announce it, and its links move focus to their field.

Forms rendered by crispy with their own `<form>` tag get it from `templates/bootstrap5/errors.html`,
allauth's pages from `templates/allauth/elements/fields.html`; pages with formsets build their
list with a label per row (`error_links(form, row_label=...)`) and include
`templates/partials/error_summary.html` themselves.
"""

from dataclasses import dataclass

from django.forms import BaseFormSet
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ErrorLink:
    text: str
    anchor: str = ""  # the id of the field that has the error; "" for the form's own errors


def field_anchor(bound_field) -> str:
    """The id of the control that takes focus for a field: a list of boxes is reached through
    its first; a hidden field has none."""
    if bound_field.is_hidden:
        return ""
    anchor = bound_field.id_for_label
    if not anchor and bound_field.subwidgets:
        anchor = bound_field.subwidgets[0].id_for_label
    return anchor or ""


def error_links(form, *, row_label: str = "") -> list[ErrorLink]:
    """Every error of a bound form: its own errors first, then each field's in the form's
    order, named by the field's label (after `row_label` for a row of a formset)."""
    if not form.is_bound or not form.errors:
        return []
    links = [ErrorLink(_labelled(row_label, str(message))) for message in form.non_field_errors()]
    for name in form.fields:
        if name not in form.errors:
            continue
        bound_field = form[name]
        anchor = field_anchor(bound_field)
        label = str(bound_field.label or "") if anchor else ""
        if row_label and label:
            label = _("%(row)s – %(field)s") % {"row": row_label, "field": label}
        label = label or row_label
        links += [
            ErrorLink(_labelled(label, str(message)), anchor) for message in form.errors[name]
        ]
    return links


def formset_error_links(formset, *, row_label=None) -> list[ErrorLink]:
    """The formset's own errors, then each row's; `row_label(index, form)` names a row."""
    links = [ErrorLink(str(message)) for message in formset.non_form_errors()]
    for index, form in enumerate(formset.forms):
        label = row_label(index, form) if row_label else ""
        links += error_links(form, row_label=label)
    return links


def summary_links(*forms) -> list[ErrorLink]:
    """The links of any number of forms and formsets (None and "" skipped)."""
    links = []
    for form in forms:
        if isinstance(form, BaseFormSet):
            links += formset_error_links(form)
        elif form:
            links += error_links(form)
    return links


def _labelled(label: str, message: str) -> str:
    return _("%(field)s: %(error)s") % {"field": label, "error": message} if label else message
