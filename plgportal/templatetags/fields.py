"""`{{ field|as_field }}`: a form field in the markup crispy-forms' bootstrap5 pack gives it,
built in Python for the plain widgets (text, number, date, URL, textarea, select).

Why: pages that repeat a field per row (attendance per participant, preparation per school,
a score per criterion) spent most of their time in crispy's field template, a large template
walked once per field. The markup stays the same: label tied to the field, the help text and
errors it is described by, Bootstrap's classes. Any other widget, or a form whose crispy
helper changes the field's layout, is still rendered by crispy.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

REQUIRED_MARK = mark_safe('<span class="asteriskField">*</span>')  # noqa: S308 (a constant)

# crispy's own fallbacks: radios, checkboxes and files have their own markup there.
CRISPY_ONLY = (
    forms.CheckboxInput,
    forms.RadioSelect,
    forms.CheckboxSelectMultiple,
    forms.FileInput,
    forms.MultiWidget,
)


def _helper_changes_layout(form) -> bool:
    helper = getattr(form, "helper", None)
    if helper is None:
        return False
    changed = ("field_template", "wrapper_class", "label_class", "field_class")
    return (
        any(getattr(helper, name, "") for name in changed)
        or "form-horizontal" in (getattr(helper, "form_class", "") or "")
        or not helper.form_show_labels
        or not helper.form_show_errors
    )


def _widget_class(field, widget) -> str:
    """The class crispy's {% crispy_field %} gives the widget: its own, the widget's name,
    then Bootstrap's control class (and is-invalid on an error)."""
    classes = widget.attrs.get("class", "")
    name = widget.__class__.__name__.lower()
    if name not in classes:
        classes = f"{classes} {name}" if classes else name
    bootstrap = "form-select" if isinstance(widget, forms.Select) else "form-control"
    for extra in (bootstrap, "is-invalid") if field.errors else (bootstrap,):
        if extra not in classes.split():
            classes += f" {extra}"
    return classes


@register.filter
def as_field(field):
    widget = field.field.widget
    if field.is_hidden or isinstance(widget, CRISPY_ONLY) or _helper_changes_layout(field.form):
        return as_crispy_field(field)
    required = field.field.required
    label = ""
    if field.label:
        label = format_html(
            '<label{} class="form-label{}">{}{}</label>',
            format_html(' for="{}"', field.id_for_label) if field.id_for_label else "",
            " requiredField" if required else "",
            field.label,
            REQUIRED_MARK if required else "",
        )
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.errors.field_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((number, field.auto_id, error) for number, error in enumerate(field.errors, 1)),
            ),
        )
    help_text = ""
    if field.help_text:
        help_text = format_html(
            '<div {}class="form-text">{}</div>',
            format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else "",
            # As crispy does: help texts are the code's own (translated) markup, not user data.
            mark_safe(field.help_text),  # noqa: S308
        )
    css_classes = field.css_classes()
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}{}{}</div>',
        field.auto_id,
        f" {css_classes}" if css_classes else "",
        label,
        field.as_widget(attrs={"class": _widget_class(field, widget)}),
        errors,
        help_text,
    )
