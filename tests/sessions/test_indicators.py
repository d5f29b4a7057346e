"""The schools' indicators (Guskey levels 3 and 5): defined on the call, filled in per school
after the kick-off and after the closing event through a signed link (30 days) or by a
signed-in contact person or delegate, one record per school and moment; the coach sees who has
not and sends the link again; the report, its PDF, the overview and staff's XLSX show before →
after."""

import io
from datetime import date, timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader

from plgportal.calls.services import call_copy
from plgportal.outbox.models import Email
from plgportal.reminders.services import reminders_send_due
from plgportal.spreadsheets.registry import build_file
from sessions.enums import IndicatorMoment, MeetingKind
from sessions.indicators.services import (
    DEFAULT_DEFINITIONS,
    indicator_definitions_ensure,
    indicator_link_send,
    indicator_record_save,
)
from sessions.indicators.tokens import VALID_FOR, indicator_token, read_indicator_token
from sessions.models import IndicatorDefinition, IndicatorRecord, IndicatorValue, Meeting
from tests.factories import UserFactory, brussels, eligible_dossier
from tests.sessions.factories import trajectory_for

pytestmark = pytest.mark.django_db

BEFORE, AFTER = IndicatorMoment.BEFORE, IndicatorMoment.AFTER
GOOD = {
    "starters": 10,
    "starters_left": 4,
    "absence_days": None,
    "induction_policy": False,
    "career_policy": True,
    "policy_change": "Een mentor voor elke starter.",
}
POSTED = {
    "starters": "12",
    "starters_left": "2",
    "absence_days": "",
    "induction_policy": "yes",
    "career_policy": "yes",
    "policy_change": "Mentoren en loopbaangesprekken",
}


def joint_events(call, *, kickoff_days_ago=30, closing_days_ago=None):
    today = timezone.localdate()
    Meeting.objects.create(
        call=call, kind=MeetingKind.KICKOFF, date=today - timedelta(days=kickoff_days_ago)
    )
    closing = None if closing_days_ago is None else today - timedelta(days=closing_days_ago)
    Meeting.objects.create(call=call, kind=MeetingKind.CLOSING, date=closing)


@pytest.fixture
def trajectory(applicant, coach):
    trajectory = trajectory_for(coach=coach, created_by=applicant)
    joint_events(trajectory.dossier.call, closing_days_ago=1)
    return trajectory


@pytest.fixture
def school(trajectory):
    return trajectory.dossier.schools.order_by("position").first()


def link(school, moment=BEFORE, issued_at=None):
    token = indicator_token(
        school_id=school.pk, moment=moment, issued_at=issued_at or timezone.now()
    )
    return reverse("sessions:indicators_form", args=[token])


def values_of(record):
    return {v.definition.code: v.value for v in record.values.select_related("definition")}


# Definitions on the call


def test_trajectory_gives_its_call_the_2024_indicators(trajectory):
    definitions = IndicatorDefinition.objects.filter(call=trajectory.dossier.call)
    assert [d.code for d in definitions.order_by("position")] == [
        code for code, *_rest in DEFAULT_DEFINITIONS
    ]
    assert indicator_definitions_ensure(call=trajectory.dossier.call) == list(definitions)


def test_copied_call_copies_its_indicators(trajectory):
    source = trajectory.dossier.call
    IndicatorDefinition.objects.filter(call=source, code="absence_days").update(label="Ziekte")
    copy = call_copy(source=source, slug="plg-2026", title="Oproep 2026")
    assert list(
        IndicatorDefinition.objects.filter(call=copy)
        .order_by("position")
        .values_list("code", "label")
    ) == list(
        IndicatorDefinition.objects.filter(call=source)
        .order_by("position")
        .values_list("code", "label")
    )
    assert IndicatorDefinition.objects.get(call=copy, code="absence_days").label == "Ziekte"


# The service: one record per school and moment


def test_record_save_then_change_keeps_one_record(school):
    first = indicator_record_save(school=school, moment=BEFORE, values=GOOD)
    again = indicator_record_save(school=school, moment=BEFORE, values=GOOD | {"starters": 11})
    assert first.pk == again.pk
    assert IndicatorRecord.objects.filter(school=school).count() == 1
    assert values_of(again)["starters"] == 11
    assert again.filled_in_at == first.filled_in_at
    assert again.updated_at > first.updated_at
    assert IndicatorValue.objects.filter(record=again).count() == len(DEFAULT_DEFINITIONS)


def test_record_per_moment_is_separate(school):
    indicator_record_save(school=school, moment=BEFORE, values=GOOD)
    indicator_record_save(school=school, moment=AFTER, values=GOOD | {"starters_left": 1})
    assert IndicatorRecord.objects.filter(school=school).count() == 2


def test_database_refuses_a_second_record_for_school_and_moment(school):
    now = timezone.now()
    IndicatorRecord.objects.create(school=school, moment=BEFORE, filled_in_at=now, updated_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorRecord.objects.create(
            school=school, moment=BEFORE, filled_in_at=now, updated_at=now
        )


def test_record_refused_before_its_event(applicant, coach):
    trajectory = trajectory_for(coach=coach, created_by=applicant)
    joint_events(trajectory.dossier.call, kickoff_days_ago=-3)  # the kick-off is still to come
    school = trajectory.dossier.schools.first()
    with pytest.raises(ValidationError) as refused:
        indicator_record_save(school=school, moment=BEFORE, values=GOOD)
    assert refused.value.code == "closed"
    with pytest.raises(ValidationError):  # no closing date yet
        indicator_record_save(school=school, moment=AFTER, values=GOOD)
    assert not IndicatorRecord.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starters": None}, "starters"),
        ({"induction_policy": None}, "induction_policy"),
        ({"starters_left": 11}, "starters_left"),
        ({"starters": -1}, "starters"),
        ({"career_policy": "ja"}, "career_policy"),
    ],
)
def test_record_refused_with_field_errors(school, change, field):
    with pytest.raises(ValidationError) as refused:
        indicator_record_save(school=school, moment=BEFORE, values=GOOD | change)
    assert field in refused.value.message_dict
    assert not IndicatorRecord.objects.exists()


def test_optional_values_may_stay_empty(school):
    record = indicator_record_save(
        school=school, moment=BEFORE, values=GOOD | {"absence_days": None, "policy_change": ""}
    )
    assert values_of(record)["absence_days"] is None
    assert values_of(record)["policy_change"] == ""


# The signed link


def test_token_round_trip_and_expiry():
    issued = timezone.now()
    token = indicator_token(school_id=7, moment="after", issued_at=issued)
    read = read_indicator_token(token)
    assert (read.school_id, read.moment) == (7, "after")
    assert not read.is_expired_at(issued + VALID_FOR - timedelta(seconds=1))
    assert read.is_expired_at(issued + VALID_FOR)
    assert read_indicator_token(token[:-2] + "xx") is None
    assert read_indicator_token("bogus") is None


def test_link_shows_form_and_saves(client, school):
    url = link(school)
    page = client.get(url)
    assert page.status_code == 200
    assert escape(school.name) in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    response = client.post(url, POSTED)
    assert response.status_code == 302
    record = IndicatorRecord.objects.get(school=school, moment=BEFORE)
    assert values_of(record) | {} == {
        "starters": 12,
        "starters_left": 2,
        "absence_days": None,
        "induction_policy": True,
        "career_policy": True,
        "policy_change": "Mentoren en loopbaangesprekken",
    }
    assert record.updated_by is None
    assert "Al ingevuld" in client.get(url).content.decode()


def test_link_with_errors_comes_back(client, school):
    response = client.post(link(school), POSTED | {"starters_left": "20"})
    assert response.status_code == 200
    assert "niet meer starters vertrokken" in response.content.decode()
    assert not IndicatorRecord.objects.exists()


def test_expired_link_says_so_and_how_to_get_a_new_one(client, school):
    url = link(school, issued_at=timezone.now() - VALID_FOR - timedelta(minutes=1))
    for response in (client.get(url), client.post(url, POSTED)):
        assert response.status_code == 410
        assert "verlopen" in response.content.decode()
        assert "coach" in response.content.decode()
    assert not IndicatorRecord.objects.exists()


def test_link_still_valid_just_before_expiry(client, school):
    url = link(school, issued_at=timezone.now() - VALID_FOR + timedelta(minutes=5))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("token", ["bogus", "x" * 80])
def test_bogus_link_is_400(client, token):
    assert client.get(reverse("sessions:indicators_form", args=[token])).status_code == 400


def test_link_of_a_school_without_trajectory_is_400(client, school):
    school.dossier.trajectory.delete()
    assert client.get(link(school)).status_code == 400


# Signed in: the school's own people


def signed_in_url(school, moment=BEFORE):
    return reverse(
        "sessions:trajectory_indicators",
        kwargs={"pk": school.dossier.trajectory.pk, "school_pk": school.pk, "moment": moment},
    )


def test_contact_person_fills_in_signed_in(client, applicant, school):
    client.force_login(applicant)
    url = signed_in_url(school)
    assert client.get(url).status_code == 200
    assert client.post(url, POSTED).status_code == 302
    assert IndicatorRecord.objects.get(school=school, moment=BEFORE).updated_by == applicant


@pytest.mark.parametrize("who", ["other_applicant", "coach", "staff_user"])
def test_others_may_not_fill_in_signed_in(client, request, school, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(signed_in_url(school)).status_code == 404
    assert client.post(signed_in_url(school), POSTED).status_code == 404
    assert not IndicatorRecord.objects.exists()


def test_unknown_moment_is_404(client, applicant, school):
    client.force_login(applicant)
    assert client.get(signed_in_url(school, "later")).status_code == 404


def test_delegate_fills_in_only_for_own_school(client, trajectory):
    first, second = trajectory.dossier.schools.order_by("position")[:2]
    delegate = trajectory.participants.filter(school=first).first()
    user = UserFactory(role="applicant", email=delegate.email)
    client.force_login(user)
    assert client.get(signed_in_url(first)).status_code == 200
    assert client.get(signed_in_url(second)).status_code == 404


# The coach: who has not, and the link again


def test_trajectory_page_shows_status_per_school_and_moment(client, coach, trajectory, school):
    indicator_record_save(school=school, moment=BEFORE, values=GOOD)
    client.force_login(coach)
    page = client.get(reverse("sessions:trajectory_detail", args=[trajectory.pk]))
    html = page.content.decode()
    schools = trajectory.dossier.schools.count()
    assert html.count('badge text-bg-success">ingevuld') == 1
    assert html.count("nog niet ingevuld") == 2 * schools - 1
    assert "Link opnieuw sturen" in html


def test_participant_sees_fill_in_links_not_resend(client, applicant, trajectory):
    client.force_login(applicant)
    html = client.get(reverse("sessions:trajectory_detail", args=[trajectory.pk])).content.decode()
    assert "Link opnieuw sturen" not in html
    assert signed_in_url(trajectory.dossier.schools.first()) in html


def send_url(school, moment=BEFORE):
    return reverse(
        "sessions:trajectory_indicators_send",
        kwargs={"pk": school.dossier.trajectory.pk, "school_pk": school.pk, "moment": moment},
    )


def test_coach_sends_the_link_again_to_the_contact_person(client, coach, applicant, school):
    client.force_login(coach)
    response = client.post(send_url(school))
    assert response.status_code == 302
    mail = Email.objects.get()
    assert mail.to == applicant.email
    token = mail.body_text.split("/indicatoren/")[1].split("/")[0]
    assert read_indicator_token(token).school_id == school.pk
    client.post(send_url(school))
    assert Email.objects.count() == 2  # sending again is what was asked


def test_participant_may_not_send_the_link(client, applicant, school):
    client.force_login(applicant)
    assert client.post(send_url(school)).status_code == 403
    assert not Email.objects.exists()


def test_link_not_sent_before_the_moment_opens(applicant, coach):
    trajectory = trajectory_for(coach=coach, created_by=applicant)
    joint_events(trajectory.dossier.call)  # closing not dated yet
    with pytest.raises(ValidationError):
        indicator_link_send(school=trajectory.dossier.schools.first(), moment=AFTER, by=coach)
    assert not Email.objects.exists()


def add_schools_with_records(coach, applicant, schools):
    trajectory = trajectory_for(coach=coach, created_by=applicant, schools=schools)
    joint_events(trajectory.dossier.call, closing_days_ago=1)
    for school in trajectory.dossier.schools.all():
        indicator_record_save(school=school, moment=BEFORE, values=GOOD)
        indicator_record_save(school=school, moment=AFTER, values=GOOD | {"starters_left": 1})
    return trajectory


def test_trajectory_page_queries_do_not_grow_with_schools(client, coach, applicant):
    client.force_login(coach)
    counts = []
    for schools in (3, 5):
        trajectory = add_schools_with_records(coach, applicant, schools)
        url = reverse("sessions:trajectory_detail", args=[trajectory.pk])
        client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Before → after in the report, its PDF and the overview


def test_report_and_overview_show_before_after(client, coach, applicant):
    trajectory = add_schools_with_records(coach, applicant, 3)
    client.force_login(coach)
    report = client.get(reverse("sessions:trajectory_report", args=[trajectory.pk]))
    html = report.content.decode()
    assert 'id="report-indicators"' in html
    # Three schools of 10 starters: 12 left before (60% stayed), 3 after (90%).
    assert "60% (18 van 30 bleven)" in html
    assert "90% (27 van 30 bleven)" in html
    assert "3 van 3 scholen vulden in bij de start, 3 na de slotbijeenkomst." in html
    overview = client.get(reverse("sessions:trajectory_overview", args=[trajectory.pk]))
    assert "90% (27 van 30 bleven)" in overview.content.decode()
    call_page = client.get(reverse("sessions:overview", args=[trajectory.dossier.call.slug]))
    call_html = call_page.content.decode()
    assert 'id="indicators-table"' in call_html
    assert "60% (18 van 30 bleven) → 90% (27 van 30 bleven)" in call_html


def test_report_pdf_shows_before_after(client, coach, applicant):
    trajectory = add_schools_with_records(coach, applicant, 3)
    client.force_login(coach)
    response = client.get(reverse("sessions:trajectory_report_pdf", args=[trajectory.pk]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Indicatoren van de scholen: voor en na" in text
    assert "Behoud van starters" in text
    assert "90% (27 van 30 bleven)" in text


def test_call_overview_queries_do_not_grow_with_trajectories(client, coach, applicant):
    client.force_login(coach)
    first = add_schools_with_records(coach, applicant, 3)
    call = first.dossier.call
    url = reverse("sessions:overview", args=[call.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _index in range(2):
        other = trajectory_for(dossier=eligible_dossier(call=call), coach=coach)
        for school in other.dossier.schools.all():
            indicator_record_save(school=school, moment=BEFORE, values=GOOD)
    with CaptureQueriesContext(connection) as three:
        page = client.get(url)
    assert page.content.decode().count("indicators-table") == 1
    assert len(one) == len(three)


# Staff's XLSX of the whole call


def test_indicators_dataset_one_row_per_school(coach, applicant):
    trajectory = add_schools_with_records(coach, applicant, 3)
    name, content = build_file(call=trajectory.dossier.call, dataset="indicatoren", fmt="xlsx")
    assert name.endswith("-indicatoren.xlsx")
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 3
    first = dict(zip(header, body[0], strict=True))
    label = IndicatorDefinition.objects.get(call=trajectory.dossier.call, code="starters_left")
    assert first[f"{label.label} – Bij de start"] == 4
    assert first[f"{label.label} – Na de slotbijeenkomst"] == 1
    assert first["Behoud van starters (%) – Bij de start"] == 60
    assert first["Behoud van starters (%) – Na de slotbijeenkomst"] == 90
    induction = IndicatorDefinition.objects.get(
        call=trajectory.dossier.call, code="induction_policy"
    )
    assert first[f"{induction.label} – Bij de start"] == "nee"


# The mails: after the kick-off and after the closing event, exactly once, to contact persons


def indicator_mails():
    return Email.objects.filter(event_key__startswith="reminder:indicators_request:")


@pytest.fixture
def dated_trajectory(applicant, coach):
    """Kick-off on 1 October 2026, closing on 20 May 2027."""
    trajectory = trajectory_for(coach=coach, created_by=applicant)
    call = trajectory.dossier.call
    Meeting.objects.create(call=call, kind=MeetingKind.KICKOFF, date=date(2026, 10, 1))
    Meeting.objects.create(call=call, kind=MeetingKind.CLOSING, date=date(2027, 5, 20))
    return trajectory


def test_request_mailed_once_the_day_after_the_kickoff(dated_trajectory, applicant):
    schools = dated_trajectory.dossier.schools.count()
    reminders_send_due(now=brussels(2026, 10, 1, 18))
    assert not indicator_mails().exists()  # the kick-off is still going on
    reminders_send_due(now=brussels(2026, 10, 2, 8))
    # No lead school named: the dossier's contact person speaks for every school.
    assert indicator_mails().filter(to=applicant.email).count() == schools
    reminders_send_due(now=brussels(2026, 10, 3, 8))
    assert indicator_mails().count() == schools  # exactly once
    mail = indicator_mails().first()
    token = mail.body_text.split("/indicatoren/")[1].split("/")[0]
    link = read_indicator_token(token)
    assert link.moment == BEFORE
    assert "1 november 2026" in mail.body_text  # valid for 30 days


def test_reminder_only_to_schools_that_did_not_fill_in(dated_trajectory):
    school = dated_trajectory.dossier.schools.order_by("position").first()
    reminders_send_due(now=brussels(2026, 10, 2, 8))
    indicator_record_save(school=school, moment=BEFORE, values=GOOD, now=brussels(2026, 10, 5, 10))
    reminders_send_due(now=brussels(2026, 10, 15, 8))
    reminded = indicator_mails().filter(event_key__contains=":d14:")
    assert reminded.count() == dated_trajectory.dossier.schools.count() - 1
    assert not reminded.filter(event_key__contains=f"school-{school.pk}-").exists()
    assert reminded.first().subject.startswith("Herinnering")


def test_after_request_follows_the_closing_event(dated_trajectory):
    reminders_send_due(now=brussels(2027, 5, 21, 8))
    mails = indicator_mails()
    assert mails.count() == dated_trajectory.dossier.schools.count()
    assert all(":after:" in m.event_key or "-after:" in m.event_key for m in mails)
    token = mails.first().body_text.split("/indicatoren/")[1].split("/")[0]
    assert read_indicator_token(token).moment == AFTER


def test_migration_seeds_the_2024_indicators_on_calls_without_any(trajectory):
    seed = import_module("sessions.migrations.0011_indicator_definitions_2024")
    call = trajectory.dossier.call
    seeded = list(
        IndicatorDefinition.objects.filter(call=call)
        .order_by("position")
        .values_list("code", "kind", "label", "help_text", "required")
    )
    IndicatorDefinition.objects.filter(call=call).delete()
    bare = call_copy(source=call, slug="zonder", title="Zonder indicatoren")

    seed.seed_definitions(apps, None)

    for of in (call, bare):
        assert (
            list(
                IndicatorDefinition.objects.filter(call=of)
                .order_by("position")
                .values_list("code", "kind", "label", "help_text", "required")
            )
            == seeded
        )
    seed.seed_definitions(apps, None)  # a call with indicators keeps them
    assert IndicatorDefinition.objects.filter(call=call).count() == len(seeded)
