"""`make bench`: the portal served in production shape, each key page measured next to the floor.

    .venv/bin/python -m tests.benchmarks.serve [--dossiers 1000] [--jurors 5] [--seconds 10]
        [--clients 20] [--pages ranking,staff-list] [--gc tuned|default|both] [--quick]

A PostgreSQL database (BENCH_DATABASE_URL) is built with `seed_scale` and reused while it holds
a call of the same size. gunicorn then serves it as docker-compose.yml does (its config file,
DEBUG=0, here 2 sync workers) with tests/benchmarks/settings.py, which adds the floor: a bare
view reading one table for a signed-in user. Before each page the floor is measured for as
long, so every page gets its ratio to the floor of the same minute. The figures are printed and
written to var/bench/latest.md. Figures, never pass/fail: the machine is shared and noisy.
"""

import argparse
import atexit
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.benchmarks.load import Result, children, measure, request

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/plgportal_bench"
# Its own database: a quick run must not reseed the full-size one (which takes a minute).
QUICK_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/plgportal_bench_quick"
SECRET_KEY = "bench-only-" + "k" * 60  # the server and this process sign the same sessions
# CI size: that every page serves in production shape, with rough figures, in about a minute.
QUICK = {"dossiers": 30, "seconds": 0.5, "clients": 4}
WORKERS = 2
PAGE_KEYS = (
    "juror-home",
    "staff-list",
    "ranking",
    "score",
    "meeting",
    "staff-dossier",
    "applicant-dossier",
    "trajectory",
    "applicant-home",
    "staff-home",
    "overview",
    "dossier-pdf",
    "ranking-export",
    "report-pdf",
)


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    user: str  # whose session: staff, juror, coach, applicant
    path: str


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dossiers", type=int, default=1000)
    parser.add_argument("--jurors", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=10.0, help="per page, and per floor")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--pages", default="", help=f"comma-separated subset of {PAGE_KEYS}")
    parser.add_argument("--gc", choices=("tuned", "default", "both"), default="tuned")
    parser.add_argument(
        "--quick", action="store_true", help=f"CI size: {QUICK} (BENCH_QUICK=1 does the same)"
    )
    args = parser.parse_args(argv)
    if args.quick or os.environ.get("BENCH_QUICK", "") not in ("", "0"):
        for name, value in QUICK.items():
            setattr(args, name, value)
    chosen = [key.strip() for key in args.pages.split(",") if key.strip()]
    unknown = sorted(set(chosen) - set(PAGE_KEYS))
    if unknown:
        parser.error(f"unknown pages {unknown}; choose from {', '.join(PAGE_KEYS)}")
    args.pages = chosen or list(PAGE_KEYS)
    return args


def base_env(database_url: str) -> dict[str, str]:
    """What the server needs with DEBUG off (see the Makefile's `check`), pointing at the bench
    database. No Celery worker runs: anything a page queues runs inline, inside its time."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "EMAIL_URL": "dummymail://",
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "locmemcache://"),
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(OUT / "media"),
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict[str, str], *arguments: str, **overrides: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *arguments], cwd=ROOT, env={**env, **overrides}, check=True
    )


# --- the database


def _admin_connection(database_url: str):
    import psycopg2

    parts = urlsplit(database_url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(admin)
    connection.autocommit = True
    return connection, parts.path.lstrip("/")


def recreate_database(database_url: str) -> None:
    connection, name = _admin_connection(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def database_settings(database_url: str) -> None:
    """As docker-compose.yml's db service runs: without JIT."""
    connection, name = _admin_connection(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER DATABASE "{name}" SET jit = off')
    finally:
        connection.close()


def database_backends(database_url: str) -> Callable[[], list[int]]:
    """A function giving the pids of the PostgreSQL backends connected to the bench database
    (those serving the gunicorn workers: this process holds no connection to it meanwhile)."""
    connection, name = _admin_connection(database_url)
    atexit.register(connection.close)

    def pids() -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [name])
            return [pid for (pid,) in cursor.fetchall()]

    return pids


def database_exists(database_url: str) -> bool:
    connection, name = _admin_connection(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    finally:
        connection.close()


def seeded_size() -> tuple[int, int] | None:
    """(dossiers, jurors) of the scale call in the bench database, None without one."""
    from django.db import connections

    from jury.models import Jury
    from sessions.scale import SCALE_SLUG

    jury = Jury.objects.filter(call__slug=SCALE_SLUG).first()
    size = (jury.call.dossiers.count(), jury.members.count()) if jury else None
    connections.close_all()
    return size


def prepare_database(args, env) -> None:
    url = env["DATABASE_URL"]
    seed_env = {"DJANGO_SETTINGS_MODULE": "plgportal.settings", "DEBUG": "1"}
    if database_exists(url):
        database_settings(url)
        try:
            manage(env, "migrate", "--noinput", "-v0", **seed_env)
            if seeded_size() == (args.dossiers, args.jurors):
                print(f"Reusing the seeded database ({args.dossiers} dossiers).", flush=True)
                return
        except subprocess.CalledProcessError:
            print("The bench database does not migrate: building it anew.", flush=True)
    recreate_database(url)
    database_settings(url)
    manage(env, "migrate", "--noinput", "-v0", **seed_env)
    manage(
        env,
        "seed_scale",
        f"--dossiers={args.dossiers}",
        f"--jurors={args.jurors}",
        **seed_env,
    )


# --- sessions and pages


def session_cookie(user) -> str:
    """The Cookie header value of a new signed-in session of `user` (tests/signed_in.py)."""
    from tests.signed_in import session_cookie as new_session

    name, key = new_session(user)
    return f"{name}={key}"


def build_pages() -> tuple[list[Page], dict[str, str]]:
    from django.urls import reverse

    from applications.models import Dossier
    from jury.models import Assignment
    from plgportal.accounts.models import User
    from sessions.models import Trajectory
    from sessions.scale import EMAIL_DOMAIN, SCALE_SLUG

    users = {
        key: User.objects.get(email=email)
        for key, email in {
            "staff": f"staff@{EMAIL_DOMAIN}",
            "juror": f"jury.1@{EMAIL_DOMAIN}",
            "coach": f"coach@{EMAIL_DOMAIN}",
            "applicant": f"directeur@{EMAIL_DOMAIN}",
        }.items()
    }
    dossiers = Dossier.objects.filter(call__slug=SCALE_SLUG).order_by("reference")
    middle = dossiers[dossiers.count() // 2]
    mine = dossiers.get(created_by=users["applicant"])
    assignment = Assignment.objects.get(dossier=middle, juror=users["juror"])
    trajectories = Trajectory.objects.filter(dossier__call__slug=SCALE_SLUG)
    reported = trajectories.filter(report__isnull=False).first() or trajectories.first()
    meeting = reported.meetings.filter(held=True).order_by("position").first()
    meeting = meeting or reported.meetings.order_by("position").first()
    slug = {"slug": SCALE_SLUG}
    pages = [
        Page("floor", "floor (bare view, one table)", "staff", reverse("bench_floor")),
        Page("juror-home", "juror home", "juror", reverse("home")),
        Page(
            "staff-list",
            "staff dossier list",
            "staff",
            reverse("applications:staff_dossier_list", kwargs=slug),
        ),
        Page("ranking", "ranking", "staff", reverse("jury:ranking", kwargs=slug)),
        Page("score", "juror scoring page", "juror", reverse("jury:score", args=[assignment.pk])),
        Page(
            "meeting",
            "coach meeting page",
            "coach",
            reverse("sessions:meeting_detail", args=[reported.pk, meeting.pk]),
        ),
        Page(
            "staff-dossier",
            "staff dossier detail",
            "staff",
            reverse("applications:staff_dossier_detail", args=[middle.pk]),
        ),
        Page(
            "applicant-dossier",
            "applicant dossier page",
            "applicant",
            reverse("applications:dossier_detail", args=[mine.pk]),
        ),
        Page(
            "trajectory",
            "trajectory page",
            "coach",
            reverse("sessions:trajectory_detail", args=[reported.pk]),
        ),
        Page("applicant-home", "applicant home", "applicant", reverse("home")),
        Page("staff-home", "staff home", "staff", reverse("home")),
        Page(
            "overview", "trajectories overview", "staff", reverse("sessions:overview", kwargs=slug)
        ),
        Page(
            "dossier-pdf",
            "dossier PDF",
            "applicant",
            reverse("applications:dossier_pdf", args=[mine.pk]),
        ),
        # The ranking's PDF of a whole call is built in the background (an export with a
        # progress page); the download made inside the request is the spreadsheet.
        Page(
            "ranking-export",
            "ranking export (XLSX)",
            "staff",
            reverse("jury:ranking_export", kwargs=slug) + "?formaat=xlsx",
        ),
        Page(
            "report-pdf",
            "evaluation report PDF",
            "coach",
            reverse("sessions:trajectory_report_pdf", args=[reported.pk]),
        ),
    ]
    cookies = {key: session_cookie(user) for key, user in users.items()}
    from django.db import connections

    connections.close_all()
    return pages, cookies


# --- the server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], *, gc_mode: str):
    """gunicorn as in production (its config file), 2 workers, on a free port; stopped with
    its whole process group on the way out, errors and Ctrl-C included."""
    port = free_port()
    OUT.mkdir(parents=True, exist_ok=True)
    log = open(OUT / f"gunicorn-{gc_mode}.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [
            GUNICORN,
            "-c",
            "plgportal/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--timeout",
            "600",
        ],
        cwd=ROOT,
        env={**env, "WEB_GC_TUNING": "1" if gc_mode == "tuned" else "0"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until_up(port, server)
        yield port, server.pid
    finally:
        for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            if server.poll() is not None:
                break
            try:
                os.killpg(server.pid, sig)
            except ProcessLookupError:
                break
            try:
                server.wait(grace)
            except subprocess.TimeoutExpired:
                continue
        log.close()


def wait_until_up(port: int, server) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.returncode}): see {OUT}/gunicorn-*.log")
        try:
            status, _body, _headers = request(port, "/health/", HEADERS)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /health/ within 60 s")


# Behind the TLS proxy: an allowed host and X-Forwarded-Proto, so no HTTPS redirect.
HEADERS = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Accept-Language": "nl-be"}


# --- measuring and reporting


@dataclass
class Row:
    page: Page
    result: Result
    floor: Result
    queries: str


def warm_up(port: int, page: Page, headers) -> str:
    """A few requests so both workers have loaded what the page needs; the first one asks the
    query counter for its number of queries."""
    from tests.benchmarks.floor import COUNT_REQUEST_HEADER, COUNT_RESPONSE_HEADER

    _status, _body, answer = request(port, page.path, {**headers, COUNT_REQUEST_HEADER: "1"})
    for _ in range(WORKERS * 2):
        request(port, page.path, headers)
    return answer.get(COUNT_RESPONSE_HEADER, "?")


def run_pages(args, env, pages, cookies, gc_mode: str) -> list[Row]:
    floor = pages[0]
    rows = []
    backends = database_backends(env["DATABASE_URL"])
    with gunicorn(env, gc_mode=gc_mode) as (port, master):
        processes = {"workers": lambda: children(master), "database": backends}
        for page in pages[1:]:
            if page.key not in args.pages:
                continue
            page_headers = {**HEADERS, "Cookie": cookies[page.user]}
            floor_headers = {**HEADERS, "Cookie": cookies[floor.user]}
            warm_up(port, floor, floor_headers)
            floor_result = measure(
                port,
                floor.path,
                floor_headers,
                seconds=args.seconds,
                clients=args.clients,
                **processes,
            )
            queries = warm_up(port, page, page_headers)
            result = measure(
                port,
                page.path,
                page_headers,
                seconds=args.seconds,
                clients=args.clients,
                **processes,
            )
            rows.append(Row(page, result, floor_result, queries))
            print(format_row(rows[-1]), flush=True)
            if result.non_200 or result.errors:
                print(
                    f"!!! {page.label} ({page.path}): statuses {result.statuses}, "
                    f"errors {result.errors[:3]}",
                    file=sys.stderr,
                    flush=True,
                )
    return rows


COLUMNS = (
    "page",
    "status",
    "req/s",
    "p50 ms",
    "p95 ms",
    "CPU ms/req",
    "DB CPU ms/req",
    "kB",
    "queries",
    "floor req/s",
    "floor p95 ms",
    "floor CPU ms",
    "req/s ÷ floor",
    "p95 ÷ floor",
)


def cells(row: Row) -> list[str]:
    result, floor = row.result, row.floor
    statuses = ",".join(f"{code}×{n}" for code, n in sorted(result.statuses.items()))
    if result.errors:
        statuses += f" ({len(result.errors)} errors)"
    return [
        row.page.label,
        statuses if result.non_200 or result.errors else "200",
        f"{result.per_second:.1f}",
        f"{result.p50 * 1000:.0f}",
        f"{result.p95 * 1000:.0f}",
        f"{result.cpu_per_request * 1000:.1f}",
        f"{result.database_cpu_per_request * 1000:.1f}",
        f"{result.size / 1024:.0f}",
        row.queries,
        f"{floor.per_second:.1f}",
        f"{floor.p95 * 1000:.0f}",
        f"{floor.cpu_per_request * 1000:.1f}",
        f"{result.per_second / floor.per_second:.2f}" if floor.per_second else "–",
        f"{result.p95 / floor.p95:.1f}" if floor.latencies else "–",
    ]


def format_row(row: Row) -> str:
    return "  ".join(f"{h}={c}" for h, c in zip(COLUMNS, cells(row), strict=True))


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
    lines += ["| " + " | ".join(cells(row)) + " |" for row in rows]
    return "\n".join(lines)


def gc_comparison(tuned: list[Row], default: list[Row]) -> str:
    lines = [
        "| page | CPU ms/req, default GC | CPU ms/req, tuned | req/s default | req/s tuned |",
        "| --- | --- | --- | --- | --- |",
    ]
    default_by_key = {row.page.key: row for row in default}
    for row in tuned:
        other = default_by_key.get(row.page.key)
        if other is None:
            continue
        lines.append(
            f"| {row.page.label} | {other.result.cpu_per_request * 1000:.1f} | "
            f"{row.result.cpu_per_request * 1000:.1f} | {other.result.per_second:.1f} | "
            f"{row.result.per_second:.1f} |"
        )
    return "\n".join(lines)


def header(args) -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = "?"
    return (
        f"Benchmark of {datetime.now():%Y-%m-%d %H:%M} (commit {commit or '?'}, uncommitted "
        f"changes included): {args.dossiers} dossiers, {args.jurors} jurors; gunicorn, "
        f"{WORKERS} sync workers, DEBUG=0, PostgreSQL; {args.clients} clients, "
        f"{args.seconds:g} s a page and as long for the floor just before it; "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}. CPU ms/req: the gunicorn "
        f"workers' user+system time over the run ÷ requests; DB CPU: the same for the "
        f"PostgreSQL backends serving them (JIT off, as in docker-compose.yml)."
    )


def stop_on_sigterm(signum, frame):
    # Leave through the `finally` blocks, so gunicorn is stopped too.
    raise SystemExit(128 + signum)


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    default_url = QUICK_DATABASE_URL if args.dossiers == QUICK["dossiers"] else DEFAULT_DATABASE_URL
    env = base_env(os.environ.get("BENCH_DATABASE_URL", default_url))
    os.environ.update(env)
    os.chdir(ROOT)
    started = time.perf_counter()
    import django

    django.setup()
    prepare_database(args, env)
    # DEBUG=0 serves hashed static names from the manifest: it must exist.
    manage(env, "collectstatic", "--noinput", "-v0")
    pages, cookies = build_pages()
    modes = ["tuned", "default"] if args.gc == "both" else [args.gc]
    results = {}
    for mode in modes:
        print(f"\n{header(args)}\nGarbage collector: {mode}.", flush=True)
        results[mode] = run_pages(args, env, pages, cookies, mode)
    sections = [header(args)]
    for mode, rows in results.items():
        sections += [f"## Garbage collector: {mode}", markdown_table(rows)]
    if len(results) == 2:
        sections += ["## Tuned vs default garbage collector", gc_comparison(*results.values())]
    text = "\n\n".join(sections) + "\n"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "latest.md").write_text(text)
    print(
        "\n" + text + f"\nWritten to {OUT / 'latest.md'} in {time.perf_counter() - started:.0f} s."
    )
    failed = [row for rows in results.values() for row in rows if row.result.non_200]
    if failed:
        print(
            "!!! Pages that answered other than 200: "
            + ", ".join(f"{row.page.label} {row.result.non_200}" for row in failed),
            file=sys.stderr,
        )
        # Not a timing verdict: a page that errors in production shape is a broken page.
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
