"""`{{ field|as_field }}`: a form field in the markup crispy-forms' bootstrap5 pack gives it,
built in Python for the plain widgets (text, number, date, URL, textarea, select).

Why: pages that repeat a field per row (attendance per participant, preparation per school,
a score per criterion) spent most of their time in crispy's field template, a large template
walked once per field. The markup stays the same: label tied to the field, the help text and
errors it is described by, Bootstrap's classes. Any other widget, or a form whose crispy
helper changes the field's layout, is still rendered by crispy.

The widget itself is drawn by `PlainWidgetRenderer`: Django renders each widget through
its own small templates (input, attrs, select option), which cost more than the rest of
the field on these pages; the renderer writes the same markup in Python for Django's
stock input, textarea and select templates and hands any other template to the form's
renderer.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

REQUIRED_MARK = mark_safe('<span class="asteriskField">*</span>')  # noqa: S308 (a constant)

# crispy's own fallbacks: radios, checkboxes and clearable files have their own markup there
# (a plain FileInput is drawn below as bootstrap5/layout/field_file.html draws it).
CRISPY_ONLY = (
    forms.CheckboxInput,
    forms.RadioSelect,
    forms.CheckboxSelectMultiple,
    forms.ClearableFileInput,
    forms.MultiWidget,
)


WIDGETS = "django/forms/widgets/"
# The stock templates that only include input.html: the same <input>, its type in the context.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html" for name in ("text", "number", "email", "url", "date")
)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = widget["value"]
    value = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _textarea(widget: dict) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{conditional_escape(str(option["value"]))}"'
        f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>"
    )


def _select(widget: dict) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        parts.extend(f"\n  {_option(option)}\n" for option in options)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class PlainWidgetRenderer:
    """A form renderer for one widget: Django's stock input, textarea and select templates
    written in Python (same markup, same escaping, stripped as Django's renderers strip it);
    any other template goes to `fallback`."""

    def __init__(self, fallback):
        self.fallback = fallback

    def render(self, template_name, context, request=None):
        widget = context["widget"]
        if template_name in INPUT_TEMPLATES and widget.get("type"):
            return _input(widget)
        if template_name == f"{WIDGETS}textarea.html":
            return _textarea(widget)
        if template_name == f"{WIDGETS}select.html" and all(
            option["template_name"] == f"{WIDGETS}select_option.html"
            for _name, options, _index in widget["optgroups"]
            for option in options
        ):
            return _select(widget)
        return self.fallback.render(template_name, context, request=request)


def widget_html(field, attrs: dict) -> str:
    """`field.as_widget(attrs=attrs)` drawn through PlainWidgetRenderer (the same steps as
    BoundField.as_widget, which takes no renderer of its own)."""
    widget = field.field.widget
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return widget.render(
        name=field.html_name,
        value=field.value(),
        attrs=attrs,
        renderer=PlainWidgetRenderer(field.form.renderer),
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
        or helper.help_text_inline
    )


def _error_tag(form) -> str:
    """crispy writes each error in a <span> under a form helper (its `error_text_inline`, on
    by default) and in a <p> without one."""
    helper = getattr(form, "helper", None)
    return "span" if helper is not None and helper.error_text_inline else "p"


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
        tag = _error_tag(field.form)
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.errors.field_id,
            format_html_join(
                "",
                '<{} id="error_{}_{}"><strong>{}</strong></{}>',
                (
                    (tag, number, field.auto_id, error, tag)
                    for number, error in enumerate(field.errors, 1)
                ),
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
    if isinstance(widget, forms.FileInput):
        control = _file_input(field, errors, help_text)
    else:
        control = format_html(
            "{}{}{}", widget_html(field, {"class": _widget_class(field, widget)}), errors, help_text
        )
    css_classes = field.css_classes()
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}</div>',
        field.auto_id,
        f" {css_classes}" if css_classes else "",
        label,
        control,
    )


def _file_input(field, errors, help_text):
    """crispy's bootstrap5/layout/field_file.html for a FileInput: the input in a div of its own
    with its errors and help text, Bootstrap's class before the widget's own."""
    widget = field.subwidgets[0].data
    attrs = {name: value for name, value in widget["attrs"].items() if name != "class"}
    classes = "form-control"
    if widget["attrs"].get("class"):
        classes += f" {widget['attrs']['class']}"
    if field.errors:
        classes += " is-invalid"
    return format_html(
        '<div{}><input type="{}" name="{}" class="{}"{}{}>{}{}</div>',
        mark_safe(' class="is-invalid"') if field.errors else "",  # noqa: S308 (a constant)
        widget["type"],
        widget["name"],
        classes,
        mark_safe(" disabled") if field.field.disabled else "",  # noqa: S308 (a constant)
        mark_safe(_attrs(attrs)),  # noqa: S308 (_attrs escapes names and values)
        errors,
        help_text,
    )
