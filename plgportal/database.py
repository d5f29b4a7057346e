"""The database connection settings, from a URL: PostgreSQL in production, SQLite embedded."""

import environ

SQLITE_ENGINE = "django.db.backends.sqlite3"

# The embedded default (`make run`) serves several requests at once, so SQLite is set up for a
# web server rather than for one process:
# - WAL lets readers go on while one request writes, and `synchronous=NORMAL` is safe with it;
# - `timeout` (seconds) makes a writer wait for the lock instead of failing at once;
# - IMMEDIATE takes the write lock when a transaction begins. With the default (DEFERRED), two
#   transactions that read and then write deadlock: SQLite cannot upgrade one's read lock while
#   the other holds one, and answers "database is locked" instead of waiting.
SQLITE_WEB_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}


def database_from_url(url: str, *, conn_max_age: int) -> dict:
    """Django's DATABASES entry for `url`, with connection reuse and the SQLite tuning above."""
    config = environ.Env.db_url_config(url)
    config["CONN_MAX_AGE"] = conn_max_age
    config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"] == SQLITE_ENGINE:
        config["OPTIONS"] = {**SQLITE_WEB_OPTIONS, **config.get("OPTIONS", {})}
    return config
