"""Letters of intent: the services that upload, check and chase them.

A letter is accepted only when its content is a real, readable, unencrypted PDF without active
content (`plgportal.uploads.inspect_pdf`); the name and content type the browser sent are never
trusted. Files are stored under app-generated names (see `models.letter_upload_path`) below
MEDIA_ROOT and served only by a permission-checked view.
"""

from functools import partial

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from applications.checklist import refresh_checklist
from applications.enums import DelegateFunction
from applications.models import Dossier, LetterOfIntent, School
from applications.services import dossier_ensure_editable
from plgportal.accounts.selectors import languages_by_email
from plgportal.outbox.services import email_render_and_queue
from plgportal.uploads import MAX_UPLOAD_BYTES, Inspection, inspect_pdf

MAX_LETTER_BYTES = MAX_UPLOAD_BYTES
DEFAULT_DOWNLOAD_NAME = "letter-of-intent.pdf"


def _too_large() -> Inspection:
    return Inspection(
        False,
        _("Het bestand is groter dan %(mb)d MB.") % {"mb": MAX_LETTER_BYTES // (1024 * 1024)},
    )


def download_name(letter: LetterOfIntent) -> str:
    """The original name, made safe for a Content-Disposition header, always ending in .pdf."""
    try:
        name = get_valid_filename(letter.original_name)
    except SuspiciousFileOperation:
        return DEFAULT_DOWNLOAD_NAME
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return f"{stem[:100]}.pdf" if stem.strip("._-") else DEFAULT_DOWNLOAD_NAME


def _original_name(uploaded_file) -> str:
    name = (getattr(uploaded_file, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:255] or DEFAULT_DOWNLOAD_NAME


def _read_and_inspect(uploaded_file) -> tuple[bytes, Inspection]:
    # Refuse by the declared size first: no need to read 2 GB to say it is too large.
    if uploaded_file is None:
        return b"", Inspection(False, _("Kies een PDF-bestand."))
    if (uploaded_file.size or 0) > MAX_LETTER_BYTES:
        return b"", _too_large()
    uploaded_file.seek(0)
    data = uploaded_file.read(MAX_LETTER_BYTES + 1)
    return data, inspect_pdf(data)


@transaction.atomic
def letter_upload(
    *, school: School, user, uploaded_file, signer_name: str, signer_function: str
) -> LetterOfIntent:
    """Store `uploaded_file` as the school's letter of intent, replacing any previous one.

    Refused (ValidationError, by field) when the dossier is no longer editable (DossierLocked),
    the file is not an acceptable PDF (see `inspect_pdf`) or a signer field is empty.
    Side effects: the dossier row is locked; the file is written under a generated name; the
    letter row records signer, uploader, original name, size and upload time, and loses any
    staff check (a new file needs a new check); the replaced file is deleted after commit; the
    dossier's stored checklist outcome is refreshed.
    """
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=school.dossier_id)
    )
    dossier_ensure_editable(dossier)
    signer_name, signer_function = signer_name.strip(), signer_function.strip()
    data, inspection = _read_and_inspect(uploaded_file)
    errors = {}
    if not inspection.ok:
        errors["file"] = inspection.reason
    if not signer_name:
        errors["signer_name"] = _("Vul de naam van de ondertekenaar in.")
    if not signer_function:
        errors["signer_function"] = _("Vul de functie van de ondertekenaar in.")
    if errors:
        raise ValidationError(errors)

    letter = LetterOfIntent.objects.filter(school=school).first() or LetterOfIntent(school=school)
    old_name = letter.file.name if letter.pk else None
    letter.original_name = _original_name(uploaded_file)
    letter.size = len(data)
    letter.signer_name = signer_name
    letter.signer_function = signer_function
    letter.uploaded_by = user
    letter.uploaded_at = timezone.now()
    letter.checked_by = None
    letter.checked_at = None
    letter.full_clean(exclude=["file", "school"])
    # The name given here is ignored: upload_to generates letters/<dossier>/<uuid>.pdf.
    letter.file.save("letter.pdf", ContentFile(data), save=False)
    new_name = letter.file.name
    storage = letter.file.storage
    try:
        letter.save()
    except Exception:
        storage.delete(new_name)
        raise
    refresh_checklist(dossier)
    if old_name:
        # Only once the new row is committed: a rollback must leave the old letter intact.
        transaction.on_commit(partial(storage.delete, old_name), robust=True)
    return letter


@transaction.atomic
def letter_mark_checked(*, letter: LetterOfIntent, by, checked: bool = True) -> LetterOfIntent:
    """Record that foundation staff checked this letter (or withdraw that check).

    Side effects: checked_by and checked_at set to `by` and now, or both cleared.
    """
    letter.checked_by = by if checked else None
    letter.checked_at = timezone.now() if checked else None
    letter.save(update_fields=["checked_by", "checked_at"])
    return letter


def reminder_recipients(school: School) -> list[tuple[str, str]]:
    """(email, name) of whom to remind: the school's invited collaborators, or else its
    delegates with function director. Without duplicate addresses."""
    people = [
        (c.email, c.user.get_short_name() if c.user_id else "")
        for c in school.collaborators.select_related("user").order_by("pk")
    ]
    if not people:
        people = [
            (d.email, d.full_name)
            for d in school.delegates.filter(function=DelegateFunction.DIRECTOR).order_by("pk")
        ]
    unique = {}
    for email, name in people:
        unique.setdefault(email.lower(), (email, name))
    return list(unique.values())


@transaction.atomic
def letter_send_reminder(*, school: School, by) -> int:
    """Remind a partner school to upload its letter of intent; return how many were sent.

    Refused (ValidationError) when the dossier is no longer editable, the letter is already
    there, or the school has nobody to remind. Side effects: one queued email (outbox, sent
    after commit, in the recipient's language) per recipient of `reminder_recipients`, at most
    one per recipient and school a day.
    """
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=school.dossier_id)
    )
    dossier_ensure_editable(dossier)
    if LetterOfIntent.objects.filter(school=school).exists():
        raise ValidationError(
            _("%(school)s heeft de letter of intent al opgeladen.") % {"school": school.name}
        )
    recipients = reminder_recipients(school)
    if not recipients:
        raise ValidationError(
            _(
                "%(school)s heeft nog geen uitgenodigde directeur of afgevaardigde met de "
                "functie directeur: voeg die eerst toe."
            )
            % {"school": school.name}
        )
    letters_url = settings.SITE_URL + reverse(
        "applications:dossier_section_letters", kwargs={"pk": dossier.pk}
    )
    languages = languages_by_email(email for email, _name in recipients)
    today = timezone.localdate().isoformat()
    for email, name in recipients:
        email_render_and_queue(
            to=email,
            template="emails/letter_reminder",
            context={
                "name": name,
                "school": school,
                "dossier": dossier,
                "sender": by,
                "letters_url": letters_url,
                "deadline": dossier.call.deadline,
            },
            # A second click the same day (or a double submit) reminds nobody twice.
            event_key=f"letter-reminder:{school.pk}:{email.lower()}:{today}",
            language=languages.get(email.lower(), settings.LANGUAGE_CODE),
        )
    return len(recipients)
