"""The embedded default (SQLite, `make run`) under concurrent requests: writers wait for each
other instead of answering "database is locked"."""

import threading
import time

import pytest
from django.db import connections, transaction

from plgportal.database import SQLITE_WEB_OPTIONS, database_from_url

WRITERS = 8


def test_sqlite_url_gets_the_web_server_options(tmp_path):
    config = database_from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}", conn_max_age=0)
    assert config["OPTIONS"] == SQLITE_WEB_OPTIONS
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_url_gets_no_sqlite_options():
    config = database_from_url("postgres://u@db:5432/plg", conn_max_age=60)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert "OPTIONS" not in config
    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (60, True)


@pytest.fixture
def embedded_database(tmp_path, django_db_blocker):
    """A file SQLite database configured exactly as `make run` configures its own, under an
    alias of its own; each thread gets its own connection to it, as runserver's threads do."""
    alias = "embedded_concurrency"
    config = database_from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}", conn_max_age=0)
    configured = connections.configure_settings({"default": {}, alias: config})[alias]
    connections.settings[alias] = configured
    with django_db_blocker.unblock():
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER)")
            cursor.execute("INSERT INTO counter VALUES (1, 0)")
        yield alias
        connections[alias].close()
    del connections.settings[alias]


def read_then_write(alias: str, errors: list[Exception], start: threading.Barrier) -> None:
    """What a form submit does: read the current state, work a little, write the new state."""
    start.wait()
    try:
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute("SELECT value FROM counter WHERE id = 1")
            (value,) = cursor.fetchone()
            time.sleep(0.05)
            cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
    except Exception as error:  # noqa: BLE001 - the test reports every failure, whatever it is
        errors.append(error)
    finally:
        connections[alias].close()


def test_concurrent_read_then_write_transactions_all_succeed(embedded_database, django_db_blocker):
    errors: list[Exception] = []
    start = threading.Barrier(WRITERS)
    threads = [
        threading.Thread(target=read_then_write, args=(embedded_database, errors, start))
        for _ in range(WRITERS)
    ]
    with django_db_blocker.unblock():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with connections[embedded_database].cursor() as cursor:
            cursor.execute("SELECT value FROM counter WHERE id = 1")
            (value,) = cursor.fetchone()
            cursor.execute("PRAGMA journal_mode")
            (journal_mode,) = cursor.fetchone()
    assert errors == []
    # No update was lost: the transactions ran one after the other.
    assert value == WRITERS
    assert journal_mode == "wal"
