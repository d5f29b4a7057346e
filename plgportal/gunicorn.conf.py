"""gunicorn for the portal's web process: `gunicorn -c plgportal/gunicorn.conf.py` (Dockerfile,
docker-compose.yml's web, the benchmark). Command-line options override what is set here.

The application is loaded once in the master (preload_app) and its objects frozen out of the
garbage collector's reach before the workers are forked (plgportal.gc_tuning): the workers share
those memory pages and never walk them in a collection.
"""

import os

wsgi_app = "plgportal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
accesslog = "-"
preload_app = True


def when_ready(server):
    # In the master, after the preloaded app was imported and before any worker is forked.
    from plgportal.gc_tuning import freeze_after_startup

    freeze_after_startup()
