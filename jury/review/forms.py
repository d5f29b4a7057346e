"""The juror's forms: the conflict-of-interest declaration and the scoring form."""

from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from jury.review.services import motivation_field, score_field
from plgportal.calls.models import SelectionCriterion

NO_CONFLICT = "no"
CONFLICT = "yes"


class ConflictDeclareForm(forms.Form):
    has_conflict = forms.ChoiceField(
        label=_("Hebt u een belangenconflict met dit dossier?"),
        choices=[
            (NO_CONFLICT, _("Geen belangenconflict: ik beoordeel dit dossier")),
            (CONFLICT, _("Niet beoordelen (belangenconflict)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of u een belangenconflict hebt.")},
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Bij een belangenconflict: uw band met het dossier, bv. u werkt op of bestuurt een "
            "van de scholen."
        ),
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.attrs = {"data-submit-once": ""}
        self.helper.add_input(Submit("submit", _("Verklaring bewaren")))

    @property
    def declares_conflict(self) -> bool:
        return self.cleaned_data["has_conflict"] == CONFLICT


@dataclass(frozen=True)
class CriterionFields:
    criterion: SelectionCriterion
    score: forms.BoundField
    motivation: forms.BoundField


class ReviewForm(forms.Form):
    """Per criterion of the call a score on its scale (radio buttons) and a motivation, plus an
    overall comment. Everything is optional here: what a submission needs, review_save checks."""

    overall_comment = forms.CharField(
        label=_("Algemene opmerking"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, criteria, review=None, readonly=False, **kwargs):
        self.criteria = list(criteria)
        if review is not None:
            kwargs.setdefault("initial", self.initial_from(review))
        super().__init__(*args, **kwargs)
        for criterion in self.criteria:
            scale = range(criterion.scale_min, criterion.scale_max + 1)
            self.fields[score_field(criterion.pk)] = forms.TypedChoiceField(
                label=_("Score"),
                choices=[(value, str(value)) for value in scale],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Kies een score van %(min)d tot %(max)d.")
                    % {"min": criterion.scale_min, "max": criterion.scale_max}
                },
            )
            self.fields[motivation_field(criterion.pk)] = forms.CharField(
                label=_("Motivering"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.fields["overall_comment"] = self.fields.pop("overall_comment")
        if readonly:
            for form_field in self.fields.values():
                form_field.disabled = True

    @staticmethod
    def initial_from(review) -> dict:
        initial = {"overall_comment": review.overall_comment}
        for score in review.scores.all():
            initial[score_field(score.criterion_id)] = score.value
            initial[motivation_field(score.criterion_id)] = score.motivation
        return initial

    def criterion_fields(self) -> list[CriterionFields]:
        return [
            CriterionFields(
                criterion, self[score_field(criterion.pk)], self[motivation_field(criterion.pk)]
            )
            for criterion in self.criteria
        ]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        """The cleaned values as review_save takes them."""
        return {
            criterion.pk: (
                self.cleaned_data.get(score_field(criterion.pk)),
                self.cleaned_data.get(motivation_field(criterion.pk), ""),
            )
            for criterion in self.criteria
        }

    def current_values(self) -> dict[int, int]:
        """The scores as the form shows them now (typed or stored), for the running total."""
        values = {}
        for criterion in self.criteria:
            raw = self[score_field(criterion.pk)].value()
            try:
                value = int(raw)
            except (TypeError, ValueError):
                continue
            if criterion.scale_min <= value <= criterion.scale_max:
                values[criterion.pk] = value
        return values


class AssignmentFilterForm(forms.Form):
    """The juror's list of their dossiers in a jury: a status and a search (GET, no crispy:
    two fields rendered in the list's own markup)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Alle")),
            ("todo", _("Nog in te dienen")),
            ("draft", _("Concept")),
            ("submitted", _("Ingediend")),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    q = forms.CharField(
        label=_("Zoeken op dossiernummer of werktitel"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )

    def filters(self) -> dict:
        """The selector's keyword arguments; an invalid value filters nothing."""
        if not self.is_valid():
            return {"status": "", "search": ""}
        return {"status": self.cleaned_data["status"], "search": self.cleaned_data["q"].strip()}
