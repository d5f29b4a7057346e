"""The jury of a call: its members, who scores which dossier, the scores, and the decisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import Dossier
from jury.enums import JuryPhase, Outcome, ReviewStatus
from plgportal.calls.models import Call, SelectionCriterion
from plgportal.history import StatusChange, new_status_field, old_status_field


class Jury(models.Model):
    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="jury")
    phase = models.CharField(_("fase"), max_length=20, choices=JuryPhase, default=JuryPhase.SETUP)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("juryleden"), related_name="juries", blank=True
    )
    scoring_deadline = models.DateTimeField(_("uiterste datum beoordeling"), null=True, blank=True)
    reviewers_per_dossier = models.PositiveSmallIntegerField(
        _("juryleden per dossier"),
        null=True,
        blank=True,
        help_text=_("Leeg: iedereen beoordeelt alle dossiers."),
    )
    published_at = models.DateTimeField(_("resultaten gepubliceerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("jury")
        verbose_name_plural = _("jury's")

    def __str__(self):
        return str(_("Jury van %(call)s") % {"call": self.call})

    @property
    def is_in_setup(self) -> bool:
        return self.phase == JuryPhase.SETUP

    @property
    def is_scoring(self) -> bool:
        return self.phase == JuryPhase.SCORING

    @property
    def is_published(self) -> bool:
        return self.phase == JuryPhase.PUBLISHED

    @property
    def is_setup_open(self) -> bool:
        """Staff may still change its members and assignments: while it is set up or scores."""
        return self.phase in (JuryPhase.SETUP, JuryPhase.SCORING)


class JuryPhaseChange(StatusChange):
    """History of a jury's phase, written by jury.services.jury_set_phase."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="phase_changes")
    old_status = old_status_field(JuryPhase)
    new_status = new_status_field(JuryPhase)

    class Meta(StatusChange.Meta):
        verbose_name = _("fasewijziging")
        verbose_name_plural = _("fasewijzigingen")


class Assignment(models.Model):
    """A juror asked to score a dossier. A declared conflict of interest keeps the row as a
    record but takes the dossier away from the juror."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="assignments")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="assignments")
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # None: not declared yet; the juror sees the dossier only after declaring "no conflict".
    has_conflict = models.BooleanField(_("belangenconflict"), null=True, blank=True)
    conflict_note = models.TextField(_("toelichting belangenconflict"), blank=True)
    conflict_declared_at = models.DateTimeField(null=True, blank=True)
    conflict_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("toewijzing")
        verbose_name_plural = _("toewijzingen")
        ordering = ["dossier__reference", "juror__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "juror"], name="assignment_unique")
        ]

    def __str__(self):
        return f"{self.dossier} – {self.juror}"

    @property
    def is_active(self) -> bool:
        return self.has_conflict is not True


class Review(models.Model):
    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus, default=ReviewStatus.DRAFT
    )
    overall_comment = models.TextField(_("algemene opmerking"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)

    class Meta:
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")

    def __str__(self):
        return str(self.assignment)

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED


class ReviewStatusChange(StatusChange):
    """History of a juror's review of a dossier: submitted by the juror, reopened by staff.
    Written by jury.review.services.review_set_status.

    The subject is the pair (dossier, juror), not the Review row: a review is deleted when a
    conflict of interest surfaces or its assignment is taken away, and its history must outlive
    it. Should the juror be assigned the dossier again, the new review continues this history.
    """

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="review_status_changes"
    )
    # PROTECT: an account whose reviews have a history is kept (as it was by changed_by before).
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("jurylid"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    old_status = old_status_field(ReviewStatus)
    new_status = new_status_field(ReviewStatus)

    class Meta(StatusChange.Meta):
        verbose_name = _("statuswijziging van een beoordeling")
        verbose_name_plural = _("statuswijzigingen van beoordelingen")

    @property
    def subject_label(self) -> str:
        """Whose review the row is about (select_related("juror") avoids a query)."""
        return self.juror.get_full_name()


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(SelectionCriterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    motivation = models.TextField(_("motivering"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="score_unique")]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class Decision(models.Model):
    """The foundation's decision on a dossier after deliberation."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="jury_decision")
    outcome = models.CharField(_("beslissing"), max_length=20, choices=Outcome)
    reserve_rank = models.PositiveSmallIntegerField(
        _("plaats op de reservelijst"), null=True, blank=True
    )
    motivation = models.TextField(_("motivering"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("beslist op"), auto_now=True)
    # What the applicant reads beside the motivation: written by staff (from the jurors'
    # remarks, which never reach the applicant as such), through decision_feedback_edit.
    feedback = models.TextField(_("feedback voor de aanvrager"), blank=True)
    feedback_edited_at = models.DateTimeField(_("feedback bewerkt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("beslissing")
        verbose_name_plural = _("beslissingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="reserve", reserve_rank__isnull=False)
                | (~Q(outcome="reserve") & Q(reserve_rank__isnull=True)),
                name="decision_reserve_rank_only_for_reserve",
            )
        ]

    def __str__(self):
        return f"{self.dossier}: {self.get_outcome_display()}"

    @property
    def is_selected(self) -> bool:
        return self.outcome == Outcome.SELECTED

    @property
    def is_reserve(self) -> bool:
        return self.outcome == Outcome.RESERVE


class DecisionChange(StatusChange):
    """History of the decision on a dossier (its outcome), written by
    jury.deliberation.services.decision_record; `reason` holds the motivation given."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="decision_changes")
    old_status = old_status_field(Outcome, blank=True)  # blank: the first decision
    new_status = new_status_field(Outcome)

    class Meta(StatusChange.Meta):
        verbose_name = _("wijziging van een beslissing")
        verbose_name_plural = _("wijzigingen van beslissingen")


class PublishedFigures(models.Model):
    """A dossier's figures as they were published, written once by
    jury.publication.services.results_publish. After publication, what applicants and staff see
    of the outcome and the ranking reads this row, whatever changes later."""

    dossier = models.OneToOneField(
        Dossier, on_delete=models.CASCADE, related_name="published_figures"
    )
    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="published_figures")
    outcome = models.CharField(_("beslissing"), max_length=20, choices=Outcome)
    reserve_rank = models.PositiveSmallIntegerField(
        _("plaats op de reservelijst"), null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("rang"), null=True, blank=True)
    total = models.DecimalField(
        _("gewogen totaal"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    # One entry per criterion, in the call's order: {"title", "weight", "scale_min",
    # "scale_max", "mean"} (weight and mean as strings, mean None without scores).
    criteria = models.JSONField(_("gemiddelden per criterium"), default=list)
    published_at = models.DateTimeField(_("gepubliceerd op"))

    class Meta:
        verbose_name = _("gepubliceerde cijfers")
        verbose_name_plural = _("gepubliceerde cijfers")
        ordering = ["rank", "dossier__reference", "pk"]

    def __str__(self):
        return f"{self.dossier}: {self.get_outcome_display()}"

    @property
    def is_reserve(self) -> bool:
        return self.outcome == Outcome.RESERVE
