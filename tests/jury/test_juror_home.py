"""The juror's home at scale: progress counted per jury, the next dossiers to score, and the
whole list a page at a time (jury:my_dossiers), each in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from jury.enums import JuryPhase, ReviewStatus
from jury.models import Assignment, Jury, Review
from tests.factories import CallFactory, DossierFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jury(juror):
    jury = Jury.objects.create(
        call=CallFactory(title="Oproep 2025"),
        phase=JuryPhase.SCORING,
        scoring_deadline=timezone.now() + timedelta(days=5),
    )
    jury.members.add(juror)
    return jury


def assign(jury, juror, count, *, has_conflict=False, status=None, start=1):
    """`count` submitted dossiers of the jury's call (PLG-2025-<n>) assigned to the juror,
    with a review in `status` (None: not started)."""
    submitted_at = timezone.now()
    assignments = []
    for number in range(start, start + count):
        dossier = DossierFactory(
            call=jury.call,
            reference=f"PLG-2025-{number:04d}",
            working_title=f"Leren over muren {number}",
            submitted_at=submitted_at,
        )
        assignments.append(
            Assignment(jury=jury, dossier=dossier, juror=juror, has_conflict=has_conflict)
        )
    Assignment.objects.bulk_create(assignments)
    if status:
        Review.objects.bulk_create(
            Review(
                assignment=a,
                status=status,
                submitted_at=submitted_at if status == ReviewStatus.SUBMITTED else None,
            )
            for a in assignments
        )
    return assignments


def list_url(jury, **query):
    url = reverse("jury:my_dossiers", kwargs={"pk": jury.pk})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def rows(page):
    return page.count('class="assignment-row"')


def test_home_shows_counts_and_only_the_next_ten_to_score(client, jury, juror):
    assign(jury, juror, 3, status=ReviewStatus.SUBMITTED, start=1)
    assign(jury, juror, 2, status=ReviewStatus.DRAFT, start=4)
    not_started = assign(jury, juror, 12, start=6)
    assign(jury, juror, 1, has_conflict=True, start=18)
    client.force_login(juror)

    page = client.get(reverse("home")).content.decode()

    assert "3 van 17 beoordeeld" in page
    assert "Nog niet begonnen: <strong>12</strong>" in page
    assert "Concept: <strong>2</strong>" in page
    assert "Ingediend: <strong>3</strong>" in page
    assert "Belangenconflict: <strong>1</strong>" in page
    assert rows(page) == 10  # the drafts first (by reference), then the first 8 not started
    assert "PLG-2025-0004" in page
    assert "PLG-2025-0013" in page
    assert "PLG-2025-0014" not in page
    assert "PLG-2025-0001" not in page  # submitted
    score_first_draft = reverse(
        "jury:score", kwargs={"pk": Assignment.objects.get(dossier__reference="PLG-2025-0004").pk}
    )
    assert f'class="btn btn-primary next-to-score" href="{score_first_draft}"' in page
    assert list_url(jury) in page
    assert not_started[-1].dossier.reference not in page


def test_home_next_button_declares_first_when_undeclared(client, jury, juror):
    (undeclared,) = assign(jury, juror, 1, has_conflict=None)
    client.force_login(juror)

    page = client.get(reverse("home")).content.decode()

    declare = reverse("jury:conflict_declare", kwargs={"pk": undeclared.pk})
    assert f'next-to-score" href="{declare}"' in page


def test_home_all_submitted_says_so_without_next_button(client, jury, juror):
    assign(jury, juror, 2, status=ReviewStatus.SUBMITTED)
    client.force_login(juror)

    page = client.get(reverse("home")).content.decode()

    assert "U hebt al uw dossiers in deze jury ingediend." in page
    assert "Volgende beoordelen" not in page


@pytest.mark.parametrize("url", ["home", "list"])
def test_juror_pages_same_query_count_at_3_and_40_assignments(
    client, jury, juror, url, django_assert_num_queries
):
    assign(jury, juror, 1, status=ReviewStatus.SUBMITTED, start=1)
    assign(jury, juror, 1, status=ReviewStatus.DRAFT, start=2)
    assign(jury, juror, 1, start=3)
    client.force_login(juror)
    address = reverse("home") if url == "home" else list_url(jury)
    with CaptureQueriesContext(connection) as small:
        client.get(address)
    assign(jury, juror, 12, status=ReviewStatus.SUBMITTED, start=4)
    assign(jury, juror, 12, status=ReviewStatus.DRAFT, start=16)
    assign(jury, juror, 13, start=28)

    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(address)

    assert len(small.captured_queries) <= 15
    assert rows(response.content.decode()) == (10 if url == "home" else 40)


def test_list_pages_fifty_at_a_time_in_reference_order(client, jury, juror):
    assign(jury, juror, 55, start=1)
    client.force_login(juror)

    first = client.get(list_url(jury)).content.decode()
    second = client.get(list_url(jury, page=2)).content.decode()

    assert rows(first) == 50
    assert rows(second) == 5
    assert "55 dossiers" in first
    assert first.index("PLG-2025-0001") < first.index("PLG-2025-0002")
    assert "PLG-2025-0051" not in first
    assert "PLG-2025-0051" in second
    assert "Pagina 2 van 2" in second


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        ("todo", ["PLG-2025-0002", "PLG-2025-0003"]),
        ("draft", ["PLG-2025-0002"]),
        ("submitted", ["PLG-2025-0001"]),
        ("", ["PLG-2025-0001", "PLG-2025-0002", "PLG-2025-0003"]),
    ],
)
def test_list_filters_by_status(client, jury, juror, status, shown):
    assign(jury, juror, 1, status=ReviewStatus.SUBMITTED, start=1)
    assign(jury, juror, 1, status=ReviewStatus.DRAFT, start=2)
    assign(jury, juror, 1, start=3)
    assign(jury, juror, 1, has_conflict=True, start=4)
    client.force_login(juror)

    page = client.get(list_url(jury, status=status)).content.decode()

    for number in range(1, 5):
        reference = f"PLG-2025-{number:04d}"
        assert (reference in page) == (reference in shown)


def test_list_searches_reference_and_title(client, jury, juror):
    assign(jury, juror, 12, start=1)
    client.force_login(juror)

    by_reference = client.get(list_url(jury, q="0011")).content.decode()
    by_title = client.get(list_url(jury, q="muren+12")).content.decode()

    assert rows(by_reference) == 1
    assert "PLG-2025-0011" in by_reference
    assert rows(by_title) == 1
    assert escape("Leren over muren 12") in by_title


def test_list_of_another_jury_is_404(client, jury, juror):
    other = Jury.objects.create(call=CallFactory(title="Andere oproep"))
    assign(other, UserFactory(role="jury"), 2)
    client.force_login(juror)

    assert client.get(list_url(other)).status_code == 404
