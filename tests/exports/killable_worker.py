"""A real Celery worker in a process of its own, for tests that SIGKILL it mid-build.

Usage: python -m tests.exports.killable_worker <key prefix> <queue> <gate file>. Its export
builder of "call_dossiers" reports progress, then waits until the gate file exists before
building: a worker killed meanwhile dies in the middle of a build, as an OOM-killed one does.
The database (PostgreSQL: another process must reach the test's committed rows) comes from
DATABASE_URL, as in production.
"""

import dataclasses
import sys
import time
from pathlib import Path

import django


def main() -> None:
    key_prefix, queue, gate = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    django.setup()
    from plgportal.celery import app
    from plgportal.exports.registry import EXPORT_BUILDERS

    real = EXPORT_BUILDERS["call_dossiers"]

    def gated_builder(params, out, progress):
        progress(0, 1)
        while not gate.exists():
            time.sleep(0.05)
        return real.build(params, out, progress)

    EXPORT_BUILDERS["call_dossiers"] = dataclasses.replace(real, build=gated_builder)
    # Keys of its own: nothing shared with other test runs or a developer's worker.
    app.conf.broker_transport_options = {
        **app.conf.broker_transport_options,
        "global_keyprefix": key_prefix,
    }
    app.worker_main(
        ["worker", "--pool=solo", "-Q", queue, "--loglevel=WARNING"]
        + ["--without-heartbeat", "--without-gossip", "--without-mingle"]
    )


if __name__ == "__main__":
    main()
