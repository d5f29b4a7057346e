"""Demo dossiers for `seed_demo`: twelve submitted on the 2024 call, a draft on the practice call.

Built directly on the models: the 2024 call is closed, so the applicant services (which enforce
the deadline) cannot be used; statuses still move through dossier_set_status with history.
"""

import io
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from pypdf import PdfWriter

from applications.checklist import refresh_checklist
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
# Schools named as Flemish schools are, each with the levels its name implies, its network and
# a plausible address with its town's postcode; grouped by region: each demo PLG takes neighbours.
Level, Network = EducationLevel, EducationNetwork
KO, LS, SO = Level.KLEUTER, Level.LAGER, Level.SECUNDAIR
DKO, CVO = Level.DKO, Level.SECUNDAIR_VOLWASSENEN
BUBAO, BUSO = Level.BUITENGEWOON_BASIS, Level.BUITENGEWOON_SECUNDAIR
GO, KATH, OVSG = Network.GO, Network.KATHOLIEK, Network.OVSG
POV, INDEP = Network.POV, Network.INDEPENDENT
SCHOOLS = [
    # name, levels, network, street, postcode, town
    ("Sint-Lodewijkscollege", [SO], KATH, "Magdalenastraat 30", "8200", "Brugge"),
    ("Basisschool De Regenboog", [KO, LS], OVSG, "Zandstraat 12", "8200", "Brugge"),
    ("GO! Atheneum Brugge", [SO], GO, "Sint-Claradreef 2", "8000", "Brugge"),
    ("Vrije Basisschool Sint-Andreas", [KO, LS], KATH, "Kerkstraat 4", "8400", "Oostende"),
    ("Provinciaal Technisch Instituut Kortrijk", [SO], POV, "Pittemstraat 47", "8500", "Kortrijk"),
    ("Stedelijke Basisschool De Vlieger", [KO, LS], OVSG, "Vlasstraat 9", "8800", "Roeselare"),
    ("Sint-Jozefsinstituut", [SO], KATH, "Sint-Jansstraat 19", "8700", "Tielt"),
    ("GO! Basisschool De Wingerd", [KO, LS], GO, "Wingerdstraat 6", "9000", "Gent"),
    ("Sint-Barbaracollege", [SO], KATH, "Savaanstraat 35", "9000", "Gent"),
    ("Stedelijke Academie voor Muziek en Woord", [DKO], OVSG, "Hoogpoort 64", "9000", "Gent"),
    ("Vrije Basisschool De Klimop", [KO, LS], KATH, "Molenstraat 21", "9300", "Aalst"),
    ("Koninklijk Atheneum Aalst", [SO], GO, "Zwarte Zustersstraat 20", "9300", "Aalst"),
    ("Buitengewoon Secundair Onderwijs De Kade", [BUSO], KATH, "Kaai 14", "9100", "Sint-Niklaas"),
    ("Gemeentelijke Basisschool Het Vlot", [KO, LS], OVSG, "Dorpsstraat 33", "9160", "Lokeren"),
    ("Sint-Vincentiusschool", [KO, LS], KATH, "Leopoldlaan 8", "9200", "Dendermonde"),
    ("Koninklijk Atheneum Deurne", [SO], GO, "Frans Messingstraat 45", "2100", "Deurne"),
    ("Sint-Jan Berchmanscollege", [SO], KATH, "Kerkstraat 40", "2000", "Antwerpen"),
    ("Stedelijke Basisschool De Kleine Wereld", [KO, LS], OVSG, "Kroonstraat 7", "2100", "Deurne"),
    ("GO! Basisschool De Puzzel", [KO, LS], GO, "Gitschotellei 112", "2140", "Borgerhout"),
    ("Sint-Romboutscollege", [SO], KATH, "Veemarkt 56", "2800", "Mechelen"),
    ("Stedelijk Lyceum Cadix", [SO], OVSG, "Kattendijkdok-Westkaai 16", "2000", "Antwerpen"),
    ("Vrije Basisschool Sint-Jozef", [KO, LS], KATH, "Schoolstraat 3", "2300", "Turnhout"),
    ("Provinciaal Technisch Instituut", [SO], POV, "Kastelsedijk 5", "2300", "Turnhout"),
    ("Rudolf Steinerschool Lier", [KO, LS], INDEP, "Lisperstraat 17", "2500", "Lier"),
    ("Buitengewoon Basisonderwijs De Tandem", [BUBAO], OVSG, "Vaartstraat 30", "2200", "Herentals"),
    ("GO! Atheneum Mol", [SO], GO, "Jakob Smitslaan 28", "2400", "Mol"),
    ("Basisschool De Springplank", [KO, LS], KATH, "Kapelstraat 2", "2440", "Geel"),
    ("Heilig-Hartcollege", [SO], KATH, "Naamsesteenweg 355", "3001", "Heverlee"),
    ("Stedelijke Basisschool Mariadal", [KO, LS], OVSG, "Wijgmaalsesteenweg 20", "3020", "Herent"),
    ("GO! Atheneum Redingenhof", [SO], GO, "Redingenstraat 90", "3000", "Leuven"),
    ("Vrije Basisschool De Bron", [KO, LS], KATH, "Sint-Jansplein 7", "3300", "Tienen"),
    ("Sint-Jozefscollege Aarschot", [SO], KATH, "Gijzelaarsstraat 25", "3200", "Aarschot"),
    ("Gemeentelijke Basisschool De Kastanje", [KO, LS], OVSG, "Kastanjelaan 4", "1700", "Dilbeek"),
    ("Koninklijk Atheneum Vilvoorde", [SO], GO, "Stationsstraat 1", "1800", "Vilvoorde"),
    ("Centrum voor Volwassenenonderwijs Halle", [CVO], OVSG, "Suikerkaai 81", "1500", "Halle"),
    ("Sint-Jan Berchmanscollege Brussel", [SO], KATH, "Ravensteinstraat 1", "1000", "Brussel"),
    ("Basisschool De Knipoog", [KO, LS], OVSG, "Gallaitstraat 86", "1030", "Schaarbeek"),
    ("GO! Basisschool De Wereldbrug", [KO, LS], GO, "Ninoofsesteenweg 9", "1080", "Molenbeek"),
    ("Sint-Pieterscollege Jette", [SO], KATH, "Kardinaal Mercierplein 22", "1090", "Jette"),
    ("Sint-Jozefscollege Hasselt", [SO], KATH, "Kuringersteenweg 2", "3500", "Hasselt"),
    ("Stedelijke Basisschool Runkst", [KO, LS], OVSG, "Runkstersteenweg 214", "3500", "Hasselt"),
    ("GO! Atheneum Genk", [SO], GO, "Sint-Martinusplein 3", "3600", "Genk"),
    ("Vrije Basisschool Sint-Lutgardis", [KO, LS], KATH, "Winterslagstraat 49", "3600", "Genk"),
    ("Provinciale Secundaire School", [SO], POV, "Diestersteenweg 186", "3800", "Sint-Truiden"),
    ("Buitengewoon Secundair Onderwijs De Wissel", [BUSO], GO, "Heidestraat 8", "3580", "Beringen"),
    ("Basisschool Het Kompas", [KO, LS], KATH, "Kerkplein 6", "3700", "Tongeren"),
    ("Academie voor Beeldende Kunst", [DKO], OVSG, "Rijksweg 520", "3630", "Maasmechelen"),
    ("Sint-Hubertuscollege", [SO], KATH, "Grote Baan 6", "3530", "Houthalen-Helchteren"),
    ("GO! Basisschool De Zonnewijzer", [KO, LS], GO, "Zonnestraat 15", "3900", "Pelt"),
    ("Vrije Basisschool De Zevensprong", [KO, LS], KATH, "Kerkstraat 11", "3550", "Heusden-Zolder"),
    ("Centrum voor Volwassenenonderwijs Diest", [CVO], OVSG, "Schoolstraat 28", "3290", "Diest"),
]
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


def demo_school(*, dossier, position: int, place: int) -> School:
    """School `place` of SCHOOLS as the `position`th school of `dossier`, unsaved (the demo saves
    it, the scale seeder bulk-inserts it); its institution number follows from `place`."""
    name, levels, network, street, postcode, city = SCHOOLS[place]
    return School(
        dossier=dossier,
        position=position,
        name=name,
        institution_number=f"{30000 + 2741 * place:06d}",
        levels=levels,
        network=network,
        street=street,
        postcode=postcode,
        city=city,
        recognised=True,
    )


def _schools_of(index: int, count: int) -> list[tuple[int, tuple]]:
    """(place in SCHOOLS, school) for demo dossier `index`: the next `count` schools after those
    of the dossiers before it, so every PLG of the 2024 call has schools of its own."""
    start = sum(_school_count(earlier) for earlier in range(index))
    return [((start + n) % len(SCHOOLS), SCHOOLS[(start + n) % len(SCHOOLS)]) for n in range(count)]


def _build_dossier(*, call, owner, index, title, school_count, complete=True):
    dossier = Dossier.objects.create(call=call, created_by=owner, working_title=title)
    Collaborator.objects.create(
        dossier=dossier, user=owner, email=owner.email, role=CollaboratorRole.CONTACT
    )
    per_school = call.delegates_per_school(school_count) or 2
    schools = []
    places = _schools_of(index, school_count)
    for position, (place, _school) in enumerate(places, start=1):
        school = demo_school(dossier=dossier, position=position, place=place)
        school.save()
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
        # Built row by row, not through the services: the stored checklist is refreshed here.
        draft = _build_dossier(
            call=practice,
            owner=director_b,
            index=20,
            title=PRACTICE_DRAFT_TITLE,
            school_count=3,
            complete=False,
        )
        refresh_checklist(draft)


def _applicant(index: int) -> User:
    email = f"directeur{index:02d}@demo.plg"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=None, full_name=f"Directeur {index:02d}"
        )
    return user
