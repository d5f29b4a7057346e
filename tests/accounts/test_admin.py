from django.urls import reverse

from plgportal.accounts.models import User


def test_staff_cannot_make_anyone_superuser_in_admin(client, staff_user, juror):
    client.force_login(staff_user)
    url = reverse("admin:accounts_user_change", args=[juror.pk])
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page
    client.post(
        url,
        {
            "email": juror.email,
            "full_name": juror.full_name,
            "role": "jury",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    juror.refresh_from_db()
    assert (juror.is_superuser, juror.is_staff) == (False, False)


def test_staff_changing_role_to_staff_in_admin_grants_admin_access(client, staff_user, coach):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:accounts_user_change", args=[coach.pk]),
        {"email": coach.email, "full_name": coach.full_name, "role": "staff", "is_active": "on"},
    )
    assert response.status_code == 302
    coach = User.objects.get(pk=coach.pk)
    assert (coach.role, coach.is_staff, coach.groups.count()) == ("staff", True, 1)
