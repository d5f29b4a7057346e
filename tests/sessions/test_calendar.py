"""iCalendar text and the token-protected feeds."""

from datetime import UTC, date, datetime, time

import pytest
from django.urls import reverse

from sessions.calendar.feeds import Event, calendar_text, escape, fold
from sessions.enums import MeetingKind
from sessions.models import CalendarToken, Meeting
from tests.sessions.factories import trajectory_for

NOW = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)


def test_fold_keeps_lines_within_75_octets_and_splits_no_character():
    line = "DESCRIPTION:" + "é" * 100  # 2 octets each
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert (
        "".join(piece.removeprefix(" ") if i else piece for i, piece in enumerate(pieces)) == line
    )


def test_fold_leaves_short_lines_alone():
    assert fold("SUMMARY:kort") == "SUMMARY:kort"
    assert fold("X" * 75) == "X" * 75
    assert fold("X" * 76) == "X" * 75 + "\r\n X"


def test_escape_text_values():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_calendar_text_events_times_and_crlf():
    events = [
        # Winter time (UTC+1): 14:00-16:30 in Brussels is 13:00-15:30 UTC.
        Event(
            "m-1@x", date(2025, 12, 3), time(14), time(16, 30), "PLG 1", "School, Gent", "Agenda"
        ),
        # Summer time (UTC+2).
        Event("m-2@x", date(2025, 9, 30), time(9), time(13), "Startbijeenkomst"),
        Event("m-3@x", date(2026, 2, 1), None, None, "Nog zonder uur"),
        Event("m-4@x", None, None, None, "Zonder datum"),
    ]
    text = calendar_text(name="Mijn agenda", events=events, now=NOW)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert text.count("BEGIN:VEVENT") == 3
    assert "DTSTART:20251203T130000Z\r\nDTEND:20251203T153000Z" in text
    assert "DTSTART:20250930T070000Z\r\nDTEND:20250930T110000Z" in text
    assert "DTSTART;VALUE=DATE:20260201\r\nDTEND;VALUE=DATE:20260202" in text
    assert "DTSTAMP:20250901T080000Z" in text
    assert "LOCATION:School\\, Gent" in text
    assert "UID:m-1@x" in text
    assert "Zonder datum" not in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def _planned(trajectory):
    for one in trajectory.meetings.all():
        one.start_time, one.end_time = time(14), time(16, 30)
        one.save(update_fields=["start_time", "end_time"])


@pytest.mark.django_db
def test_trajectory_feed_without_login(client, coach):
    trajectory = trajectory_for(coach=coach)
    _planned(trajectory)
    Meeting.objects.create(
        call=trajectory.dossier.call,
        kind=MeetingKind.KICKOFF,
        date=date(2025, 10, 1),
        start_time=time(13),
        end_time=time(17),
        address="Brederodestraat 21, Brussel",
    )
    token = CalendarToken.objects.get(trajectory=trajectory)  # made with the trajectory
    assert len(token.token) >= 32
    response = client.get(reverse("sessions:calendar_trajectory", kwargs={"token": token.token}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    # Five PLG meetings and the call's kick-off.
    assert text.count("BEGIN:VEVENT") == 6
    assert "SUMMARY:Startbijeenkomst" in text


@pytest.mark.django_db
def test_user_feed_holds_the_meetings_of_the_users_trajectories(client, coach, other_juror):
    own = trajectory_for(coach=coach)
    trajectory_for(call=own.dossier.call)  # someone else's: left out
    token = CalendarToken.objects.create(user=coach)
    text = client.get(
        reverse("sessions:calendar_user", kwargs={"token": token.token})
    ).content.decode()
    assert text.count("BEGIN:VEVENT") == 5
    nobody = CalendarToken.objects.create(user=other_juror)
    text = client.get(
        reverse("sessions:calendar_user", kwargs={"token": nobody.token})
    ).content.decode()
    assert text.count("BEGIN:VEVENT") == 0


@pytest.mark.django_db
def test_unknown_token_is_404(client, coach):
    user_token = CalendarToken.objects.create(user=coach)
    assert (
        client.get(reverse("sessions:calendar_user", kwargs={"token": "onbekend"})).status_code
        == 404
    )
    # A user's token is no trajectory token.
    url = reverse("sessions:calendar_trajectory", kwargs={"token": user_token.token})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_deactivated_users_feed_is_404_and_their_trajectorys_feed_stays(client, coach):
    trajectory = trajectory_for(coach=coach)
    own = CalendarToken.objects.create(user=coach)
    shared = CalendarToken.objects.get(trajectory=trajectory)
    coach.is_active = False
    coach.save(update_fields=["is_active"])
    assert (
        client.get(reverse("sessions:calendar_user", kwargs={"token": own.token})).status_code
        == 404
    )
    # The trajectory's address belongs to the trajectory, handed to all its participants (most
    # without an account): one member leaving does not take it from the others.
    url = reverse("sessions:calendar_trajectory", kwargs={"token": shared.token})
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_calendar_links_page_shows_working_feed_addresses(client, coach):
    trajectory = trajectory_for(coach=coach)
    client.force_login(coach)
    response = client.post(reverse("sessions:calendar_links"))
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 200
    own = CalendarToken.objects.get(user=coach)
    of_trajectory = CalendarToken.objects.get(trajectory=trajectory)
    page = response.content.decode()
    assert own.token in page and of_trajectory.token in page
    # Each address can be copied with a button, and opened in a calendar app as webcal://.
    trajectory_path = reverse("sessions:calendar_trajectory", kwargs={"token": of_trajectory.token})
    assert f'href="webcal://testserver{trajectory_path}"' in page
    assert f'value="http://testserver{trajectory_path}"' in page
    assert page.count("data-copy-field=") == 2
    assert "js/copy_field.js" in page
    # Asking again keeps the same address.
    client.post(reverse("sessions:calendar_links"))
    assert CalendarToken.objects.count() == 2


@pytest.mark.django_db
def test_calendar_links_page_get_writes_nothing(client, coach):
    trajectory = trajectory_for(coach=coach)
    of_trajectory = CalendarToken.objects.get(trajectory=trajectory)
    client.force_login(coach)

    response = client.get(reverse("sessions:calendar_links"))

    assert response.status_code == 200
    assert list(CalendarToken.objects.all()) == [of_trajectory]
    page = response.content.decode()
    assert of_trajectory.token in page
    assert 'method="post"' in page  # the button that makes the user's own address


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 4])
def test_calendar_links_query_count_does_not_grow(
    client, django_assert_num_queries, staff_user, count
):
    for _n in range(count):
        trajectory_for()
    client.force_login(staff_user)
    client.post(reverse("sessions:calendar_links"))  # creates the user's own token
    with django_assert_num_queries(8):
        assert client.get(reverse("sessions:calendar_links")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 4])
def test_user_feed_query_count_does_not_grow(client, django_assert_num_queries, coach, count):
    for _n in range(count):
        trajectory_for(coach=coach)
    token = CalendarToken.objects.create(user=coach)
    with django_assert_num_queries(2):
        response = client.get(reverse("sessions:calendar_user", kwargs={"token": token.token}))
    assert response.content.decode().count("BEGIN:VEVENT") == 5 * count
