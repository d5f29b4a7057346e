"""Demo dossiers for `seed_demo`: twelve submitted on the 2024 call, a draft on the practice call.

Built directly on the models: the 2024 call is closed, so the applicant services (which enforce
the deadline) cannot be used; statuses still move through dossier_set_status with history.
"""

import io
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from pypdf import PdfWriter

from applications.enums import CollaboratorRole, DelegateFunction, DossierStatus
from applications.models import (
    Collaborator,
    CommitmentConfirmation,
    Delegate,
    Dossier,
    DossierAnswer,
    LetterOfIntent,
    PlannedMeeting,
    School,
)
from applications.services import dossier_set_status
from plgportal.accounts.models import User
from plgportal.calls.call_2024 import BRUSSELS
from plgportal.calls.enums import EducationLevel, EducationNetwork
from plgportal.calls.models import Call

FUNCTIONS = list(DelegateFunction)
NETWORKS = list(EducationNetwork)
LEVELS = [
    EducationLevel.LAGER,
    EducationLevel.SECUNDAIR,
    EducationLevel.KLEUTER,
    EducationLevel.BUITENGEWOON_SECUNDAIR,
    EducationLevel.DKO,
]
CITIES = [
    ("9000", "Gent"),
    ("2000", "Antwerpen"),
    ("3000", "Leuven"),
    ("8000", "Brugge"),
    ("3500", "Hasselt"),
    ("1000", "Brussel"),
    ("2800", "Mechelen"),
    ("9300", "Aalst"),
]
TITLES = [
    "Samen sterk in aanvangsbegeleiding",
    "Werkgeluk meten en verbeteren",
    "Gedeeld leiderschap in de lerarenkamer",
    "Loopbaanpaden voor ervaren leerkrachten",
    "Een warm onthaal voor zij-instromers",
    "Teamteaching als hefboom",
    "HR-beleid vanuit onze missie",
    "Flexibel werken in het onderwijs",
    "Mentoren die blijven",
    "Duurzaam personeelsbeleid over de netten heen",
    "Lerende netwerken voor directies",
    "Talent zien en laten groeien",
]
SCHOOL_KINDS = ("Basisschool", "Atheneum", "Sint-Jozefscollege")
PRACTICE_DRAFT_TITLE = "Oefendossier: samen tegen uitval"


def _blank_pdf() -> bytes:
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return buffer.getvalue()


def _attach_letter(school, owner):
    content = _blank_pdf()
    letter = LetterOfIntent(
        school=school,
        original_name=f"letter-of-intent-{school.institution_number}.pdf",
        size=len(content),
        signer_name=f"Directeur {school.name}",
        signer_function="Directeur",
        uploaded_by=owner,
    )
    letter.file.save(letter.original_name, ContentFile(content), save=False)
    letter.save()


def _school_count(index: int) -> int:
    return (3, 4, 5)[index % 3]


def _build_dossier(*, call, owner, index, title, school_count, complete=True):
    dossier = Dossier.objects.create(call=call, created_by=owner, working_title=title)
    Collaborator.objects.create(
        dossier=dossier, user=owner, email=owner.email, role=CollaboratorRole.CONTACT
    )
    per_school = call.delegates_per_school(school_count) or 2
    schools = []
    for position in range(1, school_count + 1):
        postcode, city = CITIES[(index + position) % len(CITIES)]
        school = School.objects.create(
            dossier=dossier,
            position=position,
            name=f"{SCHOOL_KINDS[position % 3]} {city} {index}",
            institution_number=f"{(index * 10 + position) * 37 % 999999:06d}",
            levels=[LEVELS[(index + position) % len(LEVELS)]],
            network=NETWORKS[(index + position) % len(NETWORKS)],
            street=f"Schoolstraat {position}",
            postcode=postcode,
            city=city,
            recognised=True,
        )
        schools.append(school)
        _attach_letter(school, owner)
        delegates = per_school if complete or position > 1 else per_school - 1
        for number in range(delegates):
            Delegate.objects.create(
                school=school,
                full_name=f"Deelnemer {index}.{position}.{number + 1}",
                email=f"deelnemer{index}.{position}.{number + 1}@school.example",
                function=FUNCTIONS[(number + position) % len(FUNCTIONS)],
            )
    dossier.lead_school = schools[0]
    dossier.contact_function = "Directeur"
    dossier.contact_phone = "09 123 45 67"
    dossier.theme = call.example_themes.all()[index % call.example_themes.count()]
    dossier.save()
    for position in range(1, call.meeting_count + 1):
        day = call.school_year_start + timedelta(days=21 + 45 * position)
        PlannedMeeting.objects.create(
            dossier=dossier,
            position=position,
            date=day,
            start_time=time(13, 30),
            host_school=schools[(position - 1) % len(schools)],
        )
    for criterion in call.criteria.all():
        DossierAnswer.objects.create(
            dossier=dossier,
            criterion=criterion,
            text=f"{criterion.title}: zo pakken de scholen van “{title}” dit aan. "
            * (2 + index % 4),
        )
    commitments = list(call.commitments.all())
    for commitment in commitments if complete else commitments[:-1]:
        CommitmentConfirmation.objects.create(
            dossier=dossier, commitment=commitment, confirmed_by=owner
        )
    return dossier


def _submit_2024(dossier, index, staff):
    submitted = datetime.combine(
        dossier.call.deadline.date() - timedelta(days=12 - index), time(16, 0), BRUSSELS
    )
    dossier.reference = f"{dossier.call.reference_prefix}-{index + 1:03d}"
    dossier.submitted_at = submitted
    dossier.save(update_fields=["reference", "submitted_at"])
    dossier_set_status(dossier=dossier, status=DossierStatus.SUBMITTED, by=dossier.created_by)
    if index == 11:
        dossier_set_status(
            dossier=dossier,
            status=DossierStatus.NOT_ADMISSIBLE,
            by=staff,
            reason="Twee scholen ontbreken een letter of intent na de deadline.",
        )
    else:
        dossier_set_status(dossier=dossier, status=DossierStatus.ADMISSIBLE, by=staff)


@transaction.atomic
def seed_dossiers(*, today) -> None:
    call_2024 = Call.objects.get(slug="plg-2024")
    practice = Call.objects.get(slug="plg-oefenoproep")
    staff = User.objects.get(email="staff@demo.plg")
    director_a = User.objects.get(email="director.a@demo.plg")
    director_b = User.objects.get(email="director.b@demo.plg")
    if not call_2024.dossiers.exists():
        for index, title in enumerate(TITLES):
            owner = director_a if index == 0 else _applicant(index)
            dossier = _build_dossier(
                call=call_2024,
                owner=owner,
                index=index,
                title=title,
                school_count=_school_count(index),
            )
            _submit_2024(dossier, index, staff)
    if not practice.dossiers.filter(created_by=director_b).exists():
        # Two failing criteria: one school sends a delegate too few, one commitment unconfirmed.
        _build_dossier(
            call=practice,
            owner=director_b,
            index=20,
            title=PRACTICE_DRAFT_TITLE,
            school_count=3,
            complete=False,
        )


def _applicant(index: int) -> User:
    email = f"directeur{index:02d}@demo.plg"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=None, full_name=f"Directeur {index:02d}"
        )
    return user
