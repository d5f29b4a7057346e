"""A dropped database connection (plgportal/dropped_connection.py), dropped for real: just before
a query on one of the page's tables runs, a second connection ends the request's PostgreSQL
backend with `pg_terminate_backend`, and the query then fails with the server's own error."""

import logging
import os
from datetime import timedelta

import psycopg2
import psycopg2.errors
import pytest
from django.db import OperationalError, close_old_connections, connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from applications.models import Dossier
from plgportal.calls.call_2024 import call_2024_upsert
from tests.factories import DossierFactory

SERVER_ERROR_TEXT = "Probeer het"  # templates/500.html


@pytest.fixture(autouse=True)
def _require_postgresql():
    if connection.vendor != "postgresql":
        reason = "Only PostgreSQL drops connections: run with DATABASE_URL=postgres://..."
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


def other_connection():
    """A connection of its own, outside Django, to the same server."""
    other = psycopg2.connect(**connection.get_connection_params())
    other.autocommit = True
    return other


class Dropper:
    """An execute wrapper that ends this connection's backend just before the first query
    holding `fragment` (a quoted table name, a statement) runs, in each of the first `drops`
    passes through the page. `runs` counts the runs of that query: one per pass."""

    def __init__(self, fragment: str, *, drops: int = 1):
        self.fragment = fragment
        self.drops_left = drops
        self.first_query = None
        self.runs = 0

    def __call__(self, execute, sql, params, many, context):
        if self.fragment in sql and self.first_query in (None, sql):
            self.first_query = sql
            self.runs += 1
            if self.drops_left:
                self.drops_left -= 1
                self.terminate(context["connection"].connection.get_backend_pid())
        return execute(sql, params, many, context)

    @staticmethod
    def terminate(pid: int) -> None:
        other = other_connection()
        try:
            with other.cursor() as cursor:
                # Waits (up to 5 s) until the backend is gone, so the next query meets a
                # closed connection rather than racing the termination.
                cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
                assert cursor.fetchone() == (True,)
        finally:
            other.close()


@pytest.fixture
def client(client):
    """The 500 page as a browser gets it, instead of the exception re-raised in the test."""
    client.raise_request_exception = False
    return client


@pytest.fixture(autouse=True)
def _usable_connection_afterwards():
    # A real server closes a broken connection when the request finishes; the test client does
    # not, and the database is flushed through this connection after the test.
    yield
    if not connection.is_usable():
        connection.close()


@pytest.fixture
def call(transactional_db):
    return call_2024_upsert(
        slug="oproep-verbinding",
        opens_at=timezone.now() - timedelta(days=10),
        deadline=timezone.now() + timedelta(days=30),
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def staff_list(call):
    return reverse("applications:staff_dossier_list", args=[call.slug])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("table", ["applications_dossier", "django_session"])
def test_read_page_answers_after_one_dropped_connection(staff_client, call, table, caplog):
    dossier = DossierFactory(call=call, working_title="Lezen na een onderbreking")
    dropper = Dropper(f'"{table}"')

    with (
        caplog.at_level(logging.WARNING, "plgportal.dropped_connection"),
        connection.execute_wrapper(dropper),
    ):
        response = staff_client.get(staff_list(call))

    assert response.status_code == 200
    assert escape(dossier.working_title) in response.content.decode()
    assert dropper.runs == 2  # the first pass, dropped; the second, answered
    # Django's own ERROR for the first pass comes first, then what became of it.
    retried = [r for r in caplog.records if r.name == "plgportal.dropped_connection"]
    assert [r.levelname for r in retried] == ["WARNING"]
    assert f"GET {staff_list(call)} once" in retried[0].getMessage()


@pytest.mark.django_db(transaction=True)
def test_applicant_page_answers_after_one_dropped_connection(client, applicant, call):
    dossier = DossierFactory(call=call, created_by=applicant, working_title="Mijn PLG")
    client.force_login(applicant)
    dropper = Dropper('"applications_dossier"')

    with connection.execute_wrapper(dropper):
        response = client.get(reverse("applications:dossier_detail", args=[dossier.pk]))

    assert response.status_code == 200
    assert escape(dossier.working_title) in response.content.decode()
    assert dropper.drops_left == 0


@pytest.mark.django_db(transaction=True)
def test_read_page_dropped_twice_answers_the_error_page_without_a_third_try(staff_client, call):
    DossierFactory(call=call)
    dropper = Dropper('"applications_dossier"', drops=3)

    with connection.execute_wrapper(dropper):
        response = staff_client.get(staff_list(call))

    assert response.status_code == 500
    assert SERVER_ERROR_TEXT in response.content.decode()
    assert isinstance(response.exc_info[1], OperationalError)
    assert dropper.runs == 2
    assert dropper.drops_left == 1


@pytest.mark.django_db(transaction=True)
def test_post_with_a_dropped_connection_is_not_repeated(client, applicant, call):
    client.force_login(applicant)
    # Dropped inside the service's transaction, after the dossier's own row was written.
    dropper = Dropper('INSERT INTO "applications_collaborator"')

    with connection.execute_wrapper(dropper):
        response = client.post(reverse("applications:dossier_start", args=[call.slug]))

    assert response.status_code == 500
    assert SERVER_ERROR_TEXT in response.content.decode()
    assert isinstance(response.exc_info[1], OperationalError)
    assert dropper.runs == 1
    close_old_connections()  # as the server does when a request finishes
    assert Dossier.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_read_page_failing_on_a_lock_timeout_is_not_repeated(staff_client, call):
    """A lock timeout is an OperationalError too, on a connection that still works."""
    DossierFactory(call=call)
    dropper = Dropper('"applications_dossier"', drops=0)
    other = other_connection()
    other.autocommit = False
    try:
        with other.cursor() as cursor:
            cursor.execute('LOCK TABLE "applications_dossier" IN ACCESS EXCLUSIVE MODE')
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        with connection.execute_wrapper(dropper):
            response = staff_client.get(staff_list(call))
    finally:
        other.rollback()
        other.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")

    assert response.status_code == 500
    assert isinstance(response.exc_info[1].__cause__, psycopg2.errors.LockNotAvailable)
    assert dropper.runs == 1


@pytest.mark.django_db(transaction=True)
def test_read_page_failing_for_another_reason_is_not_repeated(staff_client, call):
    DossierFactory(call=call)
    queries = []

    def fail(execute, sql, params, many, context):
        if '"applications_dossier"' in sql:
            queries.append(sql)
            raise ValueError("not a database connection")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        response = staff_client.get(staff_list(call))

    assert response.status_code == 500
    assert len(queries) == 1


@pytest.mark.django_db(transaction=True)
def test_burst_of_reads_with_every_fourth_connection_dropped_answers_all(staff_client, call):
    dossiers = DossierFactory.create_batch(3, call=call)
    pages = [
        (staff_list(call), "applications_dossier"),
        (
            reverse("applications:staff_dossier_detail", args=[dossiers[0].pk]),
            "applications_dossier",
        ),
        (reverse("home"), "django_session"),
    ]
    answers = []
    retried = 0

    for number in range(1, 41):
        path, table = pages[number % len(pages)]
        dropper = Dropper(f'"{table}"', drops=1 if number % 4 == 0 else 0)
        with connection.execute_wrapper(dropper):
            answers.append(staff_client.get(path).status_code)
        close_old_connections()  # as the server does when a request finishes
        retried += dropper.runs == 2

    assert {status: answers.count(status) for status in set(answers)} == {200: 40}
    assert retried == 10
