"""Taking back what a coach added by mistake (issue 14): a PLG meeting beyond the call's number
while nothing is recorded for it, a product while the evaluation report is not handed in. Each
asks first, and the trajectory page keeps who removed what and when."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from sessions.enums import MeetingKind, ReportStatus, TrajectoryChangeAction
from sessions.guards import meeting_removal_refusal, product_removal_refusal
from sessions.models import (
    Attendance,
    EvaluationReport,
    Minutes,
    Product,
    RoleTaken,
    TrajectoryChange,
)
from sessions.trajectories.planning import meeting_add
from tests.sessions.factories import trajectory_for

# --- the rules, pure ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("held", "has_records", "count", "refused"),
    [
        (False, False, 6, None),
        (False, False, 7, None),
        (False, False, 5, "De oproep vraagt 5 bijeenkomsten"),
        (False, False, 4, "De oproep vraagt 5 bijeenkomsten"),
        (True, False, 6, "is gehouden"),
        (False, True, 6, "al aanwezigheden"),
    ],
)
def test_meeting_removal_refusal_only_unused_beyond_required(held, has_records, count, refused):
    message = meeting_removal_refusal(
        held=held, has_records=has_records, meeting_count=count, required_count=5
    )
    assert (message is None) == (refused is None)
    if refused:
        assert refused in message


@pytest.mark.parametrize(
    ("status", "refused"),
    [
        (None, False),
        (ReportStatus.DRAFT, False),
        (ReportStatus.CHANGES_REQUESTED, False),
        (ReportStatus.SUBMITTED, True),
        (ReportStatus.APPROVED, True),
    ],
)
def test_product_removal_refusal_once_report_handed_in(status, refused):
    assert (product_removal_refusal(status) is not None) == refused


# --- meetings ----------------------------------------------------------------------------------


@pytest.fixture
def trajectory(db, applicant, coach):
    return trajectory_for(coach=coach, created_by=applicant)


def plg_positions(trajectory):
    return list(
        trajectory.meetings.filter(kind=MeetingKind.PLG)
        .order_by("position")
        .values_list("position", flat=True)
    )


def remove_url(trajectory, meeting):
    return reverse("sessions:trajectory_meeting_remove", args=[trajectory.pk, meeting.pk])


def test_meeting_remove_asks_first_then_removes_and_renumbers(client, coach, trajectory):
    meeting_add(trajectory=trajectory)
    third = trajectory.meetings.get(kind=MeetingKind.PLG, position=3)
    client.force_login(coach)

    page = client.get(remove_url(trajectory, third))
    assert "Bijeenkomst 3 verwijderen?" in page.text
    assert 'type="submit" class="btn btn-danger">Verwijderen' in page.text
    assert plg_positions(trajectory) == [1, 2, 3, 4, 5, 6]  # GET changes nothing

    response = client.post(remove_url(trajectory, third))
    assert response.status_code == 302
    assert plg_positions(trajectory) == [1, 2, 3, 4, 5]
    assert not trajectory.meetings.filter(pk=third.pk).exists()
    change = TrajectoryChange.objects.get(trajectory=trajectory)
    assert (change.action, change.subject, change.changed_by) == (
        TrajectoryChangeAction.MEETING_REMOVED,
        "3",
        coach,
    )

    detail = client.get(reverse("sessions:trajectory_detail", args=[trajectory.pk]))
    assert "Bijeenkomst 3 verwijderd" in detail.text
    assert coach.get_full_name() in detail.text


def test_meeting_remove_button_only_beyond_required(client, coach, trajectory):
    client.force_login(coach)
    detail_url = reverse("sessions:trajectory_detail", args=[trajectory.pk])
    assert "meeting-remove" not in client.get(detail_url).text
    meeting_add(trajectory=trajectory)
    assert client.get(detail_url).text.count("meeting-remove") == 6


def test_meeting_remove_refused_for_a_required_meeting(client, coach, trajectory):
    first = trajectory.meetings.get(kind=MeetingKind.PLG, position=1)
    client.force_login(coach)
    page = client.get(remove_url(trajectory, first))
    assert "De oproep vraagt 5 bijeenkomsten" in page.text
    assert "btn-danger" not in page.text
    client.post(remove_url(trajectory, first))
    assert plg_positions(trajectory) == [1, 2, 3, 4, 5]
    assert not TrajectoryChange.objects.exists()


@pytest.mark.parametrize("record", ["attendance", "role", "minutes", "held"])
def test_meeting_remove_refused_once_used(client, coach, trajectory, record):
    extra = meeting_add(trajectory=trajectory)
    participant = trajectory.participants.first()
    if record == "attendance":
        Attendance.objects.create(meeting=extra, participant=participant, status="present")
    elif record == "role":
        RoleTaken.objects.create(meeting=extra, school=participant.school, role="reporter")
    elif record == "minutes":
        Minutes.objects.create(meeting=extra, text="Verslag")
    else:
        extra.held = True
        extra.save(update_fields=["held"])
    client.force_login(coach)
    assert "btn-danger" not in client.get(remove_url(trajectory, extra)).text
    response = client.post(remove_url(trajectory, extra), follow=True)
    assert "niet meer verwijderd" in response.text
    assert trajectory.meetings.filter(pk=extra.pk).exists()


def test_meeting_remove_404_for_participant(client, applicant, trajectory):
    extra = meeting_add(trajectory=trajectory)
    client.force_login(applicant)
    assert client.post(remove_url(trajectory, extra)).status_code == 404
    assert trajectory.meetings.filter(pk=extra.pk).exists()
    detail = client.get(reverse("sessions:trajectory_detail", args=[trajectory.pk]))
    assert "meeting-remove" not in detail.text


# --- products ----------------------------------------------------------------------------------


@pytest.fixture
def product(trajectory):
    product = Product(trajectory=trajectory, title="Kijkwijzer", stage="idea")
    product.attachment = ContentFile(b"plan", name="kijkwijzer.pdf")
    product.attachment_name = "kijkwijzer.pdf"
    product.save()
    return product


def product_remove_url(product):
    return reverse("sessions:trajectory_product_remove", args=[product.trajectory_id, product.pk])


def test_product_remove_asks_first_then_removes_with_its_file(
    client, coach, product, django_capture_on_commit_callbacks
):
    name = product.attachment.name
    client.force_login(coach)
    page = client.get(product_remove_url(product))
    assert "Product “Kijkwijzer” verwijderen?" in page.text
    assert Product.objects.filter(pk=product.pk).exists()
    edit = client.get(
        reverse("sessions:trajectory_product_edit", args=[product.trajectory_id, product.pk])
    )
    assert product_remove_url(product) in edit.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(product_remove_url(product))
    assert response.url == reverse("sessions:trajectory_products", args=[product.trajectory_id])
    assert not Product.objects.filter(pk=product.pk).exists()
    assert not default_storage.exists(name)
    change = TrajectoryChange.objects.get()
    assert (change.action, change.subject, change.changed_by) == (
        TrajectoryChangeAction.PRODUCT_REMOVED,
        "Kijkwijzer",
        coach,
    )
    detail = client.get(reverse("sessions:trajectory_detail", args=[product.trajectory_id]))
    assert "Product “Kijkwijzer” verwijderd" in detail.text


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.APPROVED])
def test_product_remove_refused_once_report_handed_in(client, staff_user, product, status):
    EvaluationReport.objects.create(trajectory=product.trajectory, status=status)
    client.force_login(staff_user)
    page = client.get(product_remove_url(product))
    assert "kunnen niet meer verwijderd worden" in page.text
    assert "btn-danger" not in page.text
    client.post(product_remove_url(product))
    assert Product.objects.filter(pk=product.pk).exists()
    assert default_storage.exists(product.attachment.name)
    assert not TrajectoryChange.objects.exists()


def test_product_remove_404_for_participant_and_no_history_shown(client, applicant, product):
    client.force_login(applicant)
    assert client.post(product_remove_url(product)).status_code == 404
    assert Product.objects.filter(pk=product.pk).exists()
    TrajectoryChange.objects.create(
        trajectory=product.trajectory, action=TrajectoryChangeAction.PRODUCT_REMOVED, subject="X"
    )
    detail = client.get(reverse("sessions:trajectory_detail", args=[product.trajectory_id]))
    assert "trajectory-change" not in detail.text
