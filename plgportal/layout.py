"""Crispy-forms layout objects shared by the apps' forms.

Crispy's own `HTML(...)` compiles its content as a Django template with the page's full
context, so any user text inside it would run as template code (and could print the request's
cookies or other users' data). `Snippet` is the safe counterpart: a fixed template file,
rendered with only the values it is given, which are escaped like any template variable.
"""

from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _


class Snippet:
    """Renders `template_name` with `context` only, where a layout needs markup between
    fields. The template is a file in the code base; the values are data, never template."""

    def __init__(self, template_name: str, **context):
        self.template_name = template_name
        self.context = context

    def render(self, form, context, template_pack=None, **kwargs) -> str:
        return render_to_string(self.template_name, self.context)


def filter_form_helper(field_names: Iterable[str]) -> FormHelper:
    """The layout of a list page's filter form: the fields side by side, then "Filteren"; sent
    by GET, so the filtered list has its own address (and needs no CSRF token)."""
    helper = FormHelper()
    helper.form_method = "get"
    helper.form_tag = True
    helper.disable_csrf = True
    helper.layout = Layout(
        Row(*(Column(name, css_class="col-md") for name in field_names)),
        Submit("", _("Filteren")),
    )
    return helper
