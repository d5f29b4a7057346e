"""The confirm step before publishing a call's results."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from jury.publication.counts import exception_message


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Ik bevestig dat alle beslissingen definitief zijn en dat elke contactpersoon en "
            "partnerdirecteur nu een e-mail met de beslissing en de feedback van de jury krijgt."
        ),
        error_messages={"required": _("Vink aan dat u de publicatie bevestigt.")},
    )
    # Only when the counts do not match the call (jury.publication.counts): publishing then
    # needs an explicit, motivated exception, kept as the reason of the phase change.
    count_exception_confirmed = forms.BooleanField(
        label=_("Ik publiceer bewust met andere aantallen dan de oproep voorziet."),
        required=False,
    )
    count_exception = forms.CharField(
        label=_("Motivering van de uitzondering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wordt bewaard in de fasegeschiedenis van de jury."),
    )

    def __init__(self, *args, action: str, counts_match: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if counts_match:
            del self.fields["count_exception_confirmed"]
            del self.fields["count_exception"]
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.add_input(Submit("publish", _("Resultaten publiceren")))

    def clean(self):
        cleaned = super().clean()
        if "count_exception" not in self.fields:
            return cleaned
        if not cleaned.get("count_exception_confirmed"):
            self.add_error(
                "count_exception_confirmed",
                _("De aantallen wijken af: vink aan dat u bewust een uitzondering maakt."),
            )
        if not (cleaned.get("count_exception") or "").strip():
            self.add_error("count_exception", exception_message())
        return cleaned

    @property
    def exception_motivation(self) -> str:
        """The motivation, only when the exception is confirmed."""
        if not self.cleaned_data.get("count_exception_confirmed"):
            return ""
        return self.cleaned_data.get("count_exception", "")


class DecisionFeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("Feedback voor de aanvrager"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Deze tekst krijgt de aanvrager bij de publicatie, onder de motivering van de "
            "beslissing en boven de gemiddelde scores. De opmerkingen van de juryleden gaan "
            "alleen mee zoals u ze hier herschrijft."
        ),
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.add_input(Submit("save", _("Feedback bewaren")))
