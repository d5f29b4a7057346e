"""The value every reminder collector returns: one mail to one person, not yet queued."""

import hashlib
from dataclasses import dataclass, field
from datetime import date

from plgportal.outbox.services import Attachment

EVENT_KEY_MAX = 200  # plgportal.outbox.models.Email.event_key


@dataclass(frozen=True)
class Reminder:
    kind: str
    to: str
    template: str
    context: dict
    event_key: str
    attachments: tuple[Attachment, ...] = ()
    # None: the recipient's account decides (or the portal's default language).
    language: str | None = field(default=None)


def reminder_event_key(
    *, kind: str, subject: str, stage: int, to: str, on: date | None = None
) -> str:
    """The outbox event of a reminder, e.g. "reminder:meeting_upcoming:meeting-7:2026-03-10:d7:
    to-an@school.be". The outbox sends one mail per event, so running the scheduler again
    sends nothing twice; `on` (a deadline or meeting day) makes a moved date a new event.
    """
    when = f":{on.isoformat()}" if on else ""
    key = f"reminder:{kind}:{subject}{when}:d{stage}:to-{to.lower()}"
    if len(key) > EVENT_KEY_MAX:  # very long addresses: a digest keeps the key unique
        digest = hashlib.sha256(to.lower().encode()).hexdigest()
        key = f"reminder:{kind}:{subject}{when}:d{stage}:to-{digest}"
    return key


def reminder_to(
    *,
    kind: str,
    to: str,
    name: str,
    subject: str,
    stage: int,
    on: date | None,
    context: dict,
    attachments: tuple[Attachment, ...] = (),
) -> Reminder:
    """The reminder of `kind` at `stage` for `subject` (e.g. "dossier-12"), to one person:
    template `emails/reminder_<kind>`, its event key, and `name` and `days` in the context."""
    return Reminder(
        kind=kind,
        to=to,
        template=f"emails/reminder_{kind}",
        context={"name": name, "days": stage, **context},
        event_key=reminder_event_key(kind=kind, subject=subject, on=on, stage=stage, to=to),
        attachments=attachments,
    )
