"""The checklist outcome stored with each dossier (applications/checklist.py) follows every
change a service makes, and always equals a fresh evaluation."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from applications.checklist import failing_text, refresh_checklist, refresh_checklists
from applications.composition.services import (
    MeetingData,
    SchoolData,
    dossier_save_delegates,
    dossier_save_planning,
    dossier_save_schools,
)
from applications.eligibility import evaluate
from applications.enums import DossierStatus, Section
from applications.letters.services import letter_upload
from applications.models import Dossier
from applications.selectors import dossiers_full, eligibility_facts
from applications.services import (
    PlgSection,
    dossier_create,
    dossier_save_commitments,
    dossier_save_motivation,
    dossier_save_plg,
    dossier_set_status,
    dossier_submit,
)
from plgportal.calls.call_2024 import call_2024_upsert
from tests.factories import MINIMAL_PDF, DossierFactory, SchoolFactory, eligible_dossier

fill_migration = importlib.import_module("applications.migrations.0005_fill_checklist_outcome")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def call(db):
    return call_2024_upsert(
        slug="checklist-oproep",
        opens_at=timezone.now() - timedelta(days=10),
        deadline=timezone.now() + timedelta(days=30),
    )


def fresh_report(dossier, language="nl-be"):
    with translation.override(language):
        return evaluate(eligibility_facts(dossiers_full().get(pk=dossier.pk)))


def stored(dossier) -> tuple:
    row = Dossier.objects.get(pk=dossier.pk)
    return row.checklist_ok, row.checklist_failing, row.checklist_problems


def expected(dossier) -> tuple:
    nl, fr = fresh_report(dossier), fresh_report(dossier, "fr-be")
    problems = {"nl-be": failing_text(nl), "fr-be": failing_text(fr)} if nl.failing else {}
    return nl.is_eligible, len(nl.failing), problems


def version(dossier, section):
    return Dossier.objects.get(pk=dossier.pk).section_version(section)


def school_data(school, **changes) -> SchoolData:
    values = {
        "id": school.pk,
        "name": school.name,
        "institution_number": school.institution_number,
        "levels": tuple(school.levels),
        "network": school.network,
        "street": school.street,
        "postcode": school.postcode,
        "city": school.city,
        "recognised": school.recognised,
    }
    return SchoolData(**(values | changes))


# Each change, through its service, to an eligible draft: the checklist no longer passes.


def clear_title(dossier):
    dossier_save_plg(
        dossier=dossier,
        version=version(dossier, Section.PLG),
        data=PlgSection(
            working_title="", contact_function="", contact_phone="", lead_school_id=None
        ),
    )


def clear_answers(dossier):
    dossier_save_motivation(
        dossier=dossier,
        version=version(dossier, Section.MOTIVATION),
        theme_id=dossier.theme_id,
        own_theme="",
        answers={criterion.pk: "" for criterion in dossier.call.criteria.all()},
    )


def unconfirm_commitments(dossier):
    dossier_save_commitments(
        dossier=dossier,
        version=version(dossier, Section.COMMITMENTS),
        user=dossier.created_by,
        confirmed_ids=set(),
    )


def unrecognise_a_school(dossier):
    first, *others = dossier.schools.all()
    dossier_save_schools(
        dossier=dossier,
        version=version(dossier, Section.SCHOOLS),
        schools=[school_data(first, recognised=False), *map(school_data, others)],
    )


def remove_delegates(dossier):
    dossier_save_delegates(
        dossier=dossier, version=version(dossier, Section.DELEGATES), delegates=[]
    )


def clear_a_meeting_date(dossier):
    dossier_save_planning(
        dossier=dossier,
        version=version(dossier, Section.PLANNING),
        meetings=[MeetingData(1, None, None, None)],
    )


CHANGES = [
    pytest.param(clear_title, id="plg"),
    pytest.param(clear_answers, id="motivation"),
    pytest.param(unconfirm_commitments, id="commitments"),
    pytest.param(unrecognise_a_school, id="schools"),
    pytest.param(remove_delegates, id="delegates"),
    pytest.param(clear_a_meeting_date, id="planning"),
]


@pytest.mark.parametrize("change", CHANGES)
def test_stored_checklist_follows_a_section_save(call, change):
    dossier = eligible_dossier(call=call)
    assert stored(dossier)[:2] == (True, 0)

    change(dossier)

    assert stored(dossier)[0] is False
    assert stored(dossier) == expected(dossier)


def test_stored_checklist_follows_a_letter_upload(call):
    dossier = eligible_dossier(call=call)
    school = dossier.schools.first()
    school.letter.delete()
    refresh_checklist(dossier)
    assert stored(dossier)[:2] == (False, 1)

    letter_upload(
        school=school,
        user=dossier.created_by,
        uploaded_file=SimpleUploadedFile("brief.pdf", MINIMAL_PDF, "application/pdf"),
        signer_name="An Peeters",
        signer_function="Directeur",
    )

    assert stored(dossier) == (True, 0, {})


def test_stored_checklist_follows_a_status_change(call, staff_user):
    dossier = dossier_submit(dossier=eligible_dossier(call=call), user=staff_user)
    dossier.confirmations.all().delete()  # behind the services' back: not stored yet
    assert stored(dossier)[0] is True

    dossier_set_status(
        dossier=dossier, status=DossierStatus.DRAFT, by=staff_user, reason="Engagementen"
    )

    assert stored(dossier)[0] is False
    assert stored(dossier) == expected(dossier)


def test_new_dossier_stores_what_it_still_lacks(call, applicant):
    dossier = dossier_create(call=call, user=applicant)

    ok, failing, problems = stored(dossier)
    assert (ok, failing, problems) == expected(dossier)
    assert failing > 3
    assert "Aantal scholen" in problems["nl-be"]


def varied_dossiers(call):
    """Eligible and not, draft and submitted, few and many schools, each kind of gap."""
    complete = eligible_dossier(call=call, schools=4)
    submitted = dossier_submit(dossier=eligible_dossier(call=call), user=complete.created_by)
    no_letter = eligible_dossier(call=call)
    no_letter.schools.last().letter.delete()
    short = eligible_dossier(call=call)
    short.schools.first().delegates.first().delete()
    undated = eligible_dossier(call=call)
    undated.meetings.update(date=None)
    empty = DossierFactory(call=call)
    one_school = DossierFactory(call=call)
    SchoolFactory(dossier=one_school, levels=[], recognised=False)
    return [complete, submitted, no_letter, short, undated, empty, one_school]


def test_refresh_checklists_stores_what_a_fresh_evaluation_says(call):
    dossiers = varied_dossiers(call)

    assert refresh_checklists(Dossier.objects.filter(call=call)) == len(dossiers)

    assert [stored(dossier) for dossier in dossiers] == [expected(d) for d in dossiers]
    assert [stored(dossier)[0] for dossier in dossiers] == [True, True] + [False] * 5


def test_refresh_checklists_queries_do_not_grow(call):
    eligible_dossier(call=call)
    with CaptureQueriesContext(connection) as one:
        refresh_checklists(Dossier.objects.filter(call=call))
    for schools in (3, 4, 5):
        eligible_dossier(call=call, schools=schools)

    with CaptureQueriesContext(connection) as four:
        refresh_checklists(Dossier.objects.filter(call=call))

    assert len(four) == len(one)


def test_data_migration_fills_the_outcome_of_existing_dossiers(call):
    # The migration ran before calls had French texts (calls 0006): its titles are the Dutch.
    call.commitments.update(title_fr_be=None)
    call.criteria.update(title_fr_be=None)
    dossiers = varied_dossiers(call)
    Dossier.objects.update(checklist_ok=False, checklist_failing=0, checklist_problems={})

    fill_migration.fill(apps, None)

    assert [stored(dossier) for dossier in dossiers] == [expected(d) for d in dossiers]


def test_stored_checklist_follows_a_change_of_the_calls_rules(
    call, django_capture_on_commit_callbacks
):
    """Staff raise the minimum number of schools in the admin while dossiers exist: a dossier
    of three schools that was in order no longer is, once the change is committed."""
    dossier = eligible_dossier(call=call, schools=3)
    assert stored(dossier)[0] is True

    with django_capture_on_commit_callbacks(execute=True):
        call.min_schools = 4
        call.save()

    assert stored(dossier) == expected(dossier)
    assert stored(dossier)[0] is False
    assert "4" in stored(dossier)[2]["nl-be"]


def test_stored_checklist_follows_a_new_commitment(call, django_capture_on_commit_callbacks):
    dossier = eligible_dossier(call=call, schools=3)

    with django_capture_on_commit_callbacks(execute=True):
        call.commitments.create(title="Een nieuw engagement", position=99)

    assert stored(dossier)[0] is False
    assert "Een nieuw engagement" in stored(dossier)[2]["nl-be"]


def test_a_call_save_that_changes_no_rule_queues_nothing(call, django_capture_on_commit_callbacks):
    eligible_dossier(call=call, schools=3)

    with django_capture_on_commit_callbacks() as callbacks:
        call.save(update_fields=["title"])
        call.min_schools = 2
        call.save(update_fields=["min_schools"])

    assert len(callbacks) == 1  # only the rule change
