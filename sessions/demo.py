"""Demo trajectories for `seed_demo`: three 2024 dossiers coached by coach.1@demo.plg.

One has held all five meetings and submitted its evaluation report, one is half-way (three of
five held), one is just planned. They are made from admissible dossiers directly rather than
through the publication of the results, because the demo leaves the jury's deliberation open
for staff to try; built on the models because the meeting dates lie in the past.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from applications.enums import DossierStatus
from applications.models import Dossier
from plgportal.accounts.models import User
from plgportal.calls.models import Call
from sessions.enums import (
    AttendanceStatus,
    IndicatorMoment,
    MeetingKind,
    MeetingRole,
    ProductStage,
    ReportStatus,
)
from sessions.feedback.selectors import quotable_lines
from sessions.feedback.services import (
    feedback_answer_save,
    feedback_quotes_save,
    feedback_requests_open,
)
from sessions.indicators.figures import STARTERS, STARTERS_LEFT
from sessions.indicators.services import indicator_record_save
from sessions.models import (
    Attendance,
    EvaluationReport,
    Meeting,
    Minutes,
    Preparation,
    Product,
    RoleTaken,
)
from sessions.services import trajectory_assign_coach, trajectory_create_from_dossier

HELD_MEETINGS = (5, 3, 0)  # per demo trajectory, in reference order
ROLES = (MeetingRole.HOST, MeetingRole.PROCESS_COACH, MeetingRole.REPORTER)
# What the demo's participants answer after a meeting (sessions.feedback): a few the same way,
# so the overview shows both nameless lines and a named group of three or more.
LEARNED = (
    "Hoe we een startende collega het eerste jaar kunnen begeleiden.",
    "Dat een korte bevraging veel zegt over de werkdruk.",
    "Samen lezen geeft een gedeelde taal.",
    "Samen lezen geeft een gedeelde taal.",
    "Hoe andere scholen feedbackgesprekken voeren.",
)
TRIED = (
    "Een meter of meterschap voor elke nieuwe collega.",
    "De bevraging bij ons team afnemen.",
    "Een kort leesmoment op de personeelsvergadering.",
    "Het onthaalboekje herschrijven.",
)
SOURCES = [
    ("Leergemeenschappen creëren in onderwijs", "Schelfhout e.a. (2019)"),
    ("Professional Learning Communities", "Stoll & Seashore Louis (2007)"),
    ("Collectief leren via samenwerking met externe professionals", "De Smet e.a. (2019)"),
]


@transaction.atomic
def seed_trajectories(*, today: date) -> None:
    call = Call.objects.get(slug="plg-2024")
    if Meeting.objects.filter(call=call, trajectory__isnull=False).exists():
        return
    coach = User.objects.get(email="coach.1@demo.plg")
    dossiers = Dossier.objects.filter(call=call, status=DossierStatus.ADMISSIBLE).order_by(
        "reference"
    )[:3]
    closing_day = _joint_events(call)
    for dossier, held in zip(dossiers, HELD_MEETINGS, strict=True):
        trajectory = trajectory_create_from_dossier(dossier=dossier)
        trajectory_assign_coach(trajectory=trajectory, coach=coach)
        _record_indicators(trajectory, today=today, after=held == 5 and closing_day <= today)
        for meeting in trajectory.meetings.order_by("position")[:held]:
            _hold(meeting, trajectory)
            _answer_questionnaires(meeting)
        if held == 5:
            lines = quotable_lines(trajectory)  # quoted before the report is submitted
            feedback_quotes_save(
                trajectory=trajectory, answer_ids=[lines[0].pk, lines[-1].pk] if lines else []
            )
            _report_and_products(trajectory)


def _joint_events(call) -> date:
    """The call's kick-off and closing event, held; returns the closing event's day."""
    closing_day = call.closing_window_start + timedelta(days=40)
    for kind, day in (
        (MeetingKind.KICKOFF, call.kickoff_window_start + timedelta(days=15)),
        (MeetingKind.CLOSING, closing_day),
    ):
        Meeting.objects.get_or_create(
            call=call,
            kind=kind,
            trajectory=None,
            defaults={
                "date": day,
                "start_time": time(9, 0),
                "end_time": time(13, 0),
                "address": "Koning Boudewijnstichting, Brederodestraat 21, 1000 Brussel",
                "agenda": "Inspiratie, kennismaking tussen de PLG's en uitwisseling.",
                "held": True,
            },
        )
    return closing_day


def _record_indicators(trajectory, *, today: date, after: bool) -> None:
    """Every school's indicators at the kick-off, and after the closing event for a finished
    trajectory: fewer starters leave, and the policies the PLG worked on are in place."""
    now = timezone.make_aware(datetime.combine(today, time(12, 0)))
    schools = trajectory.dossier.schools.order_by("position")
    for number, school in enumerate(schools):
        started = 6 + 2 * number
        indicator_record_save(
            school=school,
            moment=IndicatorMoment.BEFORE,
            now=now,
            values={
                STARTERS: started,
                STARTERS_LEFT: 3 + number % 2,
                "absence_days": 140 + 25 * number if number % 2 == 0 else None,
                "induction_policy": number == 0,
                "career_policy": False,
                "policy_change": "Een mentor voor elke starter en loopbaangesprekken invoeren.",
            },
        )
        if after:
            indicator_record_save(
                school=school,
                moment=IndicatorMoment.AFTER,
                now=now,
                values={
                    STARTERS: started + 2,
                    STARTERS_LEFT: 1,
                    "absence_days": 110 + 20 * number if number % 2 == 0 else None,
                    "induction_policy": True,
                    "career_policy": number != 1,
                    "policy_change": (
                        "Elke starter heeft een mentor; loopbaangesprekken na het eerste jaar."
                    ),
                },
            )


def _hold(meeting, trajectory):
    meeting.held = True
    meeting.agenda = "Terugblik, kennisdeling, uitwerking van het prototype, afspraken."
    meeting.save(update_fields=["held", "agenda"])
    schools = list(trajectory.dossier.schools.all())
    for index, participant in enumerate(trajectory.participants.all()):
        status = AttendanceStatus.PRESENT
        if (index + meeting.position) % 7 == 0:
            status = AttendanceStatus.EXCUSED
        elif (index + meeting.position) % 11 == 0:
            status = AttendanceStatus.ABSENT
        Attendance.objects.create(
            meeting=meeting,
            participant=participant,
            status=status,
            note="Ziek" if status == AttendanceStatus.EXCUSED else "",
        )
    for offset, role in enumerate(ROLES):
        RoleTaken.objects.create(
            meeting=meeting, school=schools[(meeting.position + offset) % len(schools)], role=role
        )
    for index, school in enumerate(schools):
        if (meeting.position + index) % 5 == 4:
            continue  # one missing preparation now and then, so the flags show
        title, author = SOURCES[(meeting.position + index) % len(SOURCES)]
        Preparation.objects.create(
            meeting=meeting,
            school=school,
            source_title=title,
            source_author=author,
            data_collected="Korte bevraging bij het team over werkdruk en steun.",
        )
    Minutes.objects.create(
        meeting=meeting,
        text="We deelden wat we in onze scholen uitprobeerden en bespraken de kennisbronnen.",
        decisions="Elke school test het prototype bij twee nieuwe collega's.",
        next_steps="Bevindingen verzamelen tegen de volgende bijeenkomst.",
    )


def _answer_questionnaires(meeting):
    """The questionnaires of those present, three in four answered."""
    requests = feedback_requests_open(meeting=meeting)
    questions = list(meeting.call.feedback_questions.order_by("position", "pk"))
    for index, request in enumerate(requests):
        if index % 4 == 3:
            continue  # not answered (yet): the reminder goes out to them
        given = {}
        for question in questions:
            if question.kind == "score":
                given[question.pk] = 5 - (index + meeting.position + question.position) % 3
            elif question.level == 2:
                given[question.pk] = LEARNED[(index + meeting.position) % len(LEARNED)]
            elif question.level == 4:
                given[question.pk] = TRIED[(index * 3 + meeting.position) % len(TRIED)]
            else:
                given[question.pk] = "Graag meer tijd voor uitwisseling." if index == 1 else ""
        feedback_answer_save(request=request, answers=given)


def _report_and_products(trajectory):
    for school in trajectory.dossier.schools.all():
        Product.objects.create(
            trajectory=trajectory,
            school=school,
            title=f"Onthaalmap voor nieuwe leerkrachten ({school.city})",
            description="Een onthaalmap met checklist, meter-peterschap en terugkommomenten.",
            stage=ProductStage.TESTED,
            test_findings="Nieuwe collega's voelen zich sneller thuis; de checklist werd korter.",
        )
    submitted = timezone.make_aware(datetime(2026, 6, 20, 16, 0))  # in Europe/Brussels
    EvaluationReport.objects.create(
        trajectory=trajectory,
        status=ReportStatus.SUBMITTED,
        reactions="De deelnemers waardeerden de structuur en de inbreng van de andere scholen.",
        learning="We leerden hoe we een PLG-sessie voorbereiden met een kennisbron en data.",
        organisation="De directies maakten tijd vrij; het schoolbestuur volgt het project op.",
        practice="De onthaalmap wordt in alle scholen gebruikt.",
        effects="Te vroeg om effecten op het verloop te meten; de eerste signalen zijn goed.",
        retention_link="Een warm onthaal houdt startende leerkrachten langer aan boord.",
        anchoring="De PLG komt volgend schooljaar drie keer samen zonder begeleiding.",
        recommendations="Voorzie een vervolgmoment een jaar na de slotbijeenkomst.",
        submitted_at=submitted,
    )
