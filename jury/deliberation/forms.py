"""Staff's decision on a dossier during the deliberation."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jury.enums import Outcome


class JuryDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Beslissing"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies geselecteerd, reserve of niet geselecteerd.")},
    )
    reserve_rank = forms.IntegerField(
        label=_("Plaats op de reservelijst"),
        required=False,
        min_value=1,
        help_text=_("Alleen voor een reserve: 1 is de eerste reserve."),
        error_messages={"min_value": _("De plaats is 1 of meer."), "invalid": _("Geef een getal.")},
    )
    motivation = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Waarom deze beslissing: de basis voor de feedback aan de aanvragers."),
        error_messages={"required": _("Motiveer de beslissing.")},
    )

    def __init__(self, *args, dossier, decision=None, return_query: str = "", **kwargs):
        """`return_query`: the ranking page's query string (sort, filter, page) to go back to."""
        super().__init__(*args, prefix="beslissing", **kwargs)
        if decision is not None:
            self.initial.setdefault("outcome", decision.outcome)
            self.initial.setdefault("reserve_rank", decision.reserve_rank)
            self.initial.setdefault("motivation", decision.motivation)
        self.helper = FormHelper()
        action = reverse("jury:decision", kwargs={"slug": dossier.call.slug, "pk": dossier.pk})
        self.helper.form_action = f"{action}?{return_query}" if return_query else action
        self.helper.add_input(Submit("submit", _("Beslissing bewaren")))

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("outcome") == Outcome.RESERVE
            and not cleaned.get("reserve_rank")
            and "reserve_rank" not in self.errors
        ):
            self.add_error("reserve_rank", _("Geef de plaats op de reservelijst op."))
        return cleaned
