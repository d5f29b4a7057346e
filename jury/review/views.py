"""The juror's pages: declare a conflict of interest, then score the dossier.

An assignment exists, for a user, only when it is theirs and no conflict was declared
(`jury.view_assignment`): anyone else gets 404. What the juror may do there depends on the
jury's phase (jury/rules.py): an action the phase closes answers 403.
"""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from jury import ranking
from jury.models import Assignment, Jury, Review
from jury.review.forms import NO_CONFLICT, AssignmentFilterForm, ConflictDeclareForm, ReviewForm
from jury.review.services import conflict_declare, review_save
from jury.selectors import (
    assignment_list,
    assignment_rows,
    dossier_for_review,
    drafts_to_submit,
    next_unscored_assignment,
    other_reviews,
)
from plgportal.permissions import PermissionRequiredMixin
from plgportal.service_forms import ServiceFormMixin, apply_service_errors


class OwnAssignmentMixin(PermissionRequiredMixin):
    """A page about the signed-in juror's assignment (URL kwarg `pk`). Its juror sees it: a
    page they may not use in this phase answers 403; for anyone else it does not exist (404)."""

    permission_required = "jury.view_assignment"
    visible_permission = "jury.view_assignment"

    @cached_property
    def assignment(self) -> Assignment:
        return get_object_or_404(
            Assignment.objects.select_related("jury__call", "dossier"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.assignment


class ConflictDeclareView(ServiceFormMixin, OwnAssignmentMixin, TemplateView):
    """Before seeing a dossier, the juror says whether they have a conflict of interest. The
    page shows only what that takes: the PLG's title and its schools' names."""

    permission_required = "jury.declare_conflict"
    permission_denied_message = gettext_lazy("In deze fase van de jury kan dat niet.")
    template_name = "jury/review/conflict_declare.html"

    def get_form(self, data=None):
        initial = {}
        if self.assignment.has_conflict is False:
            initial = {"has_conflict": NO_CONFLICT}
        return ConflictDeclareForm(data, action=self.request.path, initial=initial)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(
            assignment=self.assignment,
            dossier=self.assignment.dossier,
            school_names=self.assignment.dossier.schools.values_list("name", flat=True),
            **kwargs,
        )

    def posted_form(self):
        return self.get_form(self.request.POST)

    def call_service(self, form):
        return conflict_declare(
            assignment=self.assignment,
            has_conflict=form.declares_conflict,
            note=form.cleaned_data["note"],
            by=self.request.user,
        )

    def service_succeeded(self, form, assignment):
        return self.declared(assignment)

    def declared(self, assignment):
        if assignment.has_conflict:
            messages.success(
                self.request,
                _(
                    "Uw belangenconflict is genoteerd. U beoordeelt dit dossier niet; "
                    "de Stichting is op de hoogte."
                ),
            )
            return redirect("home")
        messages.success(self.request, _("Genoteerd: geen belangenconflict."))
        return redirect("jury:score", pk=assignment.pk)


ACTION_DRAFT = "draft"
ACTION_SUBMIT = "submit"
ACTION_NEXT = "next"
ACTION_SUBMIT_NEXT = "submit_next"
SUBMITTING = (ACTION_SUBMIT, ACTION_SUBMIT_NEXT)
GOING_ON = (ACTION_NEXT, ACTION_SUBMIT_NEXT)


class ScoreView(ServiceFormMixin, OwnAssignmentMixin, TemplateView):
    """The dossier beside the scoring form. Read-only once submitted or when the phase is not
    scoring; from the deliberation on, the other jurors' submitted scores appear below."""

    template_name = "jury/review/score.html"
    invalid_message = gettext_lazy("Niet bewaard: bekijk de opmerkingen bij de velden.")

    def dispatch(self, request, *args, **kwargs):
        # Not declared yet: the juror first says whether they have a conflict.
        if (
            request.user.is_authenticated
            and self.has_permission()
            and self.assignment.has_conflict is None
        ):
            return redirect("jury:conflict_declare", pk=self.assignment.pk)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def dossier(self):
        return dossier_for_review(self.assignment.dossier_id)

    @cached_property
    def criteria(self):
        return list(self.dossier.call.criteria.all())

    @cached_property
    def review(self) -> Review | None:
        return Review.objects.filter(assignment=self.assignment).prefetch_related("scores").first()

    @cached_property
    def can_score(self) -> bool:
        submitted = self.review is not None and self.review.is_submitted
        return not submitted and self.request.user.has_perm("jury.score", self.assignment)

    def get_form(self, data=None):
        return ReviewForm(
            data, criteria=self.criteria, review=self.review, readonly=not self.can_score
        )

    def running_total(self, form) -> dict:
        criteria = [
            ranking.Criterion(c.pk, c.title, c.weight, c.scale_min, c.scale_max)
            for c in self.criteria
        ]
        values = form.current_values()
        scored = [c for c in criteria if c.id in values]
        total = ranking.review_total(ranking.ReviewInput(self.request.user.pk, values), scored)
        return {
            "value": ranking.display(total),
            "max": ranking.display(ranking.Ranking(tuple(criteria), []).max_total),
            "complete": len(scored) == len(criteria),
        }

    def get_context_data(self, **kwargs):
        form = kwargs.setdefault("form", self.get_form())
        jury = self.assignment.jury
        show_others = self.request.user.has_perm("jury.view_all_scores", jury)
        return super().get_context_data(
            assignment=self.assignment,
            jury=jury,
            dossier=self.dossier,
            review=self.review,
            can_score=self.can_score,
            total=self.running_total(form),
            other_reviews=other_reviews(self.assignment) if show_others else None,
            answers=self.answers(),
            drafts_to_submit=drafts_to_submit(self.assignment),
            **kwargs,
        )

    def answers(self):
        """The dossier's texts in the order of the call's criteria."""
        by_criterion = {answer.criterion_id: answer.text for answer in self.dossier.answers.all()}
        return [(c, by_criterion.get(c.pk, "")) for c in self.criteria]

    def post(self, request, *args, **kwargs):
        if not self.can_score:
            raise PermissionDenied(_("Deze beoordeling kan niet (meer) wijzigen."))
        return super().post(request, *args, **kwargs)

    def posted_form(self):
        return self.get_form(self.request.POST)

    @property
    def action(self) -> str:
        return self.request.POST.get("action", ACTION_DRAFT)

    def form_valid(self, form):
        """A submit first keeps what was typed as a draft, so a refused submit (a missing
        score or motivation) loses nothing: the page comes back with the errors beside the
        fields and says the draft was saved."""
        if self.action in SUBMITTING:
            try:
                with transaction.atomic():
                    self.save_review(form, submit=False)
            except ValidationError as error:
                apply_service_errors(form, error)
                return self.form_invalid(form)
            self.invalid_message = _(
                "Als concept bewaard, maar niet ingediend: bekijk de opmerkingen bij de velden."
            )
        return super().form_valid(form)

    def call_service(self, form):
        self.save_review(form, submit=self.action in SUBMITTING)

    def save_review(self, form, *, submit: bool):
        review_save(
            assignment=self.assignment,
            scores=form.scores(),
            overall_comment=form.cleaned_data["overall_comment"],
            submit=submit,
            by=self.request.user,
        )

    def service_succeeded(self, form, result):
        return self.saved(self.action)

    def saved(self, action):
        if action in SUBMITTING:
            messages.success(self.request, _("Uw beoordeling is ingediend."))
        else:
            messages.success(self.request, _("Uw beoordeling is als concept bewaard."))
        if action not in GOING_ON:
            return redirect("jury:score", pk=self.assignment.pk)
        following = next_unscored_assignment(self.assignment)
        if following is None:
            messages.info(self.request, _("U hebt geen andere dossiers meer te beoordelen."))
            return redirect("home")
        return redirect("jury:score", pk=following.pk)


class MyAssignmentsView(PermissionRequiredMixin, ListView):
    """All of the juror's dossiers in one jury, a page at a time, filtered by status and
    searched by reference or title (the home page shows only the next few to score)."""

    permission_required = "jury.view_own_assignments"
    template_name = "jury/review/my_dossiers.html"
    context_object_name = "assignments"
    paginate_by = 50

    @cached_property
    def jury(self) -> Jury:
        return get_object_or_404(Jury.objects.select_related("call"), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.jury

    @cached_property
    def filter_form(self) -> AssignmentFilterForm:
        return AssignmentFilterForm(self.request.GET)

    def get_queryset(self):
        return assignment_rows(self.request.user, self.jury, **self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assignments = list(context["page_obj"])
        for assignment in assignments:
            assignment.jury = self.jury  # one Jury object for the rows' permissions
        return context | {
            "jury": self.jury,
            "filter_form": self.filter_form,
            "filtered": any(self.filter_form.filters().values()),
            "rows": assignment_list(self.request.user, assignments),
        }
