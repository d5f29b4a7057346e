"""Celery beat fires the reminder task; a real worker (tests/worker.py) runs it through Redis.

Two firings at the same moment (an overlapping or repeated beat) send the reminder once.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from plgportal.accounts.enums import NotificationKind
from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import Email
from plgportal.reminders.models import ReminderRule
from plgportal.reminders.tasks import task_send_due_reminders
from sessions.models import Meeting
from tests.sessions.factories import trajectory_for
from tests.worker import wait_for_runs

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def one_due_meeting_reminder(coach):
    """One PLG meeting a week from today with one active participant; every other reminder
    of the call switched off, so the real clock decides nothing else."""
    trajectory = trajectory_for(coach=coach)
    call = trajectory.dossier.call
    for kind in NotificationKind.values:
        if kind != NotificationKind.MEETING_UPCOMING:
            ReminderRule.objects.create(call=call, kind=kind, enabled=False)
    today = timezone.localdate()
    Meeting.objects.filter(trajectory=trajectory).update(date=None)
    meeting = trajectory.meetings.get(position=1)
    meeting.date = today + timedelta(days=7)
    meeting.save()
    participant, *others = trajectory.participants.order_by("pk")
    trajectory.participants.filter(pk__in=[p.pk for p in others]).update(
        active_until=today - timedelta(days=1)
    )
    return meeting, participant


def test_beat_firing_twice_sends_the_meeting_reminder_once(
    one_due_meeting_reminder, celery_worker, worker_runs
):
    meeting, participant = one_due_meeting_reminder
    task_send_due_reminders.delay()
    task_send_due_reminders.delay()
    # Two reminder runs and one delivery; the database is read only once they are all done.
    wait_for_runs(worker_runs, 3)
    assert sorted(run[2] for run in worker_runs) == ["SUCCESS"] * 3
    [email] = Email.objects.filter(event_key__startswith="reminder:meeting_upcoming:")
    assert Email.objects.count() == 1
    assert email.to == participant.email
    assert email.status == EmailStatus.SENT
    assert f":meeting-{meeting.pk}:{meeting.date.isoformat()}:d7:" in email.event_key
    [message] = mail.outbox
    assert message.to == [participant.email]
    [(filename, content, mimetype)] = message.attachments
    assert filename == "bijeenkomst.ics"
    assert mimetype.startswith("text/calendar")
    assert f"UID:meeting-{meeting.pk}@" in content
