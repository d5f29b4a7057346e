"""A call's dossiers, schools and delegates as tables (applications/datasets.py)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.datasets import (
    delegates_count,
    delegates_table,
    dossiers_count,
    dossiers_table,
    schools_count,
    schools_table,
)
from applications.services import dossier_submit
from plgportal.calls.call_2024 import call_2024_upsert
from plgportal.spreadsheets.tables import write_csv, write_xlsx
from tests.factories import DelegateFactory, DossierFactory, SchoolFactory, eligible_dossier
from tests.spreadsheets.helpers import as_dicts, csv_rows, xlsx_rows


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def call(db):
    return call_2024_upsert(
        slug="plg-2024",
        opens_at=timezone.now() - timedelta(days=10),
        deadline=timezone.now() + timedelta(days=30),
    )


def submitted(call, **kwargs):
    dossier = eligible_dossier(call=call, **kwargs)
    return dossier_submit(dossier=dossier, user=dossier.created_by)


def test_dossiers_table_has_a_row_per_dossier_with_contact_schools_and_eligibility(call):
    dossier = submitted(call, working_title="Één team", contact_phone="+32 9 123 45 67")
    dossier.lead_school = dossier.schools.first()
    dossier.save()
    DossierFactory(call=call, working_title="Nog bezig")

    rows = as_dicts(xlsx_rows(write_xlsx(dossiers_table(call))))

    assert dossiers_count(call) == 2
    first, draft = rows
    assert first["Dossiernummer"] == dossier.reference
    assert first["Werktitel"] == "Één team"
    assert first["Status"] == "Ingediend"
    assert first["Thema"] == dossier.theme.title
    assert first["Onderwijsniveaus"] == "Lager onderwijs"
    assert first["Trekkende school"] == dossier.lead_school.name
    assert first["Contactpersoon"] == dossier.created_by.get_full_name()
    assert first["E-mail contactpersoon"] == dossier.created_by.email
    assert first["Telefoon contactpersoon"] == "+32 9 123 45 67"
    assert first["Aantal scholen"] == 3
    assert first["Aantal afgevaardigden"] == 3 * call.delegates_per_school(3)
    assert first["Ingediend op"] == timezone.localtime(dossier.submitted_at).replace(
        tzinfo=None, microsecond=0
    )
    assert first["Ontvankelijk volgens checklist"] == "ja"
    assert (draft["Werktitel"], draft["Status"], draft["Ingediend op"]) == (
        "Nog bezig",
        "Concept",
        None,
    )
    assert draft["Ontvankelijk volgens checklist"] == "nee"


def test_dossiers_table_csv_neutralises_formulas(call):
    DossierFactory(call=call, working_title="=cmd|' /C calc'!A0")

    (row,) = as_dicts(csv_rows(write_csv(dossiers_table(call))))

    assert row["Werktitel"] == "'=cmd|' /C calc'!A0"


def test_schools_table_lists_every_school_with_address_province_and_letter(call):
    dossier = submitted(call, schools=3)
    school = dossier.schools.order_by("position").first()
    school.name, school.postcode, school.city = "Sint-Lutgardis Mol", "2400", "Mol"
    school.save()
    dossier.lead_school = school
    dossier.save()
    SchoolFactory(dossier=DossierFactory(call=call), name="Zonder brief", postcode="")
    SchoolFactory()  # another call

    rows = as_dicts(xlsx_rows(write_xlsx(schools_table(call))))

    assert schools_count(call) == 4
    assert [row["School"] for row in rows][:1] == ["Sint-Lutgardis Mol"]
    first = rows[0]
    assert first["Dossiernummer"] == dossier.reference
    assert first["Instellingsnummer"] == school.institution_number
    assert first["Trekkende school"] == "ja"
    assert first["Onderwijsnet"] == school.network_label
    assert first["Onderwijsniveaus"] == "Lager onderwijs"
    assert (first["Straat en nummer"], first["Postcode"], first["Gemeente"]) == (
        "Schoolstraat 1",
        "2400",
        "Mol",
    )
    assert first["Provincie"] == "Antwerpen"
    assert first["Erkend en gesubsidieerd"] == "ja"
    assert first["Aantal afgevaardigden"] == call.delegates_per_school(3)
    assert first["Letter of intent"] == "ja"
    assert first["Letter of intent ondertekend door"] == "Directeur"
    assert rows[1]["Trekkende school"] == "nee"
    last = rows[-1]
    assert (last["School"], last["Dossiernummer"], last["Letter of intent"]) == (
        "Zonder brief",
        None,  # a draft has no reference yet: an empty cell
        "nee",
    )
    assert last["Provincie"] == "Onbekend"


def test_delegates_table_lists_name_function_and_email_per_school(call):
    school = SchoolFactory(dossier=DossierFactory(call=call), name="GO! Atheneum Brugge")
    DelegateFactory(
        school=school, full_name="Françoise Dupré", function="director", email="f.dupre@school.be"
    )
    DelegateFactory(school__dossier__call=call)
    DelegateFactory()  # another call

    rows = as_dicts(csv_rows(write_csv(delegates_table(call))))

    assert delegates_count(call) == 2
    assert len(rows) == 2
    assert rows[0] == {
        "Dossiernummer": "",
        "Werktitel": school.dossier.working_title,
        "School": "GO! Atheneum Brugge",
        "Instellingsnummer": school.institution_number,
        "Naam": "Françoise Dupré",
        "Functie": "Directeur",
        "E-mailadres": "f.dupre@school.be",
    }


@pytest.mark.parametrize("build", [dossiers_table, schools_table, delegates_table])
def test_application_tables_queries_do_not_grow(call, build, django_assert_num_queries):
    submitted(call, schools=3)
    with CaptureQueriesContext(connection) as one:
        small = build(call)
    for schools in (3, 4, 5):
        submitted(call, schools=schools)

    with django_assert_num_queries(len(one)):
        large = build(call)

    assert len(large.rows) > len(small.rows)
