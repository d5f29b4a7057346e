"""For tests that start processes of their own (web servers, Celery workers, an S3 server):
a free port on loopback, and the address of the test database for them to reach."""

import socket

from django.db import connection


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_database_url() -> str:
    """DATABASE_URL of the database this test runs on (PostgreSQL: another process sees the
    rows the test committed)."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


# Not a test, though pytest would collect it by its name.
test_database_url.__test__ = False
