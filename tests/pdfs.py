"""Demo-sized data for the PDF tests and a reader that opens a rendered PDF the way a user
(and a screen reader) meets it: text per page, catalog language, title, embedded fonts."""

import io
from dataclasses import dataclass
from datetime import time, timedelta

from django.utils import timezone
from pypdf import PdfReader

from applications.selectors import dossiers_full
from applications.services import dossier_submit
from jury.deliberation.selectors import ranking_data
from jury.deliberation.services import decision_record
from jury.enums import JuryPhase, Outcome
from jury.models import Jury
from sessions.enums import AttendanceStatus, MeetingRole, ProductStage, ReportStatus
from sessions.guards import REPORT_TEXT_FIELDS
from sessions.models import Attendance, EvaluationReport, Preparation, Product, RoleTaken
from tests.factories import UserFactory, eligible_dossier
from tests.jury.factories import admissible_dossier, submitted_review
from tests.sessions.factories import trajectory_for

FOUNDATION = "Koning Boudewijnstichting"
SHIPPED_FONT = "PLG-Sans"  # the @font-face family of templates/pdf/base.html

PARAGRAPH = (
    "In onze professionele leergemeenschap komen leerkrachten en directies van vijf scholen "
    "samen om het onthaal en de begeleiding van startende leerkrachten te verbeteren. We "
    "verzamelen gegevens in elke school, bespreken ze samen met de coach en toetsen nieuwe "
    "afspraken in de klaspraktijk, zodat wat werkt ook na de begeleiding blijft bestaan."
)


def long_text(paragraphs: int = 3) -> str:
    return "\n\n".join(PARAGRAPH for _ in range(paragraphs))


@dataclass
class RenderedPdf:
    pages: list[str]  # each page's text, whitespace collapsed
    lang: str
    title: str
    author: str
    fonts: set[str]  # BaseFont names without the subset prefix
    landscape: bool

    @property
    def text(self) -> str:
        return " ".join(self.pages)


def read_pdf(data: bytes) -> RenderedPdf:
    reader = PdfReader(io.BytesIO(data))
    fonts = set()
    for page in reader.pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    first = reader.pages[0].mediabox
    return RenderedPdf(
        pages=[" ".join(page.extract_text().split()) for page in reader.pages],
        lang=str(reader.trailer["/Root"].get("/Lang", "")),
        title=reader.metadata.title or "",
        author=reader.metadata.author or "",
        fonts=fonts,
        landscape=first.width > first.height,
    )


def demo_dossier(**kwargs):
    """A submitted dossier of five schools with full texts, as dossier_pdf receives it."""
    dossier = eligible_dossier(schools=5, working_title="Samen sterk voor starters", **kwargs)
    dossier.contact_function = "Directeur"
    dossier.contact_phone = "09 123 45 67"
    dossier.save(update_fields=["contact_function", "contact_phone"])
    dossier.answers.update(text=long_text(4))
    dossier = dossier_submit(dossier=dossier, user=dossier.created_by)
    return dossiers_full().get(pk=dossier.pk)


def demo_ranking(*, staff):
    """Twelve admissible dossiers on one call, three jurors each, in deliberation, with a
    selected dossier, a reserve and one dossier still missing a review."""
    jurors = UserFactory.create_batch(3, role="jury")
    first = admissible_dossier(by=staff, working_title="Ranking dossier 1")
    call = first.call
    dossiers = [first] + [
        admissible_dossier(by=staff, call=call, working_title=f"Ranking dossier {n}")
        for n in range(2, 13)
    ]
    for index, dossier in enumerate(dossiers):
        for offset, juror in enumerate(jurors):
            if index == 11 and offset == 2:
                continue  # the last dossier waits for its third review: "onvolledig"
            value = 1 + (index + offset) % 5
            submitted_review(dossier=dossier, juror=juror, values=[value, 5 - value // 2, 3, 4])
    jury = Jury.objects.get(call=call)
    jury.assignments.create(dossier=dossiers[11], juror=jurors[2], has_conflict=False)
    jury.phase = JuryPhase.DELIBERATION
    jury.save(update_fields=["phase"])
    jury.members.add(*jurors)
    decision_record(
        dossier=dossiers[3],
        outcome=Outcome.SELECTED,
        reserve_rank=None,
        motivation="Sterk.",
        by=staff,
    )
    decision_record(
        dossier=dossiers[4], outcome=Outcome.RESERVE, reserve_rank=1, motivation="", by=staff
    )
    return ranking_data(jury), dossiers


def demo_trajectory(*, coach):
    """A trajectory of five schools whose five meetings were all held, with attendance (one
    participant excused now and then, one absent), roles, preparations with sources, three
    products and a submitted evaluation report with every section written."""
    dossier = eligible_dossier(schools=5, working_title="Samen sterk voor starters")
    dossier = dossier_submit(dossier=dossier, user=dossier.created_by)
    trajectory = trajectory_for(dossier=dossier, coach=coach)
    schools = list(dossier.schools.order_by("position"))
    participants = list(trajectory.participants.order_by("pk"))
    for index, meeting in enumerate(trajectory.meetings.order_by("position")):
        meeting.held, meeting.start_time, meeting.end_time = True, time(14), time(16, 30)
        meeting.address = "Schoolstraat 1, 9000 Gent"
        meeting.save(update_fields=["held", "start_time", "end_time", "address"])
        for number, participant in enumerate(participants):
            status = AttendanceStatus.PRESENT
            if number == index:
                status = AttendanceStatus.EXCUSED
            elif number == len(participants) - 1 and index % 2:
                status = AttendanceStatus.ABSENT
            Attendance.objects.create(meeting=meeting, participant=participant, status=status)
        RoleTaken.objects.create(meeting=meeting, school=schools[index], role=MeetingRole.HOST)
        RoleTaken.objects.create(
            meeting=meeting, school=schools[(index + 1) % 5], role=MeetingRole.REPORTER
        )
        for school in schools[:3]:
            Preparation.objects.create(
                meeting=meeting,
                school=school,
                source_title=f"Kennisbron {index + 1} van {school.name}",
                source_author="Stoll",
            )
    for number, stage in enumerate(ProductStage.values):
        Product.objects.create(
            trajectory=trajectory,
            school=schools[number],
            title=f"Onthaalbrochure {number + 1}",
            stage=stage,
            test_findings=PARAGRAPH if stage == ProductStage.TESTED else "",
        )
    EvaluationReport.objects.create(
        trajectory=trajectory,
        status=ReportStatus.SUBMITTED,
        submitted_at=timezone.now() - timedelta(days=1),
        **{name: long_text(2) for name in REPORT_TEXT_FIELDS},
    )
    return trajectory
