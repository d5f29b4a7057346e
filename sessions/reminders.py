"""Reminders of the trajectories: meetings coming up, minutes still missing after a meeting,
the evaluation report as its due date comes near, and the participants' questionnaire after a
meeting (with one reminder to those who did not answer)."""

from collections import defaultdict
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch, Q

from applications.contacts import Contact, dossier_contacts, unique_contacts
from plgportal.accounts.enums import NotificationKind
from plgportal.calls.models import Call
from plgportal.outbox.services import Attachment
from plgportal.reminders.reminder import Reminder, reminder_to
from plgportal.reminders.schedule import (
    LATE_LIMIT_DAYS,
    day_end,
    due_stage,
    due_stage_after,
    local_day,
    moment_of,
)
from plgportal.urls_absolute import absolute_url
from sessions.calendar.feeds import calendar_text, meeting_event
from sessions.enums import MeetingKind, MeetingRole
from sessions.feedback.tokens import questionnaire_token
from sessions.meetings.services import participants_active_on
from sessions.models import (
    REPORT_EDITABLE_STATUSES,
    FeedbackRequest,
    Meeting,
    Participant,
    RoleTaken,
    Trajectory,
)
from sessions.participation import SchoolPart, school_part

ICS_MIMETYPE = "text/calendar"


def meeting_invitation(meeting: Meeting, now: datetime) -> Attachment:
    """The meeting as an iCalendar file, with the UID of the calendar feeds (so a client that
    also subscribes to the feed updates one event instead of showing two)."""
    host = urlsplit(settings.SITE_URL).hostname or "plgportal"
    event = meeting_event(meeting, host)
    text = calendar_text(name=event.summary, events=[event], now=now)
    return Attachment(filename="bijeenkomst.ics", content=text.encode(), mimetype=ICS_MIMETYPE)


def _meeting_reminder(
    *,
    kind: str,
    meeting: Meeting,
    stage: int,
    to: Contact,
    action_url: str,
    context: dict | None = None,
    attachments: tuple[Attachment, ...] = (),
) -> Reminder:
    """A reminder about `meeting` (before or after it): one event per meeting and day, with the
    meeting, its start and `action_url` in the context, plus `context`."""
    return reminder_to(
        kind=kind,
        to=to.email,
        name=to.name,
        subject=f"meeting-{meeting.pk}",
        stage=stage,
        on=meeting.date,
        context={
            "meeting": meeting,
            "starts": moment_of(meeting.date, meeting.start_time),
            "action_url": action_url,
            **(context or {}),
        },
        attachments=attachments,
    )


def meeting_upcoming_reminders(*, call: Call, days, now: datetime) -> list[Reminder]:
    """Participants active on the meeting's day, N days before each dated meeting: the PLG
    meetings of their trajectory and the call's joint events; with the .ics invitation, their
    school's roles and preparation (PLG meetings) and their trajectory's calendar feed."""
    today = local_day(now)
    meetings = (
        Meeting.objects.filter(call=call, date__gte=today, date__lte=today + timedelta(max(days)))
        .select_related("call", "trajectory__dossier", "host_school")
        .prefetch_related("roles", "preparations")
        .order_by("date", "start_time", "pk")
    )
    stages = {
        meeting: due_stage(days=days, moment=moment_of(meeting.date, meeting.start_time), now=now)
        for meeting in meetings
    }
    due = [(meeting, stage) for meeting, stage in stages.items() if stage is not None]
    if not due:
        return []
    by_trajectory = defaultdict(list)
    participants = (
        Participant.objects.filter(trajectory__dossier__call=call)
        .select_related("school", "trajectory__calendar_token")
        .order_by("pk")
    )
    for participant in participants:
        by_trajectory[participant.trajectory_id].append(participant)
    kind = NotificationKind.MEETING_UPCOMING
    reminders = []
    for meeting, stage in due:
        if meeting.trajectory_id:
            people = by_trajectory[meeting.trajectory_id]
        else:  # a joint event: everyone of the call
            people = [p for group in by_trajectory.values() for p in group]
        people = unique_contacts(participants_active_on(people, meeting.date))
        if not people:
            continue
        invitation = meeting_invitation(meeting, now)
        for participant in people:
            reminders.append(
                _meeting_reminder(
                    kind=kind,
                    meeting=meeting,
                    stage=stage,
                    to=Contact(participant.email, participant.full_name),
                    action_url=_meeting_url(meeting, participant.trajectory_id),
                    context={
                        "part": _school_part(meeting, participant),
                        "calendar_url": _calendar_url(participant.trajectory),
                    },
                    attachments=(invitation,),
                )
            )
    return reminders


def _school_part(meeting: Meeting, participant: Participant) -> SchoolPart | None:
    """The participant's school's roles, hosting and preparation at a PLG meeting."""
    if not meeting.trajectory_id:
        return None
    return school_part(
        meeting=meeting,
        school=participant.school,
        roles=meeting.roles.all(),
        preparations=meeting.preparations.all(),
    )


def _calendar_url(trajectory: Trajectory) -> str:
    """The trajectory's private feed (every trajectory is created with its token)."""
    token = getattr(trajectory, "calendar_token", None)
    return absolute_url("sessions:calendar_trajectory", token=token.token) if token else ""


def _meeting_url(meeting: Meeting, trajectory_id: int) -> str:
    if meeting.trajectory_id:
        return absolute_url(
            "sessions:meeting_detail", pk=meeting.trajectory_id, meeting_pk=meeting.pk
        )
    return absolute_url("sessions:trajectory_detail", pk=trajectory_id)


def meeting_reporters(meeting: Meeting, today: date) -> list:
    """Who is asked for the minutes: the participants, active today, of the schools that took
    the reporter role at the meeting (the people sessions.write_minutes lets write them, see
    sessions.rules.is_meeting_reporter); the coach when none. Prefetch `roles` (reporter ones)
    and `trajectory__participants`, select `trajectory__coach`."""
    schools = {role.school_id for role in meeting.roles.all() if role.role == MeetingRole.REPORTER}
    reporters = unique_contacts(
        p
        for p in meeting.trajectory.participants.all()
        if p.school_id in schools and (p.active_until is None or p.active_until >= today)
    )
    if reporters:
        return [Contact(p.email, p.full_name) for p in reporters]
    coach = meeting.trajectory.coach
    return [Contact(coach.email, coach.full_name)] if coach and coach.is_active else []


def minutes_missing_reminders(*, call: Call, days, now: datetime) -> list[Reminder]:
    """The meeting's reporter, N days after a PLG meeting that has no minutes yet."""
    today = local_day(now)
    meetings = (
        Meeting.objects.filter(
            call=call,
            kind=MeetingKind.PLG,
            date__lt=today,
            date__gte=today - timedelta(max(days) + LATE_LIMIT_DAYS),
        )
        .filter(
            Q(minutes__isnull=True)
            | Q(minutes__text="", minutes__decisions="", minutes__next_steps="")
        )
        .select_related("trajectory__dossier", "trajectory__coach")
        .prefetch_related(
            Prefetch("roles", queryset=RoleTaken.objects.filter(role=MeetingRole.REPORTER)),
            "trajectory__participants",
        )
        .order_by("date", "pk")
    )
    kind = NotificationKind.MINUTES_MISSING
    reminders = []
    for meeting in meetings:
        stage = due_stage_after(days=days, day=meeting.date, now=now)
        if stage is None:
            continue
        for contact in meeting_reporters(meeting, today):
            reminders.append(
                _meeting_reminder(
                    kind=kind,
                    meeting=meeting,
                    stage=stage,
                    to=contact,
                    action_url=absolute_url(
                        "sessions:meeting_minutes", pk=meeting.trajectory_id, meeting_pk=meeting.pk
                    ),
                )
            )
    return reminders


def report_due_reminders(*, call: Call, days, now: datetime) -> list[Reminder]:
    """The coach and the dossier's contact persons, N days before the evaluation report is
    due, while it is neither submitted nor approved."""
    due_day = call.report_due_date
    stage = due_stage(days=days, moment=day_end(due_day), now=now)
    if stage is None:
        return []
    trajectories = (
        Trajectory.objects.filter(dossier__call=call)
        .filter(Q(report__isnull=True) | Q(report__status__in=REPORT_EDITABLE_STATUSES))
        .select_related("coach", "dossier__created_by")
        .prefetch_related("dossier__collaborators__user")
        .order_by("pk")
    )
    kind = NotificationKind.REPORT_DUE
    reminders = []
    for trajectory in trajectories:
        contacts = dossier_contacts(trajectory.dossier)
        coach = trajectory.coach
        if coach and coach.is_active:
            contacts.insert(0, Contact(coach.email, coach.full_name))
        for contact in unique_contacts(contacts):
            reminders.append(
                reminder_to(
                    kind=kind,
                    to=contact.email,
                    name=contact.name,
                    subject=f"trajectory-{trajectory.pk}",
                    stage=stage,
                    on=due_day,
                    context={
                        "trajectory": trajectory,
                        "dossier": trajectory.dossier,
                        "due_date": due_day,
                        "action_url": absolute_url("sessions:trajectory_report", pk=trajectory.pk),
                    },
                )
            )
    return reminders


def feedback_stage(*, days, opens_at: datetime, now: datetime) -> int:
    """0 for the questionnaire itself; N for the reminder N days after it was due to go out,
    once reached (the latest reached counts: a reminder is never sent twice)."""
    reached = [n for n in days if now >= opens_at + timedelta(days=n)]
    return max(reached, default=0)


def feedback_request_reminders(*, call: Call, days, now: datetime) -> list[Reminder]:
    """Every participant recorded present at a meeting of the call (PLG meeting or joint
    event) gets its questionnaire once the meeting is over (sessions.feedback), and, while it
    is open and unanswered, one reminder N days later. One outbox event per questionnaire and
    stage, so each goes out once; the link is the same in both."""
    requests = (
        FeedbackRequest.objects.filter(
            meeting__call=call, opens_at__lte=now, closes_at__gt=now, answered_at__isnull=True
        )
        .select_related("participant", "meeting__trajectory__dossier")
        .order_by("pk")
    )
    kind = NotificationKind.FEEDBACK_REQUEST
    return [
        reminder_to(
            kind=kind,
            to=request.participant.email,
            name=request.participant.full_name,
            subject=f"feedback-{request.pk}",
            stage=feedback_stage(days=days, opens_at=request.opens_at, now=now),
            on=request.meeting.date,
            context={
                "meeting": request.meeting,
                "closes_at": request.closes_at,
                "action_url": absolute_url(
                    "sessions:feedback_questionnaire", token=questionnaire_token(request.pk)
                ),
            },
        )
        for request in requests
    ]
