"""Crispy-forms layout objects shared by the apps' forms.

Crispy's own `HTML(...)` compiles its content as a Django template with the page's full
context, so any user text inside it would run as template code (and could print the request's
cookies or other users' data). `Snippet` is the safe counterpart: a fixed template file,
rendered with only the values it is given, which are escaped like any template variable.
"""

from django.template.loader import render_to_string


class Snippet:
    """Renders `template_name` with `context` only, where a layout needs markup between
    fields. The template is a file in the code base; the values are data, never template."""

    def __init__(self, template_name: str, **context):
        self.template_name = template_name
        self.context = context

    def render(self, form, context, template_pack=None, **kwargs) -> str:
        return render_to_string(self.template_name, self.context)
