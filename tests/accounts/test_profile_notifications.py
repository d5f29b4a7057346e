"""The profile: the language of the user's mails and the optional reminders they receive."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plgportal.accounts.enums import NotificationKind
from plgportal.accounts.models import NotificationOptOut
from plgportal.accounts.selectors import emails_opted_out
from plgportal.accounts.services import user_set_notification_preferences

pytestmark = pytest.mark.django_db

ALL_KINDS = set(NotificationKind.values)


def switches(*kinds) -> dict:
    return {f"melding_{kind}": "on" for kind in kinds}


def save_profile(client, user, *, language="nl-be", enabled=ALL_KINDS, **extra):
    data = {"full_name": user.full_name, "language": language, **switches(*enabled), **extra}
    return client.post(reverse("accounts:profile"), data, follow=True)


def opted_out(user) -> set[str]:
    return set(NotificationOptOut.objects.filter(user=user).values_list("kind", flat=True))


# The page --------------------------------------------------------------------------------------


def test_profile_shows_the_roles_reminders_switched_on_by_default(client, coach):
    client.force_login(coach)

    response = client.get(reverse("accounts:profile"))

    form = response.context["form"]
    coach_kinds = [
        NotificationKind.MEETING_UPCOMING,
        NotificationKind.MINUTES_MISSING,
        NotificationKind.REPORT_DUE,
    ]
    assert form.kinds == coach_kinds
    for kind in coach_kinds:
        assert form[f"melding_{kind}"].value() is True
    page = response.content.decode()
    for kind in coach_kinds:
        assert str(kind.label) in page
    assert str(NotificationKind.SCORING_DEADLINE.label) not in page
    assert page.count("form-check form-switch") == len(coach_kinds)


def test_profile_lists_the_mails_that_always_go_out(client, applicant):
    client.force_login(applicant)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert "E-mails die u altijd ontvangt" in page
    assert "de bevestiging dat een dossier is ingediend" in page
    assert "wachtwoord opnieuw in te stellen" in page


@pytest.mark.parametrize(
    ("principal", "kinds"),
    [
        ("juror", [NotificationKind.SCORING_DEADLINE]),
        (
            "coach",
            [
                NotificationKind.MEETING_UPCOMING,
                NotificationKind.MINUTES_MISSING,
                NotificationKind.REPORT_DUE,
            ],
        ),
        (
            "applicant",
            [
                NotificationKind.DRAFT_DEADLINE,
                NotificationKind.MEETING_UPCOMING,
                NotificationKind.MINUTES_MISSING,
                NotificationKind.REPORT_DUE,
            ],
        ),
        ("staff_user", []),
    ],
)
def test_profile_shows_only_the_reminders_for_the_role(client, request, principal, kinds):
    client.force_login(request.getfixturevalue(principal))

    response = client.get(reverse("accounts:profile"))

    assert response.context["form"].kinds == kinds
    page = response.content.decode()
    assert [str(kind.label) for kind in NotificationKind if str(kind.label) in page] == [
        str(kind.label) for kind in kinds
    ]
    assert ("Herinneringen per e-mail" in page) is bool(kinds)


def test_profile_keeps_the_reminders_it_does_not_show(client, applicant):
    # Switched off through a reminder's link, or in another role: the profile leaves it alone.
    NotificationOptOut.objects.create(user=applicant, kind=NotificationKind.SCORING_DEADLINE)
    client.force_login(applicant)

    save_profile(client, applicant, enabled=ALL_KINDS - {"draft_deadline"})

    assert opted_out(applicant) == {"scoring_deadline", "draft_deadline"}


def test_profile_shows_a_switched_off_reminder_as_off(client, coach):
    NotificationOptOut.objects.create(user=coach, kind=NotificationKind.REPORT_DUE)
    client.force_login(coach)

    form = client.get(reverse("accounts:profile")).context["form"]

    assert form["melding_report_due"].value() is False
    assert form["melding_meeting_upcoming"].value() is True


# Saving ----------------------------------------------------------------------------------------


def test_profile_switching_off_stores_the_opt_out(client, juror):
    client.force_login(juror)

    response = save_profile(client, juror, enabled=ALL_KINDS - {"scoring_deadline"})

    assert "Uw gegevens zijn bewaard." in response.content.decode()
    assert opted_out(juror) == {"scoring_deadline"}
    assert emails_opted_out(kind="scoring_deadline", emails=["JURY.1@example.org"]) == {
        "jury.1@example.org"
    }
    assert emails_opted_out(kind="meeting_upcoming", emails=[juror.email]) == set()


def test_profile_switching_on_again_removes_the_opt_out(client, juror):
    NotificationOptOut.objects.create(user=juror, kind="scoring_deadline")
    NotificationOptOut.objects.create(user=juror, kind="report_due")
    client.force_login(juror)

    save_profile(client, juror, enabled=ALL_KINDS - {"report_due"})

    assert opted_out(juror) == {"report_due"}
    assert emails_opted_out(kind="scoring_deadline", emails=[juror.email]) == set()


def test_profile_stores_the_mail_language(client, coach):
    client.force_login(coach)

    save_profile(client, coach, language="fr-be")

    coach.refresh_from_db()
    assert coach.language == "fr-be"
    assert client.get(reverse("accounts:profile")).context["form"]["language"].value() == "fr-be"


def test_profile_refuses_an_unknown_language(client, coach):
    client.force_login(coach)

    response = save_profile(client, coach, language="de-de")

    assert "language" in response.context["form"].errors
    coach.refresh_from_db()
    assert coach.language == "nl-be"


def test_profile_changes_only_the_signed_in_user(client, juror, other_juror):
    client.force_login(juror)

    # A crafted POST naming another user changes nothing of theirs.
    save_profile(
        client, juror, language="fr-be", enabled=set(), pk=other_juror.pk, email=other_juror.email
    )

    other_juror.refresh_from_db()
    assert other_juror.language == "nl-be"
    assert opted_out(other_juror) == set()
    juror.refresh_from_db()
    assert juror.language == "fr-be"
    assert opted_out(juror) == {"scoring_deadline"}


def test_profile_requires_sign_in(client):
    response = client.post(reverse("accounts:profile"), {"language": "fr-be"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# The service -----------------------------------------------------------------------------------


def test_set_preferences_writes_only_changes(coach, django_assert_num_queries):
    user_set_notification_preferences(
        user=coach, language="nl-be", enabled_kinds=ALL_KINDS - {"report_due"}
    )
    first = NotificationOptOut.objects.get(user=coach)

    # Nothing changed: one read of the opt-outs, no write.
    with django_assert_num_queries(3):  # savepoint, the read, release
        user_set_notification_preferences(
            user=coach, language="nl-be", enabled_kinds=ALL_KINDS - {"report_due"}
        )

    assert NotificationOptOut.objects.get(user=coach).pk == first.pk


def test_set_preferences_refuses_unknown_kind(coach):
    with pytest.raises(ValidationError):
        user_set_notification_preferences(
            user=coach, language="nl-be", enabled_kinds={"newsletter"}
        )


def test_set_preferences_refuses_unknown_language(coach):
    with pytest.raises(ValidationError):
        user_set_notification_preferences(user=coach, language="en", enabled_kinds=ALL_KINDS)
    coach.refresh_from_db()
    assert coach.language == "nl-be"
