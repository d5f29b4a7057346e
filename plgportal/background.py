"""Sending a Celery task from the web process once its transaction committed: to the worker,
or, with tasks run inline (`make run`) and TASKS_IN_THREAD, to a daemon thread standing in for
the worker, so the request that queued the work answers first (an export's progress page, a
submit that does not wait for the dossier PDF). The embedded SQLite (WAL, busy timeout) lets
the request's next pages read while the thread writes."""

import threading

from celery import Task
from django.conf import settings
from django.db import connection


def send_task(task: Task, *, thread_name: str, **kwargs) -> None:
    """`task.delay(**kwargs)`, or the task run in a daemon thread named `thread_name`."""
    if settings.CELERY_TASK_ALWAYS_EAGER and settings.TASKS_IN_THREAD:
        threading.Thread(
            target=_run_in_thread, args=(task, kwargs), name=thread_name, daemon=True
        ).start()
    else:
        task.delay(**kwargs)


def _run_in_thread(task: Task, kwargs: dict) -> None:
    try:
        task(**kwargs)
    finally:
        # The thread's own connection: nobody else would close it.
        connection.close()
