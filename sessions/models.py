"""The coached trajectory of a selected PLG: its participants, meetings and what they produce."""

import secrets
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.enums import DelegateFunction
from applications.models import Dossier, School
from plgportal.calls.models import Call
from plgportal.history import StatusChange, new_status_field, old_status_field
from sessions.enums import (
    AttendanceStatus,
    FeedbackQuestionKind,
    GuskeyLevel,
    IndicatorKind,
    IndicatorMoment,
    MeetingKind,
    MeetingRole,
    ProductStage,
    ReportStatus,
    TrajectoryChangeAction,
)


class Trajectory(models.Model):
    """A selected dossier, followed through the school year by its coach."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="trajectory")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coached_trajectories",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["dossier__reference"]

    def __str__(self):
        return str(self.dossier)


class Participant(models.Model):
    """A delegate of one of the PLG's schools. A replacement ends one participant and starts
    another, so past attendance stays with the person who attended."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="participants"
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="participants")
    full_name = models.CharField(_("volledige naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"))
    function = models.CharField(_("functie"), max_length=20, blank=True)
    active_from = models.DateField(_("deelnemer vanaf"), null=True, blank=True)
    active_until = models.DateField(_("deelnemer tot"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("vervangt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["school__position", "full_name"]

    def __str__(self):
        return self.full_name

    @property
    def function_label(self) -> str:
        """The delegate function's Dutch (or French) label; a free-text function as typed."""
        if self.function in DelegateFunction.values:
            return DelegateFunction(self.function).label
        return self.function


def preparation_file_path(instance, filename: str) -> str:
    return f"preparations/{instance.meeting_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def product_attachment_path(instance, filename: str) -> str:
    return f"products/{instance.trajectory_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Meeting(models.Model):
    """A PLG meeting of one trajectory, or a joint event (kick-off, closing) of the call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="meetings")
    trajectory = models.ForeignKey(
        Trajectory, null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=MeetingKind, default=MeetingKind.PLG)
    position = models.PositiveSmallIntegerField(_("volgnummer"), default=0)
    date = models.DateField(_("datum"), null=True, blank=True)
    start_time = models.TimeField(_("begin"), null=True, blank=True)
    end_time = models.TimeField(_("einde"), null=True, blank=True)
    host_school = models.ForeignKey(
        School,
        verbose_name=_("gastschool"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_sessions",
    )
    address = models.CharField(_("adres"), max_length=255, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    held = models.BooleanField(_("gehouden"), default=False)

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["date", "start_time", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="plg", trajectory__isnull=False)
                | (~Q(kind="plg") & Q(trajectory__isnull=True)),
                name="meeting_plg_has_trajectory_joint_has_none",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.position or ''}".strip()

    @property
    def is_plg_meeting(self) -> bool:
        """A meeting of the PLG itself (hosted by a school), not a joint event of the call."""
        return self.kind == MeetingKind.PLG


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("aanwezigheid"), max_length=10, choices=AttendanceStatus)
    note = models.CharField(_("opmerking"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheden")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participant"], name="attendance_unique")
        ]

    def __str__(self):
        return f"{self.participant}: {self.get_status_display()}"


class RoleTaken(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="roles")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="roles_taken")
    role = models.CharField(_("rol"), max_length=20, choices=MeetingRole)

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "school", "role"], name="role_unique")
        ]

    def __str__(self):
        return f"{self.school}: {self.get_role_display()}"


class Preparation(models.Model):
    """How a school prepared a meeting: a knowledge source studied and/or data collected."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="preparations")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="preparations")
    source_title = models.CharField(_("kennisbron: titel"), max_length=255, blank=True)
    source_author = models.CharField(_("kennisbron: auteur"), max_length=255, blank=True)
    source_link = models.URLField(_("kennisbron: link"), blank=True)
    data_collected = models.TextField(_("verzamelde data"), blank=True)
    source_file = models.FileField(
        _("kennisbron: bestand"), upload_to=preparation_file_path, blank=True
    )
    source_file_name = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("voorbereiding")
        verbose_name_plural = _("voorbereidingen")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "school"], name="preparation_unique")
        ]

    def __str__(self):
        return f"{self.school} – {self.meeting}"


class Minutes(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("verslag"), blank=True)
    decisions = models.TextField(_("beslissingen"), blank=True)
    next_steps = models.TextField(_("volgende stappen"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("verslag")
        verbose_name_plural = _("verslagen")

    def __str__(self):
        return str(self.meeting)


class Product(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="products")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.SET_NULL, related_name="products"
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    stage = models.CharField(_("stadium"), max_length=10, choices=ProductStage)
    test_findings = models.TextField(_("bevindingen van de test"), blank=True)
    attachment = models.FileField(_("bijlage"), upload_to=product_attachment_path, blank=True)
    attachment_name = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("producten")

    def __str__(self):
        return self.title


# Its writers may still change the report: as a draft, or when staff asked for changes.
REPORT_EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED)


class EvaluationReport(models.Model):
    """The evaluation report in the foundation's template, along Guskey's five levels."""

    trajectory = models.OneToOneField(Trajectory, on_delete=models.CASCADE, related_name="report")
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus, default=ReportStatus.DRAFT
    )
    reactions = models.TextField(_("reacties van de deelnemers"), blank=True)
    learning = models.TextField(_("wat de deelnemers leerden"), blank=True)
    organisation = models.TextField(_("steun en verandering in de organisatie"), blank=True)
    practice = models.TextField(_("gebruik in de praktijk"), blank=True)
    effects = models.TextField(_("effect op leerkrachten en leerlingen"), blank=True)
    retention_link = models.TextField(_("link met het behoud van leerkrachten"), blank=True)
    anchoring = models.TextField(_("verankering na de begeleiding"), blank=True)
    recommendations = models.TextField(_("aanbevelingen aan de Stichting"), blank=True)
    staff_comments = models.TextField(_("opmerkingen van de Stichting"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("evaluatieverslag")
        verbose_name_plural = _("evaluatieverslagen")

    def __str__(self):
        return str(self.trajectory)

    @property
    def is_editable(self) -> bool:
        return self.status in REPORT_EDITABLE_STATUSES

    @property
    def awaits_decision(self) -> bool:
        """Submitted by its writers, not yet approved or sent back by staff."""
        return self.status == ReportStatus.SUBMITTED


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The private credential in a calendar feed's address (calendar clients cannot sign in):
    one per user (all their meetings) or per trajectory (its meetings)."""

    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    trajectory = models.OneToOneField(
        Trajectory,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agendatoken")
        verbose_name_plural = _("agendatokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, trajectory__isnull=True)
                | Q(user__isnull=True, trajectory__isnull=False),
                name="calendar_token_user_or_trajectory",
            )
        ]

    def __str__(self):
        return str(self.user or self.trajectory)


class ReportStatusChange(StatusChange):
    """History of an evaluation report: who moved it where, when and why. Written by
    sessions.report.services.report_set_status; `reason` holds staff's comments."""

    report = models.ForeignKey(
        EvaluationReport, on_delete=models.CASCADE, related_name="status_changes"
    )
    old_status = old_status_field(ReportStatus)
    new_status = new_status_field(ReportStatus)

    class Meta(StatusChange.Meta):
        verbose_name = _("statuswijziging van een verslag")
        verbose_name_plural = _("statuswijzigingen van verslagen")


class TrajectoryChange(models.Model):
    """History of what was taken back in a trajectory: a PLG meeting or a product removed, by
    whom and when. Written by sessions.trajectories.planning.meeting_remove and
    sessions.report.services.product_remove; shown to the coach and staff on the trajectory
    page. `subject` keeps what the removed row was called (the meeting's number, the product's
    title), as the row itself is gone."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(_("wijziging"), max_length=20, choices=TrajectoryChangeAction)
    subject = models.CharField(_("onderwerp"), max_length=255)
    # SET_NULL: deleting an account must not erase, nor be blocked by, what it once did.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("wijziging van een traject")
        verbose_name_plural = _("wijzigingen van trajecten")

    def __str__(self):
        return self.description

    @property
    def description(self) -> str:
        """What happened, in a sentence: "Bijeenkomst 6 verwijderd"."""
        if self.action == TrajectoryChangeAction.MEETING_REMOVED:
            return gettext("Bijeenkomst %(number)s verwijderd") % {"number": self.subject}
        return gettext("Product “%(title)s” verwijderd") % {"title": self.subject}


class FeedbackQuestion(models.Model):
    """A question of the short questionnaire participants get after each meeting. Data on the
    call, edited by staff in the admin; a copied call copies them (sessions.feedback.services).
    `level` says which of Guskey's levels the answers feed in the evaluation report."""

    call = models.ForeignKey(
        Call,
        verbose_name=_("oproep"),
        on_delete=models.CASCADE,
        related_name="feedback_questions",
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    kind = models.CharField(_("soort"), max_length=10, choices=FeedbackQuestionKind)
    level = models.PositiveSmallIntegerField(
        _("niveau van Guskey"), choices=GuskeyLevel, null=True, blank=True
    )
    text = models.CharField(_("vraag"), max_length=255)
    required = models.BooleanField(_("verplicht"), default=True)

    class Meta:
        verbose_name = _("vraag na een bijeenkomst")
        verbose_name_plural = _("vragen na een bijeenkomst")
        ordering = ["call", "position", "pk"]

    def __str__(self):
        return self.text

    @property
    def is_score(self) -> bool:
        return self.kind == FeedbackQuestionKind.SCORE


class FeedbackRequest(models.Model):
    """The questionnaire one participant gets about one meeting they attended: opened when the
    coach records them present, mailed once the meeting is over (sessions.feedback), answered
    through the signed link until `closes_at`, changeable until then."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="feedback_requests"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback_requests")
    opens_at = models.DateTimeField(_("verstuurd vanaf"))
    closes_at = models.DateTimeField(_("sluit op"))
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("vragenlijst na een bijeenkomst")
        verbose_name_plural = _("vragenlijsten na een bijeenkomst")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "meeting"], name="feedback_request_unique"
            )
        ]

    def __str__(self):
        return f"{self.participant} – {self.meeting}"

    def is_open_at(self, moment) -> bool:
        return self.closes_at > moment

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class FeedbackAnswer(models.Model):
    """One answer to one question: a score (1-5) or a text. `quoted` marks a line the coach
    chose to quote in the evaluation report."""

    request = models.ForeignKey(FeedbackRequest, on_delete=models.CASCADE, related_name="answers")
    # PROTECT: answers keep their question; staff cannot delete a question that was answered.
    question = models.ForeignKey(FeedbackQuestion, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    text = models.TextField(_("antwoord"), blank=True)
    quoted = models.BooleanField(_("geciteerd in het verslag"), default=False)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["request", "question"], name="feedback_answer_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="feedback_answer_score_1_to_5",
            ),
        ]

    def __str__(self):
        return str(self.score) if self.score is not None else self.text[:50]


class IndicatorDefinition(models.Model):
    """One indicator schools record at the start and after the closing event (Guskey levels 3
    and 5: the school's policy and its teachers' retention). Data on the call, edited by staff
    in the admin; a copied call copies them (sessions.indicators.services). `code` names the
    indicator for the figures (sessions.indicators.figures: "starters", "starters_left")."""

    call = models.ForeignKey(
        Call,
        verbose_name=_("oproep"),
        on_delete=models.CASCADE,
        related_name="indicator_definitions",
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("soort"), max_length=10, choices=IndicatorKind)
    label = models.CharField(_("vraag"), max_length=255)
    help_text = models.CharField(_("toelichting"), max_length=255, blank=True)
    required = models.BooleanField(_("verplicht"), default=True)

    class Meta:
        verbose_name = _("indicator van een school")
        verbose_name_plural = _("indicatoren van een school")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="indicator_definition_code")
        ]

    def __str__(self):
        return self.label


class IndicatorRecord(models.Model):
    """A school's indicators at one moment (before or after): one per school and moment,
    filled in through the signed link in the mail or by a signed-in contact person or
    delegate of the school, changeable afterwards (sessions.indicators.services)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="indicator_records")
    moment = models.CharField(_("moment"), max_length=10, choices=IndicatorMoment)
    filled_in_at = models.DateTimeField(_("ingevuld op"))
    updated_at = models.DateTimeField(_("laatst gewijzigd op"))
    # SET_NULL: deleting an account must not erase what a school recorded. None: by the link.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("indicatoren van een school")
        verbose_name_plural = _("indicatoren van scholen")
        constraints = [
            models.UniqueConstraint(fields=["school", "moment"], name="indicator_record_unique")
        ]

    def __str__(self):
        return f"{self.school} – {self.get_moment_display()}"


class IndicatorValue(models.Model):
    """One indicator's value in a record: a number, yes/no or a text, as its kind says."""

    record = models.ForeignKey(IndicatorRecord, on_delete=models.CASCADE, related_name="values")
    # PROTECT: a value keeps its definition; staff cannot delete an indicator that was answered.
    definition = models.ForeignKey(
        IndicatorDefinition, on_delete=models.PROTECT, related_name="values"
    )
    number = models.PositiveIntegerField(_("aantal"), null=True, blank=True)
    yes_no = models.BooleanField(_("ja of nee"), null=True, blank=True)
    text = models.TextField(_("tekst"), blank=True)

    class Meta:
        verbose_name = _("waarde van een indicator")
        verbose_name_plural = _("waarden van indicatoren")
        constraints = [
            models.UniqueConstraint(fields=["record", "definition"], name="indicator_value_unique")
        ]

    def __str__(self):
        return f"{self.definition}: {self.value}"

    @property
    def value(self) -> int | bool | str | None:
        """The value its definition's kind holds (select_related definition)."""
        if self.definition.kind == IndicatorKind.NUMBER:
            return self.number
        if self.definition.kind == IndicatorKind.YES_NO:
            return self.yes_no
        return self.text
