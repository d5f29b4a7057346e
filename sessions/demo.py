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
    MeetingKind,
    MeetingRole,
    ProductStage,
    ReportStatus,
)
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
    _joint_events(call)
    for dossier, held in zip(dossiers, HELD_MEETINGS, strict=True):
        trajectory = trajectory_create_from_dossier(dossier=dossier)
        trajectory_assign_coach(trajectory=trajectory, coach=coach)
        for meeting in trajectory.meetings.order_by("position")[:held]:
            _hold(meeting, trajectory)
        if held == 5:
            _report_and_products(trajectory)


def _joint_events(call):
    for kind, day in (
        (MeetingKind.KICKOFF, call.kickoff_window_start + timedelta(days=15)),
        (MeetingKind.CLOSING, call.closing_window_start + timedelta(days=40)),
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
