"""Staff's decisions on a dossier: admissibility, and reopening it for the applicants."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.enums import DossierStatus

DECISIONS = [
    (DossierStatus.ADMISSIBLE.value, DossierStatus.ADMISSIBLE.label),
    (DossierStatus.NOT_ADMISSIBLE.value, DossierStatus.NOT_ADMISSIBLE.label),
]


class AdmissibilityDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Beslissing"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies ontvankelijk of niet ontvankelijk.")},
    )
    reason = forms.CharField(
        label=_("Motivering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Verplicht bij een niet-ontvankelijk dossier."),
    )

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, prefix="beslissing", **kwargs)
        # A decided dossier opens with its current decision and reason, ready to be changed.
        if dossier.status in dict(DECISIONS):
            self.initial.setdefault("decision", dossier.status)
            self.initial.setdefault("reason", dossier.admissibility_reason)
        self.helper = FormHelper()
        self.helper.form_action = reverse("applications:staff_dossier_decide", args=[dossier.pk])
        self.helper.add_input(Submit("submit", _("Beslissing bewaren")))

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == DossierStatus.NOT_ADMISSIBLE
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", _("Geef aan waarom het dossier niet ontvankelijk is."))
        return cleaned


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bv. welke gegevens de aanvrager nog moet aanvullen."),
        error_messages={"required": _("Geef een reden op om het dossier te heropenen.")},
    )

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, prefix="heropenen", **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("applications:staff_dossier_reopen", args=[dossier.pk])
        button = Submit("submit", _("Heropenen als concept"))
        button.field_classes = "btn btn-outline-danger"
        self.helper.add_input(button)
