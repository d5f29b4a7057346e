"""A call for proposals and everything it fixes, so the next call is configured, not coded."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plgportal.calls.enums import CallPhase, EducationLevel


class Call(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("korte naam"), unique=True)
    reference_prefix = models.CharField(
        _("prefix dossiernummer"),
        max_length=20,
        help_text=_("Dossiernummers worden bv. PLG-2024-007."),
    )
    summary = models.TextField(_("samenvatting"), blank=True)
    opens_at = models.DateTimeField(_("open vanaf"))
    deadline = models.DateTimeField(_("uiterste indiendatum"))
    results_date = models.DateField(_("bekendmaking resultaten"))
    plgs_to_select = models.PositiveSmallIntegerField(
        _("aantal te selecteren PLG's"), validators=[MinValueValidator(1)]
    )
    reserves_to_select = models.PositiveSmallIntegerField(
        _("aantal reserves"),
        null=True,
        blank=True,
        help_text=_("Leeg: geen vast aantal reserves."),
    )
    # Set (once) by the jury when scoring opens: from then on the criteria's weights and scales
    # and the numbers to select no longer change (see plgportal.calls.services).
    ranking_frozen_at = models.DateTimeField(
        _("rangschikking vastgelegd op"), null=True, blank=True, editable=False
    )
    min_schools = models.PositiveSmallIntegerField(
        _("minimum aantal scholen"), validators=[MinValueValidator(1)]
    )
    max_schools = models.PositiveSmallIntegerField(_("maximum aantal scholen"))
    school_year_label = models.CharField(_("schooljaar"), max_length=20)
    school_year_start = models.DateField(_("begin schooljaar"))
    school_year_end = models.DateField(_("einde schooljaar"))
    evaluation_report_due = models.DateField(
        _("evaluatieverslag in te dienen op"),
        null=True,
        blank=True,
        help_text=_("Leeg: het einde van het schooljaar."),
    )
    meeting_count = models.PositiveSmallIntegerField(
        _("aantal PLG-bijeenkomsten"), validators=[MinValueValidator(1)]
    )
    meeting_duration = models.DurationField(_("duur van een bijeenkomst"))
    joint_event_duration = models.DurationField(
        _("duur start- en slotbijeenkomst"), default=timedelta(hours=4)
    )
    kickoff_window_start = models.DateField(_("startbijeenkomst vanaf"))
    kickoff_window_end = models.DateField(_("startbijeenkomst tot"))
    closing_window_start = models.DateField(_("slotbijeenkomst vanaf"))
    closing_window_end = models.DateField(_("slotbijeenkomst tot"))
    eligible_levels = models.JSONField(
        _("toegelaten onderwijsniveaus"),
        default=list,
        help_text=_("Codes uit de lijst van onderwijsniveaus."),
    )

    class Meta:
        verbose_name = _("oproep")
        verbose_name_plural = _("oproepen")
        ordering = ["-deadline"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_schools__lte=F("max_schools")), name="call_school_range"
            ),
            models.CheckConstraint(
                condition=Q(opens_at__lt=F("deadline")), name="call_opens_before_deadline"
            ),
            models.CheckConstraint(
                condition=Q(school_year_start__lt=F("school_year_end")),
                name="call_school_year_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("calls:detail", args=[self.slug])

    def clean(self):
        errors = {}
        unknown = set(self.eligible_levels or []) - set(EducationLevel.values)
        if unknown:
            errors["eligible_levels"] = _("Onbekende onderwijsniveaus: %(codes)s") % {
                "codes": ", ".join(sorted(unknown))
            }
        if self.min_schools and self.max_schools and self.min_schools > self.max_schools:
            errors["max_schools"] = _("Het maximum mag niet kleiner zijn dan het minimum.")
        if self.opens_at and self.deadline and self.opens_at >= self.deadline:
            errors["deadline"] = _("De uiterste datum moet na de opening liggen.")
        if (
            self.school_year_start
            and self.school_year_end
            and self.school_year_start >= self.school_year_end
        ):
            errors["school_year_end"] = _("Het schooljaar moet eindigen na de start.")
        for start, end in (
            ("kickoff_window_start", "kickoff_window_end"),
            ("closing_window_start", "closing_window_end"),
        ):
            if (
                getattr(self, start)
                and getattr(self, end)
                and getattr(self, start) > getattr(self, end)
            ):
                errors[end] = _("Het einde van de periode ligt vóór het begin.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_ranking_frozen(self) -> bool:
        return self.ranking_frozen_at is not None

    @property
    def closes_at(self) -> datetime:
        """The first moment the call no longer accepts dossiers.

        The deadline's whole last second belongs to the applicant: a deadline of 23:59:59
        closes at 00:00:00 the next day, so a submit at 23:59:59.5 is on time. The one rule
        for "too late" (`phase`, `is_closed_at`, `calls.selectors`, the dossier services).
        """
        return self.deadline.astimezone(UTC).replace(microsecond=0) + timedelta(seconds=1)

    def is_closed_at(self, moment: datetime) -> bool:
        return moment >= self.closes_at

    def phase(self, now=None) -> CallPhase:
        now = now or timezone.now()
        if now < self.opens_at:
            return CallPhase.UPCOMING
        if not self.is_closed_at(now):
            return CallPhase.OPEN
        return CallPhase.CLOSED

    @property
    def report_due_date(self) -> date:
        """The day the trajectories' evaluation reports are due."""
        return self.evaluation_report_due or self.school_year_end

    @property
    def is_open(self) -> bool:
        return self.phase() == CallPhase.OPEN

    @property
    def is_upcoming(self) -> bool:
        return self.phase() == CallPhase.UPCOMING

    @property
    def eligible_level_labels(self) -> list[str]:
        return [
            EducationLevel(code).label
            for code in self.eligible_levels
            if code in EducationLevel.values
        ]

    @property
    def meeting_hours(self) -> float:
        return self.meeting_duration.total_seconds() / 3600

    def delegates_per_school(self, school_count: int) -> int | None:
        """Delegates each school sends for a PLG of `school_count` schools (prefetch quotas)."""
        for quota in self.delegate_quotas.all():
            if quota.school_count == school_count:
                return quota.delegates_per_school
        return None


class DelegateQuota(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="delegate_quotas")
    school_count = models.PositiveSmallIntegerField(_("aantal scholen in de PLG"))
    delegates_per_school = models.PositiveSmallIntegerField(
        _("afgevaardigden per school"), validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("afvaardigingsregel")
        verbose_name_plural = _("afvaardigingsregels")
        ordering = ["school_count"]
        constraints = [
            models.UniqueConstraint(fields=["call", "school_count"], name="quota_unique_count")
        ]

    def __str__(self):
        return _("%(schools)d scholen: %(delegates)d per school") % {
            "schools": self.school_count,
            "delegates": self.delegates_per_school,
        }


class OrderedCallItem(models.Model):
    """Shared shape of the call's ordered lists (commitments, themes, criteria)."""

    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Commitment(OrderedCallItem):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="commitments")

    class Meta(OrderedCallItem.Meta):
        verbose_name = _("engagement")
        verbose_name_plural = _("engagementen")


class ExampleTheme(OrderedCallItem):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="example_themes")

    class Meta(OrderedCallItem.Meta):
        verbose_name = _("voorbeeldthema")
        verbose_name_plural = _("voorbeeldthema's")


class SelectionCriterion(OrderedCallItem):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    weight = models.DecimalField(
        _("gewicht"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    scale_min = models.PositiveSmallIntegerField(_("laagste score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("hoogste score"), default=5)
    answer_max_chars = models.PositiveIntegerField(
        _("maximum aantal tekens in het dossier"), default=3000
    )

    class Meta(OrderedCallItem.Meta):
        verbose_name = _("selectiecriterium")
        verbose_name_plural = _("selectiecriteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_min__lt=F("scale_max")), name="criterion_scale_order"
            )
        ]
