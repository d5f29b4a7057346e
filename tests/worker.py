"""Shared fixtures: a real Celery worker, in a thread of the test process, consuming Redis.

The worker shares the process with the test, so it sees the test settings (locmem mail: the
message lands in `mail.outbox`) and the test database, which must therefore be committed
(`transaction=True`). On SQLite the test database is a shared-cache in-memory database
("file:memorydb_default?mode=memory&cache=shared"), which the worker thread reaches through a
connection of its own. Shared-cache SQLite answers "database table is locked" instead of
waiting when two connections touch a table at the same time, so a test never reads the
database while a task runs: it waits for the worker to report the task finished (Celery's
`task_postrun` signal, sent after the task's transaction committed), then reads. A page a
browser journey polls while the task runs (an export's progress) does read meanwhile: for that,
the test's own connection, which pytest-django's live server shares, reads uncommitted rows
instead of waiting for a table lock (`read_uncommitted`, a shared-cache-only pragma).
"""

import logging
import os
import threading
import time
import uuid

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.db import connections

from plgportal.celery import app as celery_app

TIMEOUT_SECONDS = 20


def _require_redis(url: str) -> None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as exc:
        reason = f"Redis at {url} is unreachable ({exc}): the worker tests need a broker."
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def worker_runs():
    """Every task run that finished: (task id, kwargs, state, routing key, thread id)."""
    runs = []

    def record(sender, task_id, kwargs, state, **extra):
        routing_key = (sender.request.delivery_info or {}).get("routing_key")
        runs.append((task_id, kwargs, state, routing_key, threading.get_ident()))

    task_postrun.connect(record, weak=False)
    yield runs
    task_postrun.disconnect(record)


def _drop_broker_pools(*, close: bool) -> None:
    """Forget the app's cached broker pools: they keep the transport options they were made with.

    Close them only when they are this test's own (prefixed) pools; older ones stay in kombu's
    registry and come back once the options are restored.
    """
    for owner, attribute in ((celery_app, "_pool"), (celery_app.amqp, "_producer_pool")):
        pool = getattr(owner, attribute)
        if pool is not None and close:
            pool.force_close_all()
        setattr(owner, attribute, None)


@pytest.fixture
def celery_worker(transactional_db, worker_runs):
    """A worker consuming the app's own queue on settings.REDIS_URL; eager mode off meanwhile.

    Every Redis key of this test (queue, bindings, unacknowledged messages) gets a prefix of its
    own (kombu's `global_keyprefix`). A shared, unprefixed "plgportal" queue would be consumed
    and purged by every other test run against the same Redis, and by a developer's own worker:
    that made this test flaky when two runs overlapped. With its own prefix there is nothing
    stale to purge; the keys are deleted afterwards.

    Depends on `transactional_db` so that it stops before the test database is flushed.
    """
    _require_redis(settings.REDIS_URL)
    assert celery_app.conf.broker_url == settings.REDIS_URL
    _read_uncommitted_on_shared_cache(True)
    key_prefix = f"plgportal-test-{uuid.uuid4().hex}:"
    transport_options = celery_app.conf.broker_transport_options
    root_logger = logging.getLogger()
    # The embedded worker sets up Celery logging, which takes over the root logger.
    root_level, root_handlers = root_logger.level, root_logger.handlers[:]
    was_eager = celery_app.conf.task_always_eager
    celery_app.conf.broker_transport_options = {
        **transport_options,
        "global_keyprefix": key_prefix,
    }
    celery_app.conf.task_always_eager = False
    _drop_broker_pools(close=False)
    try:
        with start_worker(
            celery_app,
            pool="solo",
            perform_ping_check=False,
            queues=[settings.CELERY_TASK_DEFAULT_QUEUE],
            shutdown_timeout=TIMEOUT_SECONDS,
        ) as worker:
            yield worker
    finally:
        _drop_broker_pools(close=True)
        celery_app.conf.broker_transport_options = transport_options
        celery_app.conf.task_always_eager = was_eager
        root_logger.setLevel(root_level)
        root_logger.handlers = root_handlers
        client = redis.Redis.from_url(settings.REDIS_URL)
        for key in client.scan_iter(match=f"{key_prefix}*"):
            client.delete(key)
        _read_uncommitted_on_shared_cache(False)


def _read_uncommitted_on_shared_cache(enabled: bool) -> None:
    """On the SQLite test database only (PostgreSQL never locks a reader out)."""
    connection = connections["default"]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA read_uncommitted = {int(enabled)}")


def wait_for_runs(runs: list, count: int) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while len(runs) < count:
        if time.monotonic() > deadline:
            pytest.fail(
                f"The worker finished {len(runs)} of {count} tasks in {TIMEOUT_SECONDS}s: "
                f"is it consuming the {settings.CELERY_TASK_DEFAULT_QUEUE!r} queue?"
            )
        time.sleep(0.05)
