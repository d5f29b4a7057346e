"""Staff's forms to set up a call's jury: members, assignment, conflicts, deadline, phase."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jury.enums import JuryPhase
from jury.services import ALLOWED_PHASES
from jury.setup.services import dossiers_to_score
from plgportal.accounts.enums import Role
from plgportal.accounts.models import User

MODE_ALL = "all"
MODE_PER_DOSSIER = "per_dossier"


def _helper(url_name, jury, label, *, css="btn btn-primary"):
    helper = FormHelper()
    helper.form_action = reverse(url_name, args=[jury.call.slug])
    # Several forms share the page: each button gets its own name, hence its own id.
    button = Submit(url_name, label)
    button.field_classes = css
    helper.add_input(button)
    return helper


class JurorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name()} ({obj.email})"


class JuryMembersForm(forms.Form):
    members = JurorChoiceField(
        label=_("Juryleden"),
        queryset=User.objects.filter(role=Role.JURY, is_active=True).order_by("full_name", "email"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, jury, **kwargs):
        super().__init__(*args, prefix="leden", **kwargs)
        if "members" not in self.initial and jury.pk is not None:  # a new jury has none yet
            self.initial["members"] = [user.pk for user in jury.members.all()]
        self.helper = _helper("jury:members", jury, _("Jury bewaren"))


class AssignmentModeForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Toewijzing"),
        choices=[
            (MODE_ALL, _("Iedereen beoordeelt alles")),
            (MODE_PER_DOSSIER, _("Een vast aantal juryleden per dossier")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe de dossiers verdeeld worden.")},
    )
    per_dossier = forms.IntegerField(
        label=_("Juryleden per dossier"),
        min_value=1,
        max_value=50,
        required=False,
        help_text=_("Alleen bij een vast aantal: zo verdeeld dat elk jurylid even veel krijgt."),
        error_messages={"min_value": _("Kies minstens één jurylid per dossier.")},
    )

    def __init__(self, *args, jury, **kwargs):
        super().__init__(*args, prefix="toewijzing", **kwargs)
        if jury.reviewers_per_dossier:
            self.initial.setdefault("mode", MODE_PER_DOSSIER)
            self.initial.setdefault("per_dossier", jury.reviewers_per_dossier)
        else:
            self.initial.setdefault("mode", MODE_ALL)
        self.helper = _helper("jury:assignments_generate", jury, _("Toewijzen"))

    def clean(self):
        cleaned = super().clean()
        missing = not cleaned.get("per_dossier") and "per_dossier" not in self.errors
        if cleaned.get("mode") == MODE_PER_DOSSIER and missing:
            self.add_error("per_dossier", _("Geef aan hoeveel juryleden elk dossier krijgt."))
        return cleaned

    @property
    def reviewers_per_dossier(self) -> int | None:
        if self.cleaned_data["mode"] == MODE_ALL:
            return None
        return self.cleaned_data["per_dossier"]


class AssignmentAddForm(forms.Form):
    """One (dossier, juror) pair from the matrix: hidden fields, errors come back as messages."""

    dossier = forms.ModelChoiceField(
        queryset=None, error_messages={"required": _("Kies een dossier.")}
    )
    juror = forms.ModelChoiceField(
        queryset=None, error_messages={"required": _("Kies een jurylid.")}
    )

    def __init__(self, *args, jury, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossier"].queryset = dossiers_to_score(jury)
        self.fields["juror"].queryset = jury.members.all()


class ConflictRecordForm(forms.Form):
    note = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Licht het belangenconflict toe.")},
    )


class JurySettingsForm(forms.Form):
    scoring_deadline = forms.DateTimeField(
        label=_("Uiterste datum beoordeling"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        help_text=_("Leeg laten: geen uiterste datum."),
        error_messages={"invalid": _("Geef een datum en uur op, bv. 15-03-2025 18:00.")},
    )

    def __init__(self, *args, jury, **kwargs):
        super().__init__(*args, prefix="instellingen", **kwargs)
        self.initial.setdefault("scoring_deadline", jury.scoring_deadline)
        self.helper = _helper("jury:settings", jury, _("Bewaren"), css="btn btn-outline-primary")


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Naar fase"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de nieuwe fase.")},
    )
    reason = forms.CharField(
        label=_("Reden (optioneel)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm = forms.BooleanField(
        label=_("Ik bevestig deze fasewijziging: ze verandert wat juryleden kunnen doen."),
        error_messages={"required": _("Vink aan dat u de fasewijziging bevestigt.")},
    )

    def __init__(self, *args, jury, **kwargs):
        super().__init__(*args, prefix="fase", **kwargs)
        # Publishing has its own page (checks, confirmation, emails): never a plain phase move.
        allowed = ALLOWED_PHASES[JuryPhase(jury.phase)] - {JuryPhase.PUBLISHED}
        self.fields["phase"].choices = [(p.value, p.label) for p in JuryPhase if p in allowed]
        self.helper = _helper("jury:phase", jury, _("Fase wijzigen"), css="btn btn-warning")
