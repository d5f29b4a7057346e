"""Send the reminders that are due: run by Celery beat every hour."""

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from plgportal.accounts.models import NotificationOptOut, User
from plgportal.accounts.selectors import emails_opted_out, languages_by_email
from plgportal.outbox.models import Email
from plgportal.outbox.services import email_render_and_queue
from plgportal.reminders.models import AddressOptOut
from plgportal.reminders.registry import COLLECTORS
from plgportal.reminders.reminder import Reminder
from plgportal.reminders.selectors import (
    addresses_opted_out,
    calls_with_reminder_rules,
    effective_rule,
)
from plgportal.reminders.unsubscribe import unsubscribe_token
from plgportal.urls_absolute import absolute_url

logger = logging.getLogger(__name__)


def reminders_due(*, now: datetime) -> list[Reminder]:
    """Every reminder due at `now` under each call's rules (asking each registered collector),
    minus the recipients who switched that kind off in their profile. Read-only."""
    due: list[Reminder] = []
    for call in calls_with_reminder_rules():
        for kind, collect in COLLECTORS.items():
            rule = effective_rule(call, kind)
            if rule.enabled:
                due += collect(call=call, days=rule.days, now=now)
    kept = []
    for kind in COLLECTORS:
        of_kind = [r for r in due if r.kind == kind]
        emails = [r.to for r in of_kind]
        opted_out = emails_opted_out(kind=kind, emails=emails) | addresses_opted_out(
            kind=kind, emails=emails
        )
        kept += [r for r in of_kind if r.to.lower() not in opted_out]
    return kept


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Queue every reminder due at `now` (default: now) that was not queued before.

    Side effects: one outbox Email per new reminder, rendered in the recipient's language,
    and its delivery task. A reminder's event key names the object, the date, the stage and
    the recipient, so a second run at any later moment queues nothing twice. Returns how many
    emails were newly queued.
    """
    now = now or timezone.now()
    reminders = {r.event_key: r for r in reminders_due(now=now)}
    # Known events are skipped before rendering: most hourly runs find nothing new.
    queued = set(
        Email.objects.filter(event_key__in=list(reminders)).values_list("event_key", flat=True)
    )
    fresh = [r for key, r in reminders.items() if key not in queued]
    languages = languages_by_email(r.to for r in fresh)
    profile_url = absolute_url("accounts:profile")
    count = 0
    for reminder in fresh:
        try:
            email_render_and_queue(
                to=reminder.to,
                template=reminder.template,
                context={
                    **reminder.context,
                    "profile_url": profile_url,
                    "unsubscribe_url": absolute_url(
                        "reminders:unsubscribe",
                        token=unsubscribe_token(email=reminder.to, kind=reminder.kind),
                    ),
                },
                event_key=reminder.event_key,
                attachments=reminder.attachments,
                language=reminder.language
                or languages.get(reminder.to.lower(), settings.LANGUAGE_CODE),
            )
        except Exception:  # one broken reminder must not hold back the others
            logger.exception("Reminder %s could not be queued", reminder.event_key)
            continue
        count += 1
    return count


@transaction.atomic
def reminder_unsubscribe(*, email: str, kind: str) -> None:
    """Switch reminder `kind` off for `email`, as its link in a reminder asks.

    Side effects: for an address with an account, the same opt-out row its profile writes (so
    the profile shows the switch off); otherwise one AddressOptOut row. Doing it twice changes
    nothing.
    """
    email = email.lower()
    user = User.objects.annotate(address=Lower("email")).filter(address=email).first()
    if user is not None:
        NotificationOptOut.objects.get_or_create(user=user, kind=kind)
    else:
        AddressOptOut.objects.get_or_create(email=email, kind=kind)
