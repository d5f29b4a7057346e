"""The dossier's composition sections: schools, delegates and planning (services and pages)."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.enums import Section
from applications.models import Delegate, LetterOfIntent, PlannedMeeting, School
from applications.services import SectionConflict, dossier_create
from applications.services_composition import (
    DelegateData,
    MeetingData,
    SchoolData,
    dossier_save_delegates,
    dossier_save_planning,
    dossier_save_schools,
    hosting_is_uneven,
    institution_number_normalise,
    meeting_end_time,
)
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


@pytest.mark.parametrize(
    ("hosts", "uneven"),
    [
        ([1, 2, 3, 1, 2], False),
        ([1, 1, 2, 2, None], True),
        ([1, 2, None, None, None], False),
        ([1, 1, 2, 3, 3], False),
    ],
)
def test_hosting_is_uneven_when_one_school_hosts_none_and_another_two(hosts, uneven):
    assert hosting_is_uneven([1, 2, 3], hosts) == uneven


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
            schools=[school_data(institution_number="12"), school_data(institution_number="012")],
        )
    assert error.value.messages == ["Scholen 1 en 2 hebben hetzelfde instellingsnummer."]
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
    if allowed:
        dossier_save_planning(dossier=dossier, version=0, meetings=meetings)
        assert dossier.meetings.get(position=1).date == day
    else:
        with pytest.raises(ValidationError):
            dossier_save_planning(dossier=dossier, version=0, meetings=meetings)
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
    with pytest.raises(ValidationError):
        dossier_save_planning(
            dossier=dossier,
            version=0,
            meetings=[MeetingData(1, None, None, SchoolFactory().pk)],
        )


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
    response = owner_client.get(reverse("dossier_section_schools", args=[dossier.pk]))
    assert response.status_code == 200
    assert response.context["built"].total_form_count() == 5
    assert "De Linde" in response.text
    assert "Opzoeken" in response.text


def test_schools_post_saves_and_redirects_with_message(owner_client, dossier):
    url = reverse("dossier_section_schools", args=[dossier.pk])
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
        reverse("dossier_section_schools", args=[dossier.pk]), data, HTTP_HX_REQUEST="true"
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
    response = owner_client.post(reverse("dossier_section_schools", args=[dossier.pk]), data)
    assert response.status_code == 200
    errors = response.context["built"].forms[1].errors
    assert errors["institution_number"] == [
        "Dit instellingsnummer staat al bij school 1 van dit dossier."
    ]
    assert 'value="Twee"' in response.text
    assert dossier.schools.count() == 0


def test_schools_post_bad_number_and_postcode_show_dutch_errors(owner_client, dossier):
    data = school_post(
        dossier, [school_row(name="Een", institution_number="1234567", postcode="900")]
    )
    response = owner_client.post(reverse("dossier_section_schools", args=[dossier.pk]), data)
    errors = response.context["built"].forms[0].errors
    assert errors["institution_number"] == [
        "Een instellingsnummer bestaat uit hoogstens 6 cijfers, bv. 012345."
    ]
    assert errors["postcode"] == ["Geef een Belgische postcode van 4 cijfers, bv. 9000."]


def test_schools_removal_asks_confirmation_then_deletes_delegates(owner_client, dossier):
    keep, drop = SchoolFactory(dossier=dossier), SchoolFactory(dossier=dossier, name="Weg")
    DelegateFactory(school=drop)
    url = reverse("dossier_section_schools", args=[dossier.pk])
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

    response = owner_client.post(reverse("dossier_section_schools", args=[dossier.pk]), data)

    assert response.status_code == 409
    assert "Iemand anders heeft dit onderdeel intussen bewaard" in response.text
    assert 'value="Mijn naam"' in response.text
    assert "Bewaarde naam" in response.text
    assert response.context["version"] == 1
    school.refresh_from_db()
    assert school.name == "Bewaarde naam"


def test_schools_lookup_button_fills_the_row_from_a_known_school(owner_client, dossier):
    SchoolFactory(institution_number="000777", name="Oude naam", city="Brugge")
    SchoolFactory(
        institution_number="000777",
        name="Sint-Jan",
        street="Markt 1",
        postcode="8000",
        city="Brugge",
        network="katholiek",
        levels=["secundair", "dko"],
    )
    data = school_post(dossier, [school_row(institution_number="777")], lookup="schools-0")

    response = owner_client.post(reverse("dossier_section_schools", args=[dossier.pk]), data)

    assert response.status_code == 200
    form = response.context["built"].forms[0]
    assert form["name"].value() == "Sint-Jan"
    assert form["postcode"].value() == "8000"
    assert form["network"].value() == "katholiek"
    assert form["levels"].value() == ["secundair"]  # only the call's eligible levels
    assert "Gegevens van Sint-Jan ingevuld" in response.text
    assert dossier.schools.count() == 0


def test_school_lookup_endpoint_answers_json(owner_client, dossier):
    SchoolFactory(institution_number="000777", name="Sint-Jan", city="Brugge")
    url = reverse("dossier_school_lookup", args=[dossier.pk])

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
    url = reverse("dossier_school_lookup", args=[dossier.pk])
    assert owner_client.get(url, {"nummer": "777"}).json()["found"] is False


def test_delegates_page_shows_quota_and_diversity(owner_client, dossier):
    schools = SchoolFactory.create_batch(3, dossier=dossier)
    DelegateFactory(school=schools[0], function="director")
    DelegateFactory(school=schools[1], function="director")
    response = owner_client.get(reverse("dossier_section_delegates", args=[dossier.pk]))
    assert response.status_code == 200
    assert "School 1 moet 3 afgevaardigden hebben (bij 3 scholen); nu bewaard: 1." in response.text
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
    url = reverse("dossier_section_delegates", args=[dossier.pk])
    response = owner_client.post(url, delegate_post(schools, rows))
    assert response.status_code == 302
    assert [len(s.delegates.all()) for s in schools] == [3, 3, 0]
    assert reload(dossier).section_version(Section.DELEGATES) == 1


def test_delegates_post_invalid_email_keeps_input(owner_client, dossier):
    school = SchoolFactory(dossier=dossier)
    rows = [[{"id": "", "full_name": "An", "email": "geen-adres", "function": "teacher"}]]
    response = owner_client.post(
        reverse("dossier_section_delegates", args=[dossier.pk]), delegate_post([school], rows)
    )
    assert response.status_code == 200
    assert 'value="An"' in response.text
    assert school.delegates.count() == 0


def test_delegates_stale_version_is_refused(owner_client, dossier):
    school = SchoolFactory(dossier=dossier)
    dossier_save_delegates(dossier=dossier, version=0, delegates=[])
    rows = [[{"id": "", "full_name": "An", "email": "an@school.be", "function": "teacher"}]]
    response = owner_client.post(
        reverse("dossier_section_delegates", args=[dossier.pk]), delegate_post([school], rows)
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
    response = owner_client.get(reverse("dossier_section_planning", args=[planned_dossier.pk]))
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
    url = reverse("dossier_section_planning", args=[planned_dossier.pk])
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
        reverse("dossier_section_planning", args=[planned_dossier.pk]), planning_post(rows)
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
        reverse("dossier_section_planning", args=[planned_dossier.pk]), planning_post(rows)
    )
    assert response.status_code == 409
    assert PlannedMeeting.objects.filter(dossier=planned_dossier, date__isnull=False).count() == 0


# Access ------------------------------------------------------------------------------------------

SECTION_URLS = ["dossier_section_schools", "dossier_section_delegates", "dossier_section_planning"]


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
