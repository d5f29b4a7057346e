"""The dossier's composition sections: schools, delegates and planning (services and pages)."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from applications import eligibility
from applications.composition import services as services_composition
from applications.composition.forms import delegate_formset, school_formset
from applications.composition.services import (
    DelegateData,
    MeetingData,
    SchoolData,
    dossier_save_delegates,
    dossier_save_planning,
    dossier_save_schools,
    meeting_end_time,
    same_day_refusals,
)
from applications.eligibility import institution_number_normalise
from applications.enums import Section
from applications.models import Delegate, LetterOfIntent, PlannedMeeting, School
from applications.selectors import school_known
from applications.services import SectionConflict, dossier_create
from plgportal.calls.call_2024 import call_2024_upsert
from tests.factories import (
    CallFactory,
    DelegateFactory,
    DossierFactory,
    LetterOfIntentFactory,
    SchoolFactory,
)


def school_data(school=None, **overrides) -> SchoolData:
    values = {
        "id": school.pk if school else None,
        "name": school.name if school else "Nieuwe school",
        "institution_number": school.institution_number if school else "4242",
        "levels": tuple(school.levels) if school else ("lager",),
        "network": "go",
        "street": "Kerkstraat 2",
        "postcode": "2000",
        "city": "Antwerpen",
        "recognised": True,
    }
    return SchoolData(**(values | overrides))


@pytest.fixture
def dossier(applicant):
    return DossierFactory(created_by=applicant)


def reload(dossier):
    dossier.refresh_from_db()
    return dossier


# Forms -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("existing", "rows"), [(0, 5), (2, 5), (6, 6)])
def test_school_formset_fills_up_to_the_call_maximum(dossier, existing, rows):
    for position in range(1, existing + 1):
        SchoolFactory(dossier=dossier, position=position)

    formset = school_formset(call=dossier.call, schools=dossier.schools.all())

    assert (len(formset.forms), formset.max_num) == (rows, rows)
    assert formset.can_delete is True


@pytest.mark.parametrize(("existing", "rows"), [(0, 2), (1, 2), (3, 3)])
def test_delegate_formset_fills_up_to_the_expected_number(dossier, existing, rows):
    school = SchoolFactory(dossier=dossier, position=1)
    for _number in range(existing):
        DelegateFactory(school=school)

    formset = delegate_formset(school=school, expected=2, editable=False)

    assert (len(formset.forms), formset.max_num) == (rows, rows)
    assert formset.can_delete is False


# Pure rules --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [("12345", "012345"), ("1", "000001"), (" 123456 ", "123456"), ("000042", "000042")],
)
def test_institution_number_normalise_pads_to_six_digits(typed, normalised):
    assert institution_number_normalise(typed) == normalised


@pytest.mark.parametrize("typed", ["", "1234567", "12a45", "12 345", "-12345"])
def test_institution_number_normalise_refuses_other_input(typed):
    with pytest.raises(ValidationError):
        institution_number_normalise(typed)


def test_meeting_end_time_adds_the_call_duration():
    call = CallFactory.build(meeting_duration=timedelta(hours=2, minutes=30))
    assert meeting_end_time(call, time(15, 45)) == time(18, 15)
    assert meeting_end_time(call, None) is None


# Schools service ---------------------------------------------------------------------------------


def test_save_schools_creates_updates_and_removes_by_id(dossier):
    keep, change, drop = (SchoolFactory(dossier=dossier, position=n) for n in (1, 2, 3))
    delegate = DelegateFactory(school=keep)
    letter = LetterOfIntentFactory(school=keep)
    DelegateFactory(school=drop)
    LetterOfIntentFactory(school=drop)

    version = dossier_save_schools(
        dossier=dossier,
        version=0,
        schools=[
            school_data(change, name="Nieuwe naam"),
            school_data(institution_number="77"),
            school_data(keep),
        ],
    )

    assert version == 1
    schools = list(dossier.schools.order_by("position"))
    assert [s.pk for s in schools[::2]] == [change.pk, keep.pk]
    assert [s.name for s in schools] == ["Nieuwe naam", "Nieuwe school", keep.name]
    assert schools[1].institution_number == "000077"
    assert list(keep.delegates.all()) == [delegate]
    assert LetterOfIntent.objects.get(school=keep) == letter
    assert not School.objects.filter(pk=drop.pk).exists()
    assert Delegate.objects.filter(school__dossier=dossier).count() == 1
    assert reload(dossier).section_version(Section.DELEGATES) == 1


def test_save_schools_swaps_numbers_between_kept_schools(dossier):
    first = SchoolFactory(dossier=dossier, institution_number="000001")
    second = SchoolFactory(dossier=dossier, institution_number="000002")

    dossier_save_schools(
        dossier=dossier,
        version=0,
        schools=[
            school_data(first, institution_number="2"),
            school_data(second, institution_number="1"),
        ],
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.institution_number, second.institution_number) == ("000002", "000001")


def test_save_schools_refuses_the_same_number_twice(dossier):
    with pytest.raises(ValidationError) as error:
        dossier_save_schools(
            dossier=dossier,
            version=0,
            schools=[
                school_data(name="De Linde", institution_number="12"),
                school_data(name="Atheneum Zuid", institution_number="012"),
            ],
        )
    assert error.value.messages == ["Atheneum Zuid heeft hetzelfde instellingsnummer als De Linde."]
    assert dossier.schools.count() == 0


def test_save_schools_refuses_more_than_the_call_maximum(dossier):
    schools = [school_data(institution_number=str(n)) for n in range(1, 7)]
    with pytest.raises(ValidationError):
        dossier_save_schools(dossier=dossier, version=0, schools=schools)


def test_save_schools_refuses_a_stale_version(dossier):
    dossier_save_schools(dossier=dossier, version=0, schools=[school_data()])
    with pytest.raises(SectionConflict) as conflict:
        dossier_save_schools(dossier=dossier, version=0, schools=[])
    assert conflict.value.current_version == 1
    assert dossier.schools.count() == 1


# Delegates service -------------------------------------------------------------------------------


def test_save_delegates_per_school(dossier):
    first, second = SchoolFactory(dossier=dossier), SchoolFactory(dossier=dossier)
    kept = DelegateFactory(school=first, full_name="Oud")
    removed = DelegateFactory(school=first)

    version = dossier_save_delegates(
        dossier=dossier,
        version=0,
        delegates=[
            DelegateData(kept.pk, first.pk, "An Peeters", " an@school.be ", "director"),
            DelegateData(None, second.pk, "Bart Claes", "bart@school.be", "teacher"),
        ],
    )

    assert version == 1
    kept.refresh_from_db()
    assert (kept.full_name, kept.email, kept.function) == ("An Peeters", "an@school.be", "director")
    assert [d.full_name for d in second.delegates.all()] == ["Bart Claes"]
    assert not Delegate.objects.filter(pk=removed.pk).exists()


def test_save_delegates_refuses_a_school_of_another_dossier(dossier):
    elsewhere = SchoolFactory()
    with pytest.raises(ValidationError):
        dossier_save_delegates(
            dossier=dossier,
            version=0,
            delegates=[DelegateData(None, elsewhere.pk, "X", "x@school.be", "teacher")],
        )


# Planning service --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "allowed"),
    [
        (date(2025, 8, 31), False),  # the day before the school year
        (date(2025, 9, 1), True),  # its first day
        (date(2026, 6, 30), True),  # its last day
        (date(2026, 7, 1), False),  # the day after
    ],
)
def test_save_planning_dates_at_the_school_year_boundaries(dossier, day, allowed):
    meetings = [MeetingData(1, day, time(14, 0), None)]
    saved = dossier_save_planning(dossier=dossier, version=0, meetings=meetings)
    if allowed:
        assert saved.saved == (1,)
        assert saved.refused == ()
        assert dossier.meetings.get(position=1).date == day
    else:
        assert saved.saved == ()
        assert [error.messages for error in saved.refused] == [
            ["Bijeenkomst 1 valt buiten schooljaar 2025-2026."]
        ]
        assert not dossier.meetings.filter(date=day).exists()


def test_save_planning_creates_missing_rows_and_sets_hosts(dossier):
    host = SchoolFactory(dossier=dossier)
    dossier_save_planning(
        dossier=dossier,
        version=0,
        meetings=[MeetingData(2, date(2025, 10, 1), time(9, 0), host.pk)],
    )
    assert list(dossier.meetings.values_list("position", flat=True)) == [1, 2, 3, 4, 5]
    assert dossier.meetings.get(position=2).host_school == host


def test_save_planning_refuses_a_host_of_another_dossier(dossier):
    saved = dossier_save_planning(
        dossier=dossier,
        version=0,
        meetings=[MeetingData(1, None, None, SchoolFactory().pk)],
    )
    assert [error.params["field"] for error in saved.refused] == ["host_school"]
    assert dossier.meetings.get(position=1).host_school is None


# Pages -------------------------------------------------------------------------------------------


def school_post(dossier, rows, *, version=0, initial=None, **extra):
    """POST data for the schools formset: `rows` are dicts of field values."""
    data = {
        "version": version,
        "schools-TOTAL_FORMS": len(rows),
        "schools-INITIAL_FORMS": len(dossier.schools.all()) if initial is None else initial,
        "schools-MIN_NUM_FORMS": 0,
        "schools-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"schools-{index}-{name}"] = value
    return data | extra


def school_row(school=None, **overrides):
    row = {
        "id": school.pk if school else "",
        "name": school.name if school else "",
        "institution_number": school.institution_number if school else "",
        "levels": school.levels if school else [],
        "network": school.network if school else "",
        "street": school.street if school else "",
        "postcode": school.postcode if school else "",
        "city": school.city if school else "",
    }
    if school and school.recognised:
        row["recognised"] = "on"
    return row | overrides


@pytest.fixture
def owner_client(client, applicant):
    client.force_login(applicant)
    return client


def test_schools_page_shows_rows_up_to_the_maximum(owner_client, dossier):
    SchoolFactory(dossier=dossier, name="De Linde")
    response = owner_client.get(reverse("applications:dossier_section_schools", args=[dossier.pk]))
    assert response.status_code == 200
    assert response.context["built"].total_form_count() == 5
    assert "De Linde" in response.text
    assert "Opzoeken" in response.text


def test_schools_post_saves_and_redirects_with_message(owner_client, dossier):
    url = reverse("applications:dossier_section_schools", args=[dossier.pk])
    data = school_post(
        dossier,
        [school_row(name="De Linde", institution_number="123", levels=["lager"], postcode="9000")]
        + [school_row()] * 4,
    )
    response = owner_client.post(url, data, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Bewaard" in response.text
    school = dossier.schools.get()
    assert (school.name, school.institution_number, school.levels) == (
        "De Linde",
        "000123",
        ["lager"],
    )


def test_schools_post_htmx_answers_the_form_and_triggers_the_checklist(owner_client, dossier):
    data = school_post(dossier, [school_row(name="De Linde", institution_number="123")])
    response = owner_client.post(
        reverse("applications:dossier_section_schools", args=[dossier.pk]),
        data,
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "dossier-changed"
    assert "Bewaard" in response.text
    assert "dossier-checklist" not in response.text  # the fragment only


def test_schools_post_duplicate_number_shows_error_next_to_field(owner_client, dossier):
    data = school_post(
        dossier,
        [
            school_row(name="Een", institution_number="12"),
            school_row(name="Twee", institution_number="0012"),
        ],
    )
    response = owner_client.post(
        reverse("applications:dossier_section_schools", args=[dossier.pk]), data
    )
    assert response.status_code == 200
    errors = response.context["built"].forms[1].errors
    assert errors["institution_number"] == [
        "Dit instellingsnummer staat al bij Een in dit dossier."
    ]
    assert 'value="Twee"' in response.text
    assert dossier.schools.count() == 0


def test_schools_post_bad_number_and_postcode_show_dutch_errors(owner_client, dossier):
    data = school_post(
        dossier, [school_row(name="Een", institution_number="1234567", postcode="900")]
    )
    response = owner_client.post(
        reverse("applications:dossier_section_schools", args=[dossier.pk]), data
    )
    errors = response.context["built"].forms[0].errors
    assert errors["institution_number"] == [
        "Een instellingsnummer bestaat uit hoogstens 6 cijfers, bv. 012345."
    ]
    assert errors["postcode"] == ["Geef een Belgische postcode van 4 cijfers, bv. 9000."]


def test_schools_removal_asks_confirmation_then_deletes_delegates(owner_client, dossier):
    keep, drop = SchoolFactory(dossier=dossier), SchoolFactory(dossier=dossier, name="Weg")
    DelegateFactory(school=drop)
    url = reverse("applications:dossier_section_schools", args=[dossier.pk])
    data = school_post(dossier, [school_row(keep), school_row(drop, DELETE="on")])

    asked = owner_client.post(url, data)
    assert asked.status_code == 200
    assert asked.context["removals"] == ["Weg, met 1 afgevaardigde"]
    assert dossier.schools.count() == 2

    confirmed = owner_client.post(url, data | {"confirm_remove": "1"})
    assert confirmed.status_code == 302
    assert list(dossier.schools.all()) == [keep]
    assert not Delegate.objects.filter(school_id=drop.pk).exists()


def test_schools_stale_version_keeps_input_and_shows_saved_version(owner_client, dossier):
    school = SchoolFactory(dossier=dossier, name="Bewaarde naam")
    dossier_save_schools(dossier=dossier, version=0, schools=[school_data(school)])
    data = school_post(dossier, [school_row(school, name="Mijn naam")], version=0)

    response = owner_client.post(
        reverse("applications:dossier_section_schools", args=[dossier.pk]), data
    )

    assert response.status_code == 409
    assert "Iemand anders heeft dit onderdeel intussen bewaard" in response.text
    assert 'value="Mijn naam"' in response.text
    assert "Bewaarde naam" in response.text
    assert response.context["version"] == 1
    school.refresh_from_db()
    assert school.name == "Bewaarde naam"


def test_schools_lookup_button_fills_the_row_from_a_known_school(owner_client, dossier):
    older, earlier = DossierFactory.create_batch(2, created_by=dossier.created_by)
    SchoolFactory(dossier=older, institution_number="000777", name="Oude naam", city="Brugge")
    SchoolFactory(
        dossier=earlier,  # e.g. last year's: the most recent entry wins
        institution_number="000777",
        name="Sint-Jan",
        street="Markt 1",
        postcode="8000",
        city="Brugge",
        network="katholiek",
        levels=["secundair", "dko"],
    )
    data = school_post(dossier, [school_row(institution_number="777")], lookup="schools-0")

    response = owner_client.post(
        reverse("applications:dossier_section_schools", args=[dossier.pk]), data
    )

    assert response.status_code == 200
    form = response.context["built"].forms[0]
    assert form["name"].value() == "Sint-Jan"
    assert form["postcode"].value() == "8000"
    assert form["network"].value() == "katholiek"
    assert form["levels"].value() == ["secundair"]  # only the call's eligible levels
    assert "Gegevens van Sint-Jan ingevuld" in response.text
    assert dossier.schools.count() == 0


def test_school_lookup_endpoint_answers_json(owner_client, dossier):
    earlier = DossierFactory(created_by=dossier.created_by)
    SchoolFactory(dossier=earlier, institution_number="000777", name="Sint-Jan", city="Brugge")
    url = reverse("applications:dossier_school_lookup", args=[dossier.pk])

    found = owner_client.get(url, {"nummer": "777"}).json()
    unknown = owner_client.get(url, {"nummer": "778"}).json()
    invalid = owner_client.get(url, {"nummer": "abc"}).json()

    assert found["found"] is True
    assert found["school"]["name"] == "Sint-Jan"
    assert found["school"]["institution_number"] == "000777"
    assert unknown == {"found": False, "message": ""}
    assert invalid["found"] is False


def test_school_lookup_ignores_the_dossiers_own_schools(owner_client, dossier):
    SchoolFactory(dossier=dossier, institution_number="000777")
    url = reverse("applications:dossier_school_lookup", args=[dossier.pk])
    assert owner_client.get(url, {"nummer": "777"}).json()["found"] is False


def test_school_lookup_keeps_other_applicants_schools_to_themselves(
    owner_client, dossier, other_applicant
):
    SchoolFactory(dossier=DossierFactory(created_by=other_applicant), institution_number="000777")
    url = reverse("applications:dossier_school_lookup", args=[dossier.pk])
    assert owner_client.get(url, {"nummer": "777"}).json() == {"found": False, "message": ""}
    data = school_post(dossier, [school_row(institution_number="777")], lookup="schools-0")
    response = owner_client.post(
        reverse("applications:dossier_section_schools", args=[dossier.pk]), data
    )
    assert "Geen school met instellingsnummer 000777 gevonden" in response.text


def test_school_lookup_finds_the_schools_of_dossiers_the_user_was_invited_to(
    owner_client, dossier, applicant, other_applicant
):
    partnership = DossierFactory(created_by=other_applicant)
    partnership.collaborators.create(email=applicant.email.upper(), role="partner")
    SchoolFactory(dossier=partnership, institution_number="000777", name="Sint-Jan")
    url = reverse("applications:dossier_school_lookup", args=[dossier.pk])
    assert owner_client.get(url, {"nummer": "777"}).json()["school"]["name"] == "Sint-Jan"


def test_school_known_to_staff_from_every_dossier(staff_user, applicant, other_applicant):
    dossier = DossierFactory(created_by=applicant)
    SchoolFactory(dossier=DossierFactory(created_by=other_applicant), institution_number="000777")
    assert school_known(institution_number="000777", user=staff_user, exclude_dossier=dossier)
    assert not school_known(institution_number="000777", user=applicant, exclude_dossier=dossier)


def test_school_lookup_refused_to_staff(client, staff_user, dossier):
    # Staff see the dossier but do not fill it in: no lookups (tests/test_access_matrix.py).
    client.force_login(staff_user)
    url = reverse("applications:dossier_school_lookup", args=[dossier.pk])
    assert client.get(url, {"nummer": "777"}).status_code == 403


def test_school_lookup_answers_429_with_a_message_after_30_a_minute(owner_client, dossier):
    url = reverse("applications:dossier_school_lookup", args=[dossier.pk])
    for _lookup in range(30):
        assert owner_client.get(url, {"nummer": "777"}).status_code == 200
    response = owner_client.get(url, {"nummer": "777"})
    assert response.status_code == 429
    assert response.json()["message"].startswith("U hebt te veel scholen kort na elkaar opgezocht")
    # The button without JavaScript shares the limit, and says the same next to the row.
    data = school_post(dossier, [school_row(institution_number="777")], lookup="schools-0")
    page = owner_client.post(
        reverse("applications:dossier_section_schools", args=[dossier.pk]), data
    )
    assert page.status_code == 429
    assert "U hebt te veel scholen kort na elkaar opgezocht" in page.text
    partial = owner_client.post(
        reverse("applications:dossier_section_schools", args=[dossier.pk]),
        data,
        HTTP_HX_REQUEST="true",
    )
    assert partial.status_code == 200  # htmx swaps only successful answers in
    assert "U hebt te veel scholen kort na elkaar opgezocht" in partial.text


def test_school_lookup_queries_do_not_grow_with_the_users_dossiers(
    owner_client, dossier, applicant, django_assert_num_queries
):
    def add_earlier_dossiers(count):
        for _n in range(count):
            earlier = DossierFactory(created_by=applicant)
            SchoolFactory(dossier=earlier, institution_number="000777")
            earlier.collaborators.create(email="partner@school.be", role="partner")

    url = reverse("applications:dossier_school_lookup", args=[dossier.pk])
    add_earlier_dossiers(1)
    owner_client.get(url, {"nummer": "1"})  # warm the session
    with CaptureQueriesContext(connection) as one:
        assert owner_client.get(url, {"nummer": "777"}).json()["found"] is True
    add_earlier_dossiers(4)
    with django_assert_num_queries(len(one)):
        assert owner_client.get(url, {"nummer": "777"}).json()["found"] is True


def test_delegates_page_shows_quota_and_diversity(owner_client, dossier):
    schools = SchoolFactory.create_batch(3, dossier=dossier)
    DelegateFactory(school=schools[0], function="director")
    DelegateFactory(school=schools[1], function="director")
    response = owner_client.get(
        reverse("applications:dossier_section_delegates", args=[dossier.pk])
    )
    assert response.status_code == 200
    message = f"{schools[0].name} moet 3 afgevaardigden hebben (bij 3 scholen); nu bewaard: 1."
    assert message in response.text
    assert ("Directeur", 2) in response.context["function_counts"]
    assert [formset.total_form_count() for _school, formset in response.context["built"]] == [
        3,
        3,
        3,
    ]


def delegate_post(built_schools, rows_per_school, *, version=0):
    data = {"version": version}
    for school, rows in zip(built_schools, rows_per_school, strict=True):
        prefix = f"school-{school.pk}"
        existing = len(school.delegates.all())
        data |= {
            f"{prefix}-TOTAL_FORMS": len(rows),
            f"{prefix}-INITIAL_FORMS": existing,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for index, row in enumerate(rows):
            for name, value in row.items():
                data[f"{prefix}-{index}-{name}"] = value
    return data


def test_delegates_post_saves_every_school(owner_client, dossier):
    schools = SchoolFactory.create_batch(3, dossier=dossier)
    blank = {"id": "", "full_name": "", "email": "", "function": ""}
    rows = [
        [
            {
                "id": "",
                "full_name": f"Persoon {s}{n}",
                "email": f"p{s}{n}@school.be",
                "function": "teacher",
            }
            for n in range(3)
        ]
        for s in range(2)
    ] + [[blank, blank, blank]]
    url = reverse("applications:dossier_section_delegates", args=[dossier.pk])
    response = owner_client.post(url, delegate_post(schools, rows))
    assert response.status_code == 302
    assert [len(s.delegates.all()) for s in schools] == [3, 3, 0]
    assert reload(dossier).section_version(Section.DELEGATES) == 1


def test_delegates_post_invalid_email_keeps_input(owner_client, dossier):
    school = SchoolFactory(dossier=dossier)
    rows = [[{"id": "", "full_name": "An", "email": "geen-adres", "function": "teacher"}]]
    response = owner_client.post(
        reverse("applications:dossier_section_delegates", args=[dossier.pk]),
        delegate_post([school], rows),
    )
    assert response.status_code == 200
    assert 'value="An"' in response.text
    assert school.delegates.count() == 0


def test_delegates_stale_version_is_refused(owner_client, dossier):
    school = SchoolFactory(dossier=dossier)
    dossier_save_delegates(dossier=dossier, version=0, delegates=[])
    rows = [[{"id": "", "full_name": "An", "email": "an@school.be", "function": "teacher"}]]
    response = owner_client.post(
        reverse("applications:dossier_section_delegates", args=[dossier.pk]),
        delegate_post([school], rows),
    )
    assert response.status_code == 409
    assert 'value="An"' in response.text
    assert school.delegates.count() == 0


def planning_post(rows, *, version=0):
    data = {
        "version": version,
        "meetings-TOTAL_FORMS": len(rows),
        "meetings-INITIAL_FORMS": len(rows),
        "meetings-MIN_NUM_FORMS": len(rows),
        "meetings-MAX_NUM_FORMS": len(rows),
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"meetings-{index}-{name}"] = value
    return data


@pytest.fixture
def planned_dossier(applicant):
    dossier = dossier_create(call=CallFactory(), user=applicant)
    SchoolFactory.create_batch(3, dossier=dossier)
    return dossier


def test_planning_page_shows_end_time_and_hosting_hint(owner_client, planned_dossier):
    first, _second, _third = planned_dossier.schools.all()
    planned_dossier.meetings.filter(position__in=[1, 2]).update(
        host_school=first, start_time=time(15, 30)
    )
    response = owner_client.get(
        reverse("applications:dossier_section_planning", args=[planned_dossier.pk])
    )
    assert response.status_code == 200
    assert response.context["rows"][0][2] == time(18, 0)
    assert "18:00" in response.text
    assert response.context["hosting_uneven"] is True


def test_planning_post_saves_the_meetings(owner_client, planned_dossier):
    schools = list(planned_dossier.schools.all())
    rows = [
        {"date": f"2025-{9 + n}-15", "start_time": "14:00", "host_school": schools[n % 3].pk}
        for n in range(4)
    ] + [{"date": "2026-01-15", "start_time": "", "host_school": ""}]
    url = reverse("applications:dossier_section_planning", args=[planned_dossier.pk])
    response = owner_client.post(url, planning_post(rows))
    assert response.status_code == 302
    meetings = list(planned_dossier.meetings.all())
    assert [m.date for m in meetings] == [date(2025, 9 + n, 15) for n in range(4)] + [
        date(2026, 1, 15)
    ]
    assert meetings[3].host_school == schools[0]


@pytest.mark.parametrize(
    ("day", "saved"),
    [("2025-08-31", False), ("2025-09-01", True), ("2026-06-30", True), ("2026-07-01", False)],
)
def test_planning_post_date_boundaries_show_field_error(owner_client, planned_dossier, day, saved):
    rows = [{"date": day, "start_time": "", "host_school": ""}] + [{}] * 4
    response = owner_client.post(
        reverse("applications:dossier_section_planning", args=[planned_dossier.pk]),
        planning_post(rows),
    )
    stored = planned_dossier.meetings.get(position=1).date
    if saved:
        assert response.status_code == 302
        assert stored == date.fromisoformat(day)
    else:
        assert response.status_code == 200
        assert response.context["built"].forms[0].errors["date"] == [
            "Kies een datum in schooljaar 2025-2026: van 1 september 2025 tot en met 30 juni 2026."
        ]
        assert f'value="{day}"' in response.text
        assert stored is None


def test_planning_stale_version_is_refused(owner_client, planned_dossier):
    dossier_save_planning(dossier=planned_dossier, version=0, meetings=[])
    rows = [{"date": "2025-10-01"}] + [{}] * 4
    response = owner_client.post(
        reverse("applications:dossier_section_planning", args=[planned_dossier.pk]),
        planning_post(rows),
    )
    assert response.status_code == 409
    assert PlannedMeeting.objects.filter(dossier=planned_dossier, date__isnull=False).count() == 0


# Access ------------------------------------------------------------------------------------------

SECTION_URLS = [
    "applications:dossier_section_schools",
    "applications:dossier_section_delegates",
    "applications:dossier_section_planning",
]


@pytest.mark.parametrize("name", SECTION_URLS)
def test_section_of_another_applicant_is_404(client, other_applicant, dossier, name):
    client.force_login(other_applicant)
    assert client.get(reverse(name, args=[dossier.pk])).status_code == 404
    assert client.post(reverse(name, args=[dossier.pk]), {}).status_code == 404


@pytest.mark.parametrize("name", SECTION_URLS)
def test_section_is_read_only_for_staff(client, staff_user, dossier, name):
    SchoolFactory(dossier=dossier)
    client.force_login(staff_user)
    response = client.get(reverse(name, args=[dossier.pk]))
    assert response.status_code == 200
    assert "disabled" in response.text
    assert ">Bewaren</button>" not in response.text
    assert client.post(reverse(name, args=[dossier.pk]), {}).status_code == 403


@pytest.mark.parametrize("name", SECTION_URLS)
def test_section_is_read_only_after_the_deadline(owner_client, dossier, name):
    dossier.call.deadline = timezone.now() - timedelta(minutes=1)
    dossier.call.opens_at = timezone.now() - timedelta(days=5)
    dossier.call.save()
    response = owner_client.get(reverse(name, args=[dossier.pk]))
    assert response.status_code == 200
    assert ">Bewaren</button>" not in response.text
    assert owner_client.post(reverse(name, args=[dossier.pk]), {}).status_code == 403


# Query counts ------------------------------------------------------------------------------------


def dossier_with_schools(applicant, count):
    dossier = dossier_create(call=CallFactory(), user=applicant)
    for position in range(1, count + 1):
        school = SchoolFactory(dossier=dossier, position=position)
        DelegateFactory.create_batch(2, school=school)
        LetterOfIntentFactory(school=school)
    hosts = list(dossier.schools.all())
    for meeting in dossier.meetings.all():
        meeting.host_school = hosts[meeting.position % count]
        meeting.save()
    return dossier


@pytest.mark.parametrize("name", SECTION_URLS)
def test_section_queries_do_not_grow_with_schools(
    owner_client, applicant, django_assert_num_queries, name
):
    small, large = dossier_with_schools(applicant, 3), dossier_with_schools(applicant, 5)
    owner_client.get(reverse(name, args=[small.pk]))  # warm the session
    with CaptureQueriesContext(connection) as small_queries:
        assert owner_client.get(reverse(name, args=[small.pk])).status_code == 200
    with django_assert_num_queries(len(small_queries)):
        assert owner_client.get(reverse(name, args=[large.pk])).status_code == 200


# Eligibility rules applied on save ------------------------------------------------------------


def test_institution_number_has_one_normalisation_for_forms_services_and_rules():
    assert services_composition.institution_number_normalise is (
        eligibility.institution_number_normalise
    )


def test_save_schools_stores_full_width_digits_as_ascii(dossier):
    dossier_save_schools(
        dossier=dossier, version=0, schools=[school_data(institution_number="１２３４５")]
    )
    assert dossier.schools.get().institution_number == "012345"


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        pytest.param(
            ("012345", "１２３４５"),
            "School Twee heeft hetzelfde instellingsnummer als School Een.",
            id="full-width-is-the-same-school",
        ),
        pytest.param(
            ("012345", "١٢٣٤٥"),
            "School Twee: Typ het instellingsnummer met de cijfers 0 tot 9, bv. 012345.",
            id="arabic-indic-digits-refused",
        ),
    ],
)
def test_save_schools_refuses_numbers_that_hide_a_school(dossier, numbers, message):
    with pytest.raises(ValidationError) as error:
        dossier_save_schools(
            dossier=dossier,
            version=0,
            schools=[
                school_data(name=name, institution_number=number)
                for name, number in zip(["School Een", "School Twee"], numbers, strict=True)
            ],
        )
    assert error.value.messages == [message]
    assert not dossier.schools.exists()


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        pytest.param("１２３", None, id="full-width-accepted"),
        pytest.param(
            "٣٢١", "Typ het instellingsnummer met de cijfers 0 tot 9, bv. 012345.", id="ar"
        ),
    ],
)
def test_schools_post_normalises_or_refuses_other_digits_next_to_field(
    owner_client, dossier, typed, error
):
    data = school_post(dossier, [school_row(name="De Linde", institution_number=typed)])
    response = owner_client.post(
        reverse("applications:dossier_section_schools", args=[dossier.pk]), data
    )
    if error is None:
        assert response.status_code == 302
        assert dossier.schools.get().institution_number == "000123"
    else:
        assert response.status_code == 200
        assert response.context["built"].forms[0].errors["institution_number"] == [error]
        assert not dossier.schools.exists()


def test_schools_post_name_of_invisible_characters_refused_next_to_field(owner_client, dossier):
    data = school_post(dossier, [school_row(name="\u200b\u00a0", institution_number="123")])
    response = owner_client.post(
        reverse("applications:dossier_section_schools", args=[dossier.pk]), data
    )
    assert response.status_code == 200
    assert response.context["built"].forms[0].errors["name"] == ["Dit veld is verplicht."]
    assert not dossier.schools.exists()


def test_save_schools_refuses_a_name_of_invisible_characters(dossier):
    with pytest.raises(ValidationError) as error:
        dossier_save_schools(dossier=dossier, version=0, schools=[school_data(name="\u2060")])
    assert error.value.messages == ["School 1: vul de naam van de school in."]


def test_school_lookup_finds_a_school_typed_in_full_width_digits(owner_client, dossier):
    earlier = DossierFactory(created_by=dossier.created_by)
    SchoolFactory(dossier=earlier, institution_number="000777", name="Sint-Jan")
    url = reverse("applications:dossier_school_lookup", args=[dossier.pk])
    assert owner_client.get(url, {"nummer": "７７７"}).json()["school"]["name"] == "Sint-Jan"
    assert owner_client.get(url, {"nummer": "٧٧٧"}).json() == {
        "found": False,
        "message": "Typ het instellingsnummer met de cijfers 0 tot 9, bv. 012345.",
    }


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("jan@school.be", "jan@school.be", id="same"),
        pytest.param("Jan@School.be", "jan@school.be ", id="case-and-space"),
        pytest.param("jan@school.be", "ｊａｎ@school.be", id="full-width"),
    ],
)
def test_save_delegates_refuses_one_person_twice_in_the_dossier(dossier, first, second):
    one, two = SchoolFactory(dossier=dossier), SchoolFactory(dossier=dossier)

    with pytest.raises(ValidationError) as error:
        dossier_save_delegates(
            dossier=dossier,
            version=0,
            delegates=[
                DelegateData(None, one.pk, "Jan Peeters", first, "director"),
                DelegateData(None, two.pk, "Jan Peeters", second, "teacher"),
            ],
        )

    assert error.value.messages == [
        f"{second.strip()} staat al bij de afgevaardigden van deze PLG: één persoon kan maar één "
        "keer afgevaardigd worden."
    ]
    assert [(e.params["row"], e.params["field"]) for e in error.value.error_list] == [(1, "email")]
    assert not Delegate.objects.filter(school__dossier=dossier).exists()


def test_save_delegates_accepts_same_name_with_other_addresses(dossier):
    one, two = SchoolFactory(dossier=dossier), SchoolFactory(dossier=dossier)
    dossier_save_delegates(
        dossier=dossier,
        version=0,
        delegates=[
            DelegateData(None, one.pk, "Jan Peeters", "jan@one.be", "director"),
            DelegateData(None, two.pk, "jan peeters", "jan@two.be", "teacher"),
        ],
    )
    assert Delegate.objects.filter(school__dossier=dossier).count() == 2


def test_save_delegates_refuses_a_name_of_invisible_characters(dossier):
    school = SchoolFactory(dossier=dossier)
    with pytest.raises(ValidationError) as error:
        dossier_save_delegates(
            dossier=dossier,
            version=0,
            delegates=[DelegateData(None, school.pk, "\u200b\ufeff", "a@school.be", "teacher")],
        )
    assert error.value.messages == ["Vul de naam van de afgevaardigde in."]


def test_delegates_post_same_person_twice_shows_error_next_to_the_field(owner_client, dossier):
    one, two = SchoolFactory.create_batch(2, dossier=dossier)
    kept = DelegateFactory(school=one, full_name="Jan Peeters", email="jan@school.be")
    rows = [
        [{"id": kept.pk, "full_name": kept.full_name, "email": kept.email, "function": "teacher"}],
        [{"id": "", "full_name": "Jan Peeters", "email": "Jan@School.be ", "function": "director"}],
    ]

    response = owner_client.post(
        reverse("applications:dossier_section_delegates", args=[dossier.pk]),
        delegate_post([one, two], rows),
    )

    message = (
        "Jan@School.be staat al bij de afgevaardigden van deze PLG: één persoon kan maar één "
        "keer afgevaardigd worden."
    )
    assert response.status_code == 200
    (_one, first), (_two, second) = response.context["built"]
    assert first.forms[0].errors == {}
    assert second.forms[0].errors["email"] == [message]
    assert response.context["errors"] == [message]
    assert list(two.delegates.all()) == []


def test_delegates_post_name_of_invisible_characters_refused_next_to_field(owner_client, dossier):
    school = SchoolFactory(dossier=dossier)
    rows = [[{"id": "", "full_name": "\u200b", "email": "an@school.be", "function": "teacher"}]]
    response = owner_client.post(
        reverse("applications:dossier_section_delegates", args=[dossier.pk]),
        delegate_post([school], rows),
    )
    assert response.status_code == 200
    assert response.context["built"][0][1].forms[0].errors["full_name"] == [
        "Dit veld is verplicht."
    ]
    assert school.delegates.count() == 0


def test_save_planning_refuses_the_second_of_two_meetings_on_one_day(dossier):
    saved = dossier_save_planning(
        dossier=dossier,
        version=0,
        meetings=[
            MeetingData(1, date(2025, 10, 1), time(9, 0), None),
            MeetingData(2, date(2025, 10, 1), time(14, 0), None),
        ],
    )
    assert [error.messages for error in saved.refused] == [
        ["Bijeenkomst 2 valt op dezelfde dag als bijeenkomst 1."]
    ]
    assert saved.saved == (1,)
    assert [m.date for m in dossier.meetings.filter(date__isnull=False)] == [date(2025, 10, 1)]


def test_save_planning_refuses_a_day_already_taken_by_a_stored_meeting(dossier):
    dossier_save_planning(
        dossier=dossier, version=0, meetings=[MeetingData(1, date(2025, 10, 1), None, None)]
    )
    saved = dossier_save_planning(
        dossier=dossier, version=1, meetings=[MeetingData(3, date(2025, 10, 1), None, None)]
    )
    assert [error.messages for error in saved.refused] == [
        ["Bijeenkomst 3 valt op dezelfde dag als bijeenkomst 1."]
    ]
    assert dossier.meetings.get(position=3).date is None


def test_planning_post_two_meetings_on_one_day_shows_error_next_to_the_field(
    owner_client, planned_dossier
):
    rows = [{"date": "2025-10-01"}, {"date": "2025-10-02"}, {"date": "2025-10-01"}, {}, {}]
    response = owner_client.post(
        reverse("applications:dossier_section_planning", args=[planned_dossier.pk]),
        planning_post(rows),
    )
    assert response.status_code == 200
    forms = response.context["built"].forms
    assert forms[2].errors["date"] == ["Bijeenkomst 3 valt op dezelfde dag als bijeenkomst 1."]
    assert forms[0].errors == {}
    # The other meetings are stored; the third keeps what was stored and what was typed.
    assert [m.date for m in planned_dossier.meetings.all()] == [
        date(2025, 10, 1),
        date(2025, 10, 2),
        None,
        None,
        None,
    ]
    assert 'value="2025-10-01"' in response.text


@pytest.fixture
def dossier_2024(applicant):
    call = call_2024_upsert(
        slug="open-2024-rules",
        opens_at=timezone.now() - timedelta(days=10),
        deadline=timezone.now() + timedelta(days=30),
    )
    dossier = dossier_create(call=call, user=applicant)
    SchoolFactory.create_batch(3, dossier=dossier)
    return dossier


@pytest.mark.parametrize(
    ("day", "saved"),
    [
        ("2026-06-30", True),
        ("2026-07-01", True),
        ("2026-07-15", True),
        ("2026-08-31", True),
        ("2026-09-01", False),
    ],
)
def test_planning_post_2024_call_school_year_runs_to_31_august(
    owner_client, dossier_2024, day, saved
):
    rows = [{"date": day, "start_time": "", "host_school": ""}] + [{}] * 4
    response = owner_client.post(
        reverse("applications:dossier_section_planning", args=[dossier_2024.pk]),
        planning_post(rows),
    )
    stored = dossier_2024.meetings.get(position=1).date
    if saved:
        assert response.status_code == 302
        assert stored == date.fromisoformat(day)
    else:
        assert response.context["built"].forms[0].errors["date"] == [
            "Kies een datum in schooljaar 2025-2026: van 1 september 2025 tot en met 31 augustus "
            "2026."
        ]
        assert stored is None


# Meeting by meeting: a wrong meeting is refused, the others are stored ---------------------------

OCT_1, OCT_2, OCT_3 = date(2025, 10, 1), date(2025, 10, 2), date(2025, 10, 3)


@pytest.mark.parametrize(
    ("stored", "proposed", "refused"),
    [
        pytest.param({}, {1: OCT_1, 2: OCT_2}, {}, id="different-days"),
        pytest.param({}, {1: OCT_1, 2: None, 3: None}, {}, id="undated-never-clash"),
        pytest.param({}, {1: OCT_1, 3: OCT_1}, {3: 1}, id="new-day-kept-by-the-earliest"),
        pytest.param({}, {1: OCT_1, 2: OCT_1, 3: OCT_1}, {2: 1, 3: 1}, id="three-on-one-day"),
        pytest.param({1: OCT_1}, {3: OCT_1}, {3: 1}, id="onto-a-stored-day"),
        pytest.param({3: OCT_1}, {1: OCT_1}, {1: 3}, id="earlier-moved-onto-a-kept-day"),
        pytest.param({1: OCT_1, 3: OCT_1}, {2: OCT_2}, {}, id="old-clash-does-not-block-others"),
        pytest.param(
            {1: OCT_1, 2: OCT_2}, {1: OCT_2, 2: OCT_1}, {}, id="two-meetings-swap-their-days"
        ),
        # 2 moves onto 1's new day and is refused; it keeps its stored day, which 3 now takes.
        pytest.param(
            {2: OCT_3}, {1: OCT_1, 2: OCT_1, 3: OCT_3}, {2: 1, 3: 2}, id="a-refusal-refuses-on"
        ),
    ],
)
def test_same_day_refusals_keep_one_meeting_a_day(stored, proposed, refused):
    assert same_day_refusals(stored, proposed) == refused


def test_save_planning_stores_the_right_meetings_beside_a_wrong_one(dossier):
    saved = dossier_save_planning(
        dossier=dossier,
        version=0,
        meetings=[
            MeetingData(1, OCT_1, time(9, 0), None),
            MeetingData(2, date(2027, 1, 1), time(9, 0), None),
            MeetingData(3, OCT_3, None, None),
        ],
    )

    assert (saved.version, saved.saved) == (1, (1, 3))
    assert [(error.params["row"], error.params["field"]) for error in saved.refused] == [
        (1, "date")
    ]
    assert [m.date for m in dossier.meetings.all()] == [OCT_1, None, OCT_3, None, None]


def test_save_planning_position_the_call_does_not_have_refuses_everything(dossier):
    with pytest.raises(ValidationError) as error:
        dossier_save_planning(
            dossier=dossier,
            version=0,
            meetings=[MeetingData(1, OCT_1, None, None), MeetingData(9, OCT_2, None, None)],
        )
    assert error.value.messages == ["Onbekende bijeenkomst 9."]
    assert not dossier.meetings.filter(date__isnull=False).exists()


WRONG_DATE = "Kies een datum in schooljaar 2025-2026: van 1 september 2025 tot en met 30 juni 2026."


def five_meetings(wrong_third="2027-01-01"):
    return [
        {"date": "2025-10-06", "start_time": "13:30", "host_school": ""},
        {"date": "2025-12-01", "start_time": "13:30", "host_school": ""},
        {"date": wrong_third, "start_time": "13:30", "host_school": ""},
        {"date": "2026-03-30", "start_time": "", "host_school": ""},
        {"date": "2026-05-18", "start_time": "", "host_school": ""},
    ]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_planning_post_stores_the_right_meetings_and_says_which_were_not(
    owner_client, planned_dossier, htmx
):
    url = reverse("applications:dossier_section_planning", args=[planned_dossier.pk])
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    response = owner_client.post(url, planning_post(five_meetings()), **headers)

    assert response.status_code == 200
    assert [m.date for m in planned_dossier.meetings.all()] == [
        date(2025, 10, 6),
        date(2025, 12, 1),
        None,
        date(2026, 3, 30),
        date(2026, 5, 18),
    ]
    assert response.context["planning_outcome"] == [
        "Bijeenkomsten 1, 2, 4 en 5 zijn bewaard.",
        "Bijeenkomst 3 is niet bewaard: verbeter de fout en bewaar opnieuw.",
    ]
    assert [row[3] for row in response.context["rows"]] == ["saved"] * 2 + ["refused"] + [
        "saved"
    ] * 2
    html = response.content.decode()
    assert 'value="2027-01-01"' in html  # what was typed in the wrong meeting stays
    link = '<a class="alert-link" href="#id_meetings-2-date">Bijeenkomst 3 – Datum: {}</a>'
    assert link.format(escape(WRONG_DATE)) in html
    # The next save goes on from this one: the form carries the new version.
    assert '<input type="hidden" name="version" value="1">' in html
    assert response.get("HX-Trigger") == ("dossier-changed" if htmx else None)


def test_planning_post_after_fixing_the_wrong_meeting_saves_it(owner_client, planned_dossier):
    url = reverse("applications:dossier_section_planning", args=[planned_dossier.pk])
    owner_client.post(url, planning_post(five_meetings()))

    response = owner_client.post(url, planning_post(five_meetings("2026-02-02"), version=1))

    assert response.status_code == 302
    assert planned_dossier.meetings.get(position=3).date == date(2026, 2, 2)


def test_planning_post_with_every_meeting_wrong_stores_nothing(owner_client, planned_dossier):
    rows = [{"date": f"2027-01-0{n}", "start_time": "", "host_school": ""} for n in range(1, 6)]
    url = reverse("applications:dossier_section_planning", args=[planned_dossier.pk])

    response = owner_client.post(url, planning_post(rows))

    assert response.status_code == 200
    assert response.context["planning_outcome"] == [
        "Bijeenkomsten 1, 2, 3, 4 en 5 zijn niet bewaard: verbeter de fouten en bewaar opnieuw."
    ]
    assert not planned_dossier.meetings.filter(date__isnull=False).exists()
    assert planned_dossier.section_version(Section.PLANNING) == 0


def test_delegates_post_refused_shows_summary_naming_school_and_row(owner_client, dossier):
    school = SchoolFactory(dossier=dossier, name="Atheneum Zuid")
    rows = [[{"id": "", "full_name": "An", "email": "geen-adres", "function": "teacher"}]]

    response = owner_client.post(
        reverse("applications:dossier_section_delegates", args=[dossier.pk]),
        delegate_post([school], rows),
    )

    html = response.content.decode()
    assert html.count("data-error-summary") == 1
    assert (
        f'<a class="alert-link" href="#id_school-{school.pk}-0-email">Atheneum Zuid, '
        "afgevaardigde 1 – E-mailadres: Voer een geldig e-mailadres in.</a>"
    ) in html
