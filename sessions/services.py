"""Writes to trajectories: created from selected dossiers, then coached through the year."""

import hashlib
from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Dossier
from jury.enums import Outcome
from plgportal.accounts.enums import Role
from plgportal.accounts.selectors import languages_by_email
from plgportal.outbox.services import email_render_and_queue
from plgportal.urls_absolute import absolute_url
from sessions.enums import MeetingKind
from sessions.indicators.services import indicator_definitions_ensure
from sessions.models import CalendarToken, Meeting, Participant, Trajectory
from sessions.participation import meetings_ahead, school_part
from sessions.selectors import trajectory_with_plan


def user_calendar_token_create(*, user) -> CalendarToken:
    """The private token of the user's own calendar feed, made when they ask for it (the
    calendar page's button); asking again returns the same one.

    Side effects: the user's CalendarToken, the first time.
    """
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def trajectory_create_from_dossier(*, dossier: Dossier) -> Trajectory:
    """The trajectory of a selected dossier (idempotent: an existing one is returned as is).

    Side effects: the trajectory; one participant per delegate of the dossier's schools, active
    from the start of the call's school year; one proposed meeting per planned meeting of the
    dossier (date, start, end after the call's meeting duration, host school and its address);
    the private token of the trajectory's calendar feed (so pages and mails never write one);
    the call's default indicators if it has none yet (indicator_definitions_ensure).
    """
    existing = Trajectory.objects.filter(dossier=dossier).first()
    if existing:
        return existing
    call = dossier.call
    trajectory = Trajectory.objects.create(dossier=dossier)
    indicator_definitions_ensure(call=call)
    CalendarToken.objects.create(trajectory=trajectory)
    schools = list(dossier.schools.prefetch_related("delegates"))
    Participant.objects.bulk_create(
        Participant(
            trajectory=trajectory,
            school=school,
            full_name=delegate.full_name,
            email=delegate.email,
            function=delegate.function,
            active_from=call.school_year_start,
        )
        for school in schools
        for delegate in school.delegates.all()
    )
    Meeting.objects.bulk_create(
        Meeting(
            call=call,
            trajectory=trajectory,
            kind=MeetingKind.PLG,
            position=planned.position,
            date=planned.date,
            start_time=planned.start_time,
            end_time=_end_time(planned.date, planned.start_time, call.meeting_duration),
            host_school=planned.host_school,
            address=school_address(planned.host_school),
        )
        for planned in dossier.meetings.select_related("host_school")
    )
    return trajectory


def _end_time(day, start, duration):
    if day is None or start is None:
        return None
    return (datetime.combine(day, start) + duration).time()


def school_address(school) -> str:
    if school is None:
        return ""
    return f"{school.name}, {school.street}, {school.postcode} {school.city}".strip(", ")


@transaction.atomic
def trajectories_create_for_selected(*, call) -> list[Trajectory]:
    """A trajectory for every dossier of the call decided "selected" (run on publication).

    Side effects: see trajectory_create_from_dossier; dossiers that already have one are left
    alone.
    """
    selected = Dossier.objects.filter(call=call, jury_decision__outcome=Outcome.SELECTED)
    return [trajectory_create_from_dossier(dossier=dossier) for dossier in selected]


@transaction.atomic
def trajectory_assign_coach(*, trajectory: Trajectory, coach) -> Trajectory:
    """Side effects: the trajectory's coach (a user with the coach role, or None to unassign).
    With a coach the trajectory starts: trajectory_welcome_send mails its participants (once
    per address, so a later change of coach mails nobody again), and coach_assigned_mail
    mails the coach (once per trajectory and coach)."""
    if coach is not None and coach.role != Role.COACH:
        raise ValidationError({"coach": _("Kies iemand met de rol coach.")})
    trajectory.coach = coach
    trajectory.save(update_fields=["coach"])
    if coach is not None:
        trajectory_welcome_send(trajectory=trajectory)
        coach_assigned_mail(trajectory=trajectory, coach=coach)
    return trajectory


COACH_ASSIGNED_TEMPLATE = "emails/trajectory_coach_assigned"


def coach_assigned_event_key(*, trajectory_id: int, coach_id: int) -> str:
    """One mail per trajectory and coach, e.g. "trajectory-coach:7:coach-12"."""
    return f"trajectory-coach:{trajectory_id}:coach-{coach_id}"


@transaction.atomic
def coach_assigned_mail(*, trajectory: Trajectory, coach, today: date | None = None):
    """Tell the coach the trajectory is theirs: dossier reference, working title, schools, the
    PLG meetings ahead and the link to the trajectory's page.

    Side effects: one outbox Email to the coach unless this coach was mailed for this
    trajectory before (event key per trajectory and coach), in the coach's language, sent after
    commit.
    """
    today = today or timezone.localdate()
    full = trajectory_with_plan(trajectory.pk)
    return email_render_and_queue(
        to=coach.email,
        template=COACH_ASSIGNED_TEMPLATE,
        context={
            "name": coach.full_name,
            "trajectory": full,
            "dossier": full.dossier,
            "call": full.dossier.call,
            "schools": list(full.dossier.schools.all()),
            "meetings": meetings_ahead(full.meetings.all(), today),
            "trajectory_url": absolute_url("sessions:trajectory_detail", pk=full.pk),
        },
        event_key=coach_assigned_event_key(trajectory_id=full.pk, coach_id=coach.pk),
        language=coach.language,
    )


WELCOME_TEMPLATE = "emails/trajectory_welcome"
EVENT_KEY_MAX = 200  # plgportal.outbox.models.Email.event_key


def welcome_event_key(*, trajectory_id: int, to: str) -> str:
    """One welcome per trajectory and address, e.g. "trajectory-welcome:7:to-an@school.be"."""
    key = f"trajectory-welcome:{trajectory_id}:to-{to.lower()}"
    if len(key) > EVENT_KEY_MAX:  # very long addresses: a digest keeps the key unique
        digest = hashlib.sha256(to.lower().encode()).hexdigest()
        key = f"trajectory-welcome:{trajectory_id}:to-{digest}"
    return key


@transaction.atomic
def trajectory_welcome_send(
    *,
    trajectory: Trajectory,
    participants: Iterable[Participant] | None = None,
    today: date | None = None,
) -> int:
    """Mail the trajectory's essentials to its participants, who mostly have no account: the
    PLG, its coach, the PLG meetings ahead (date and hour in Brussels, host school, address)
    with their school's roles, whether it hosts and whether its preparation is registered, the
    call's joint events ahead, and the private address of the trajectory's calendar feed.

    `participants`: only these (a replacement who just joined); by default everyone not
    replaced. Side effects: one outbox Email per address not welcomed to this trajectory before
    (event key per trajectory and address), in the language of the account with that address
    or the portal's default, sent after commit; the trajectory's calendar token if it had none.
    Returns how many mails were queued or found already queued.
    """
    today = today or timezone.localdate()
    CalendarToken.objects.get_or_create(trajectory_id=trajectory.pk)
    full = trajectory_with_plan(trajectory.pk)
    wanted = {p.pk for p in participants} if participants is not None else None
    people = [
        p
        for p in full.participants.all()
        if (p.pk in wanted if wanted is not None else p.active_until is None)
    ]
    unique: dict[str, Participant] = {}
    for participant in people:  # one mail per address
        unique.setdefault(participant.email.lower(), participant)
    languages = languages_by_email(unique)
    meetings = meetings_ahead(full.meetings.all(), today)
    joint_events = list(
        Meeting.objects.filter(
            call_id=full.dossier.call_id, trajectory__isnull=True, date__gte=today
        ).order_by("date", "start_time", "pk")
    )
    shared = {
        "trajectory": full,
        "dossier": full.dossier,
        "call": full.dossier.call,
        "coach": full.coach if full.coach and full.coach.is_active else None,
        "joint_events": joint_events,
        "calendar_url": absolute_url(
            "sessions:calendar_trajectory", token=full.calendar_token.token
        ),
        "trajectory_url": absolute_url("sessions:trajectory_detail", pk=full.pk),
        "signup_url": absolute_url("account_signup"),
    }
    for address, participant in unique.items():
        email_render_and_queue(
            to=participant.email,
            template=WELCOME_TEMPLATE,
            context={
                **shared,
                "name": participant.full_name,
                "school": participant.school,
                "has_account": address in languages,
                "meetings": [
                    (
                        meeting,
                        school_part(
                            meeting=meeting,
                            school=participant.school,
                            roles=meeting.roles.all(),
                            preparations=meeting.preparations.all(),
                        ),
                    )
                    for meeting in meetings
                ],
            },
            event_key=welcome_event_key(trajectory_id=full.pk, to=participant.email),
            language=languages.get(address, settings.LANGUAGE_CODE),
        )
    return len(unique)
