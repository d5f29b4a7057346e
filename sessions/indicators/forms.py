"""A school's indicators at one moment: one field per indicator of the call, named by its code."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from sessions.enums import IndicatorKind

TEXT_MAX = 4000
YES_NO_CHOICES = [("yes", _("Ja")), ("no", _("Nee"))]


def _field(definition, initial) -> forms.Field:
    common = {
        "label": definition.label,
        # Staff's text: crispy prints help texts unescaped (|safe), so it is escaped here.
        "help_text": escape(definition.help_text),
        "required": definition.required,
        "error_messages": {"required": _("Vul dit in.")},
    }
    if definition.kind == IndicatorKind.NUMBER:
        return forms.IntegerField(
            min_value=0,
            max_value=100_000,
            initial=initial,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            **common,
        )
    if definition.kind == IndicatorKind.YES_NO:
        return forms.TypedChoiceField(
            choices=YES_NO_CHOICES,
            coerce=lambda value: value == "yes",
            empty_value=None,
            widget=forms.RadioSelect,
            initial=None if initial is None else ("yes" if initial else "no"),
            **common,
        )
    return forms.CharField(
        max_length=TEXT_MAX,
        initial=initial or "",
        widget=forms.Textarea(attrs={"rows": 4}),
        **common,
    )


class IndicatorsForm(forms.Form):
    """One field per indicator (named by its code), in the call's order, with the values
    saved so far."""

    def __init__(self, *args, definitions, values=None, **kwargs):
        super().__init__(*args, **kwargs)
        values = values or {}
        self.definitions = list(definitions)
        layout = []
        for definition in self.definitions:
            self.fields[definition.code] = _field(definition, values.get(definition.code))
            is_yes_no = definition.kind == IndicatorKind.YES_NO
            layout.append(InlineRadios(definition.code) if is_yes_no else Field(definition.code))
        self.helper = FormHelper()
        self.helper.form_id = "indicators-form"
        self.helper.layout = Layout(*layout)
        self.helper.add_input(Submit("save", _("Bewaren"), css_class="btn-lg"))

    def values(self) -> dict[str, object]:
        return {d.code: self.cleaned_data.get(d.code) for d in self.definitions}
