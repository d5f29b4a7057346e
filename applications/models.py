"""The online dossier of one PLG for one call, with its schools, delegates and planning."""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.enums import CollaboratorRole, DelegateFunction, DossierStatus
from plgportal.calls.enums import EducationLevel, EducationNetwork
from plgportal.calls.models import Call, Commitment, ExampleTheme, SelectionCriterion
from plgportal.history import StatusChange, new_status_field, old_status_field


class Dossier(models.Model):
    call = models.ForeignKey(
        Call, verbose_name=_("oproep"), on_delete=models.PROTECT, related_name="dossiers"
    )
    reference = models.CharField(
        _("dossiernummer"), max_length=30, unique=True, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DossierStatus, default=DossierStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        related_name="created_dossiers",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)

    # Section "PLG en contactpersoon"
    working_title = models.CharField(_("werktitel van de PLG"), max_length=200, blank=True)
    contact_function = models.CharField(_("functie contactpersoon"), max_length=100, blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=30, blank=True)
    lead_school = models.ForeignKey(
        "School",
        verbose_name=_("trekkende school"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Section "Thema en motivatie"
    theme = models.ForeignKey(
        ExampleTheme,
        verbose_name=_("thema uit de oproep"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    own_theme = models.CharField(_("eigen thema"), max_length=200, blank=True)

    # Optimistic locking: one counter per section, raised by every save of that section.
    section_versions = models.JSONField(_("versies per sectie"), default=dict, blank=True)
    # Who stored each field's current value, and when: {section: {field: {"by": user pk,
    # "at": ISO time}}}. A co-editor whose change collides with it is shown whose version it is.
    field_saves = models.JSONField(_("laatst bewaard per veld"), default=dict, blank=True)

    admissibility_reason = models.TextField(_("motivering ontvankelijkheid"), blank=True)

    # The eligibility checklist's outcome, kept by applications.checklist.refresh_checklist in
    # every service that changes what the checklist reads: lists filter, sort and export on it
    # without loading every dossier's schools, delegates, letters and texts.
    checklist_ok = models.BooleanField(_("ontvankelijk volgens checklist"), default=False)
    checklist_failing = models.PositiveSmallIntegerField(
        _("aantal criteria niet in orde"), default=0
    )
    # {language code: "label: problems; ..."}: the messages are translated when evaluated.
    checklist_problems = models.JSONField(_("criteria niet in orde"), default=dict, blank=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["call", "reference", "pk"]
        # The staff list's filters and sorts, always within one call.
        indexes = [
            models.Index(fields=["call", "status"], name="dossier_call_status"),
            models.Index(fields=["call", "reference"], name="dossier_call_reference"),
            models.Index(fields=["call", "submitted_at"], name="dossier_call_submitted"),
            models.Index(fields=["call", "checklist_ok"], name="dossier_call_checklist"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reference__isnull=True) | Q(submitted_at__isnull=False),
                name="dossier_reference_only_when_submitted",
            )
        ]

    def __str__(self):
        return self.reference or self.working_title or str(_("Dossier in opmaak"))

    @property
    def is_draft(self) -> bool:
        return self.status == DossierStatus.DRAFT

    @property
    def awaits_decision(self) -> bool:
        """Submitted, not yet declared admissible or not."""
        return self.status == DossierStatus.SUBMITTED

    @property
    def is_not_admissible(self) -> bool:
        return self.status == DossierStatus.NOT_ADMISSIBLE

    @property
    def theme_label(self) -> str:
        return self.own_theme or (self.theme.title if self.theme_id else "")

    def section_version(self, section: str) -> int:
        return int(self.section_versions.get(section, 0))


class School(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="schools")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    name = models.CharField(_("naam van de school"), max_length=200)
    institution_number = models.CharField(
        _("instellingsnummer"), max_length=6, help_text=_("Tot 6 cijfers, bv. 012345.")
    )
    levels = models.JSONField(_("onderwijsniveaus"), default=list)
    network = models.CharField(_("onderwijsnet"), max_length=20, blank=True)
    street = models.CharField(_("straat en nummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    city = models.CharField(_("gemeente"), max_length=100, blank=True)
    recognised = models.BooleanField(
        _("erkend en gesubsidieerd door de Vlaamse overheid"), default=False
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "institution_number"], name="school_unique_in_dossier"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def level_labels(self) -> list[str]:
        return [EducationLevel(code).label for code in self.levels if code in EducationLevel.values]

    @property
    def network_label(self) -> str:
        return (
            EducationNetwork(self.network).label if self.network in EducationNetwork.values else ""
        )

    @property
    def letter_or_none(self):
        """The letter of intent, or None (select_related("letter") avoids a query)."""
        try:
            return self.letter
        except LetterOfIntent.DoesNotExist:
            return None


class Delegate(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="delegates")
    full_name = models.CharField(_("volledige naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"))
    function = models.CharField(_("functie"), max_length=20, choices=DelegateFunction)

    class Meta:
        verbose_name = _("afgevaardigde")
        verbose_name_plural = _("afgevaardigden")
        ordering = ["pk"]

    def __str__(self):
        return self.full_name


def letter_upload_path(instance, filename):
    # Never the uploaded name: it may carry a path or a script extension. Served only by a view.
    return f"letters/{instance.school.dossier_id}/{uuid4().hex}.pdf"


class LetterOfIntent(models.Model):
    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="letter")
    file = models.FileField(_("bestand"), upload_to=letter_upload_path)
    original_name = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=255)
    size = models.PositiveIntegerField(_("grootte in bytes"))
    signer_name = models.CharField(_("ondertekend door"), max_length=150)
    signer_function = models.CharField(_("functie ondertekenaar"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("opgeladen op"), auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("nagekeken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("letter of intent")
        verbose_name_plural = _("letters of intent")

    def __str__(self):
        return self.original_name


class DossierAnswer(models.Model):
    """The dossier's text for one selection criterion of its call."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(SelectionCriterion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("tekst"), blank=True)

    class Meta:
        verbose_name = _("motivatie")
        verbose_name_plural = _("motivaties")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "criterion"], name="answer_unique")
        ]

    def __str__(self):
        return f"{self.dossier} – {self.criterion}"


class PlannedMeeting(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="meetings")
    position = models.PositiveSmallIntegerField(_("bijeenkomst"))
    date = models.DateField(_("datum"), null=True, blank=True)
    start_time = models.TimeField(_("beginuur"), null=True, blank=True)
    host_school = models.ForeignKey(
        School,
        verbose_name=_("gastschool"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_meetings",
    )

    class Meta:
        verbose_name = _("geplande bijeenkomst")
        verbose_name_plural = _("geplande bijeenkomsten")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "position"], name="meeting_unique_position")
        ]

    def __str__(self):
        return _("Bijeenkomst %(n)d") % {"n": self.position}


class CommitmentConfirmation(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="confirmations")
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("bevestigd op"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dossier", "commitment"], name="confirmation_unique")
        ]

    def __str__(self):
        return str(self.commitment)


class Collaborator(models.Model):
    """Someone who may edit the dossier: its contact person, or an invited partner director."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="collaborators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="collaborations",
    )
    email = models.EmailField(_("e-mailadres"))
    role = models.CharField(_("rol"), max_length=10, choices=CollaboratorRole)
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.SET_NULL, related_name="collaborators"
    )
    invited_at = models.DateTimeField(_("uitgenodigd op"), auto_now_add=True)
    final_confirmed_at = models.DateTimeField(_("eindtekst bevestigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("medewerker aan het dossier")
        verbose_name_plural = _("medewerkers aan het dossier")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "email"], name="collaborator_unique_email")
        ]

    def __str__(self):
        return self.email

    @property
    def is_partner(self) -> bool:
        """A partner director (not the contact person, who cannot be removed)."""
        return self.role == CollaboratorRole.PARTNER


class DossierStatusChange(StatusChange):
    """History of a dossier's status, written by applications.services.dossier_set_status."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="status_changes")
    old_status = old_status_field(DossierStatus)
    new_status = new_status_field(DossierStatus)
