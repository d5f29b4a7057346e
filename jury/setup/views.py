"""Staff set up the jury of a call on one page: members, assignment of the admissible dossiers,
load per juror, conflicts of interest, the scoring deadline and the jury's phase. Each form posts
to its own view; on bad input the page comes back with the errors and everything typed."""

from abc import ABCMeta, abstractmethod
from dataclasses import dataclass
from functools import cached_property

import rules
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View

from jury.enums import JuryPhase
from jury.models import Assignment, Jury
from jury.services import jury_for_call, jury_set_phase
from jury.setup.forms import (
    AssignmentAddForm,
    AssignmentModeForm,
    ConflictRecordForm,
    JuryMembersForm,
    JurySettingsForm,
    PhaseForm,
)
from jury.setup.services import (
    assignment_add,
    assignment_remove,
    assignments_generate,
    conflict_record,
    dossiers_to_score,
    jury_set_members,
    jury_set_scoring_deadline,
)
from plgportal.calls.models import Call
from plgportal.permissions import PermissionRequiredMixin
from plgportal.service_forms import ServiceFormMixin, show_refusal


@dataclass
class Cell:
    juror: object
    assignment: Assignment | None

    @cached_property
    def review(self):
        try:
            return self.assignment.review if self.assignment else None
        except ObjectDoesNotExist:
            return None

    @property
    def submitted(self) -> bool:
        return self.review is not None and self.review.is_submitted


@dataclass
class AssignmentGridRow:
    dossier: object
    cells: list[Cell]


@dataclass
class JurorLoad:
    juror: object
    assigned: int = 0  # without conflict
    conflicts: int = 0
    scored: int = 0


def setup_overview(jury: Jury, members: list) -> tuple[list[AssignmentGridRow], list[JurorLoad]]:
    """The admissible dossiers × members matrix and each member's load, in two queries."""
    dossiers = list(dossiers_to_score(jury).order_by("reference", "pk"))
    assignments = list(jury.assignments.select_related("review")) if jury.pk else []
    by_pair = {(a.dossier_id, a.juror_id): a for a in assignments}
    rows = [
        AssignmentGridRow(
            dossier=dossier,
            cells=[Cell(juror, by_pair.get((dossier.pk, juror.pk))) for juror in members],
        )
        for dossier in dossiers
    ]
    loads = {juror.pk: JurorLoad(juror=juror) for juror in members}
    for assignment in assignments:
        load = loads.get(assignment.juror_id)
        if load is None:
            continue
        if assignment.has_conflict:
            load.conflicts += 1
            continue
        load.assigned += 1
        if Cell(juror=None, assignment=assignment).submitted:
            load.scored += 1
    return rows, list(loads.values())


class JurySetupMixin(PermissionRequiredMixin):
    """The jury of the call with URL kwarg `slug`; staff only (403, or the login page)."""

    permission_required = "jury.manage"

    @cached_property
    def call(self):
        return get_object_or_404(Call, slug=self.kwargs["slug"])

    @cached_property
    def _existing_jury(self):
        return Jury.objects.filter(call=self.call).first()

    @cached_property
    def jury(self):
        """The call's jury. Reading the page writes nothing: without a jury, a GET shows a new,
        unsaved one (set-up phase, no members); the first form posted creates it."""
        if self._existing_jury is not None:
            return self._existing_jury
        if self.request.method == "POST":
            return jury_for_call(self.call)
        return Jury(call=self.call)

    def setup_url(self, anchor=""):
        return reverse("jury:setup", args=[self.call.slug]) + (f"#{anchor}" if anchor else "")


class JurySetupView(JurySetupMixin, TemplateView):
    template_name = "jury/setup/page.html"

    def get_context_data(self, **forms):
        jury = self.jury
        jury.call = self.call
        saved = jury.pk is not None
        members = list(jury.members.order_by("full_name", "email")) if saved else []
        rows, loads = setup_overview(jury, members)
        member_pks = [member.pk for member in members]
        return super().get_context_data(
            call=self.call,
            jury=jury,
            members=members,
            rows=rows,
            loads=loads,
            editable=rules.has_perm("jury.edit_setup", self.request.user, jury),
            history=list(jury.phase_changes.select_related("changed_by")) if saved else [],
            members_form=forms.pop("members_form", None)
            or JuryMembersForm(jury=jury, initial={"members": member_pks}),
            mode_form=forms.pop("mode_form", None) or AssignmentModeForm(jury=jury),
            settings_form=forms.pop("settings_form", None) or JurySettingsForm(jury=jury),
            phase_form=forms.pop("phase_form", None) or PhaseForm(jury=jury),
            **forms,
        )


class SetupFormView(ServiceFormMixin, JurySetupView, metaclass=ABCMeta):
    """POST one form of the page: on success back to the page with a message, otherwise the
    page again with the form's errors (as `form_context_name`)."""

    http_method_names = ["post"]
    form_class: type
    form_context_name: str
    anchor = ""

    def get_form(self):
        return self.form_class(self.request.POST, jury=self.jury)

    def get_success_url(self):
        return self.setup_url(self.anchor)

    @abstractmethod
    def call_service(self, form) -> str:
        """Call the service; return the success message."""


class JuryMembersView(SetupFormView):
    form_class = JuryMembersForm
    form_context_name = "members_form"
    anchor = "juryleden"

    def call_service(self, form):
        jury_set_members(jury=self.jury, members=form.cleaned_data["members"], by=self.request.user)
        count = len(form.cleaned_data["members"])
        return ngettext(
            "De jury telt nu %(count)d lid.", "De jury telt nu %(count)d leden.", count
        ) % {"count": count}


class AssignmentsGenerateView(SetupFormView):
    form_class = AssignmentModeForm
    form_context_name = "mode_form"
    anchor = "toewijzingen"

    def call_service(self, form):
        result = assignments_generate(
            jury=self.jury, per_dossier=form.reviewers_per_dossier, by=self.request.user
        )
        message = ngettext(
            "%(count)d toewijzing toegevoegd.", "%(count)d toewijzingen toegevoegd.", result.created
        ) % {"count": result.created}
        if result.short:
            message += " " + _(
                "Te weinig juryleden zonder belangenconflict voor: %(dossiers)s."
            ) % {"dossiers": ", ".join(result.short)}
        return message


class JurySettingsView(SetupFormView):
    form_class = JurySettingsForm
    form_context_name = "settings_form"
    anchor = "fase"

    def call_service(self, form):
        jury_set_scoring_deadline(
            jury=self.jury,
            scoring_deadline=form.cleaned_data["scoring_deadline"],
            by=self.request.user,
        )
        return _("De uiterste datum voor de beoordeling is bewaard.")


class JuryPhaseView(SetupFormView):
    form_class = PhaseForm
    form_context_name = "phase_form"
    anchor = "fase"

    def call_service(self, form):
        phase = JuryPhase(form.cleaned_data["phase"])
        jury_set_phase(
            jury=self.jury, phase=phase, by=self.request.user, reason=form.cleaned_data["reason"]
        )
        return _("De jury is nu in de fase “%(phase)s”.") % {"phase": phase.label}


class AssignmentAddView(JurySetupMixin, View):
    """One pair from the matrix; refusals come back as a message on the page."""

    http_method_names = ["post"]

    def post(self, request, slug):
        form = AssignmentAddForm(request.POST, jury=self.jury)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(self.setup_url("toewijzingen"))
        dossier, juror = form.cleaned_data["dossier"], form.cleaned_data["juror"]
        try:
            assignment_add(jury=self.jury, dossier=dossier, juror=juror, by=request.user)
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(
                request,
                _("%(juror)s beoordeelt nu dossier %(dossier)s.")
                % {"juror": juror.get_full_name(), "dossier": dossier},
            )
        return redirect(self.setup_url("toewijzingen"))


class AssignmentSetupMixin(JurySetupMixin):
    """An assignment (URL kwarg `pk`) of a jury, for staff."""

    @cached_property
    def assignment(self):
        return get_object_or_404(
            Assignment.objects.select_related("jury__call", "juror", "dossier"),
            pk=self.kwargs["pk"],
        )

    @cached_property
    def call(self):
        return self.assignment.jury.call

    @cached_property
    def _existing_jury(self):
        return self.assignment.jury


class AssignmentRemoveView(AssignmentSetupMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        assignment = self.assignment
        try:
            assignment_remove(assignment=assignment, by=request.user)
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(
                request,
                _("%(juror)s beoordeelt dossier %(dossier)s niet meer.")
                % {"juror": assignment.juror.get_full_name(), "dossier": assignment.dossier},
            )
        return redirect(self.setup_url("toewijzingen"))


class ConflictRecordView(AssignmentSetupMixin, SetupFormView):
    form_class = ConflictRecordForm
    form_context_name = "conflict_form"
    anchor = "toewijzingen"

    def get_form(self):
        return self.form_class(self.request.POST, prefix=f"conflict-{self.assignment.pk}")

    def get_context_data(self, **forms):
        return super().get_context_data(conflict_pk=self.assignment.pk, **forms)

    def call_service(self, form):
        conflict_record(
            assignment=self.assignment, note=form.cleaned_data["note"], by=self.request.user
        )
        message = _("Belangenconflict geregistreerd: %(juror)s ziet dossier %(dossier)s niet meer.")
        return message % {
            "juror": self.assignment.juror.get_full_name(),
            "dossier": self.assignment.dossier,
        }
