"""Two web processes and two Celery workers, as on two hosts: one PostgreSQL, one Redis, one
object store, and nothing else in common (each has a MEDIA_ROOT of its own, which must stay
empty). Directors upload their letters on one host and submit on the other; staff start the
ZIP export on one host and download it from the other. Nothing is lost: every dossier is
submitted, every mail sent, every letter is in the export with its exact bytes."""

import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from contextlib import ExitStack, contextmanager
from io import BytesIO
from pathlib import Path

import pytest
import redis
import requests
from django.conf import settings
from django.db import connection
from django.urls import reverse

from applications.enums import DossierStatus
from applications.models import Dossier, LetterOfIntent
from plgportal.exports.builders import ascii_name, reference_name
from plgportal.exports.enums import ExportStatus
from plgportal.exports.models import Export
from plgportal.file_storage import default_storage_config
from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import Email
from tests import hostile_files as files
from tests.factories import UserFactory, eligible_dossier
from tests.object_storage import new_bucket
from tests.processes import free_port, test_database_url
from tests.signed_in import session_cookie

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DOSSIERS = 4
TIMEOUT = 90
# Redis databases of this test's own: the broker the web publishes to and the workers
# consume, and the shared cache (rate limits, the ranking) of both web processes.
BROKER_DB, CACHE_DB = 13, 12


def _require_services() -> None:
    problems = []
    if connection.vendor != "postgresql":
        problems.append("processes of their own need PostgreSQL to share the test's rows")
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        problems.append(f"Redis is unreachable ({exc})")
    if problems:
        if os.environ.get("CI"):
            pytest.fail("; ".join(problems), pytrace=False)
        pytest.skip("; ".join(problems))


def _redis_url(database: int) -> str:
    return re.sub(r"/\d*$", f"/{database}", settings.REDIS_URL)


@contextmanager
def _process(command: list[str], env: dict[str, str], log: Path):
    """A process group of its own, stopped (TERM, then KILL) on the way out."""
    with open(log, "w") as output:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            for sig, grace in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
                if process.poll() is not None:
                    break
                os.killpg(process.pid, sig)
                try:
                    process.wait(grace)
                except subprocess.TimeoutExpired:
                    continue


def _wait_until(condition, what: str, logs: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            tails = "\n".join(
                f"--- {log.name}\n{log.read_text()[-2000:]}" for log in sorted(logs.glob("*.log"))
            )
            pytest.fail(f"Not within {TIMEOUT}s: {what}\n{tails}")
        time.sleep(0.2)


class Host:
    """One web process as a browser meets it: its own address, the session cookie it was given
    (by another host, through the shared database), the CSRF token it read on a form."""

    def __init__(self, port: int, cookie: tuple[str, str]):
        self.base = f"http://127.0.0.1:{port}"
        self.browser = requests.Session()
        self.browser.cookies.set(*cookie)

    def get(self, path: str) -> requests.Response:
        return self.browser.get(self.base + path, timeout=60)

    def post(self, path: str, *, form_page: str, data=None, files=None) -> requests.Response:
        # The token comes from the page the form is on, as a browser submits it.
        page = self.get(form_page)
        assert page.status_code == 200, (form_page, page.status_code)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return self.browser.post(
            self.base + path,
            data={"csrfmiddlewaretoken": token, **(data or {})},
            files=files,
            headers={"Referer": self.base + form_page},
            timeout=60,
        )


def _environment(bucket, media_root: Path) -> dict[str, str]:
    return {
        **os.environ,
        **bucket.environment,
        "DJANGO_SETTINGS_MODULE": "plgportal.settings",
        "DEBUG": "1",
        # Every host, and this process that makes the sessions, sign with the same key.
        "SECRET_KEY": settings.SECRET_KEY,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "TASKS_IN_THREAD": "0",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": _redis_url(BROKER_DB),
        "CACHE_URL": "rediscache://" + _redis_url(CACHE_DB).split("://", 1)[1],
        "EMAIL_URL": "dummymail://",
        "MEDIA_ROOT": str(media_root),
        "LOG_LEVEL": "WARNING",
    }


def _web(stack: ExitStack, env, logs: Path, name: str):
    """A web process on a free port; returns the port and a check that it answers."""
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "-c",
        "plgportal/gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
    ]
    server = stack.enter_context(_process(command, env, logs / f"{name}.log"))

    def up() -> bool:
        assert server.poll() is None, f"{name} exited: see {logs / name}.log"
        try:
            return requests.get(f"http://127.0.0.1:{port}/health/", timeout=2).status_code == 200
        except requests.ConnectionError:
            return False

    return port, up


def _worker(stack: ExitStack, env, logs: Path, name: str) -> None:
    command = [sys.executable, "-m", "celery", "-A", "plgportal", "worker", "--pool=solo"]
    command += [f"--hostname={name}@%h", "--loglevel=WARNING", "--without-gossip"]
    command += ["--without-mingle", "--without-heartbeat"]
    stack.enter_context(_process(command, env, logs / f"{name}.log"))


def _dossiers_waiting_for_one_letter(applicants) -> list[tuple[Dossier, object]]:
    """Eligible drafts whose first school's letter is still to be uploaded."""
    waiting, call = [], {}
    for applicant in applicants:
        dossier = eligible_dossier(created_by=applicant, **call)
        call = {"call": dossier.call}
        school = dossier.schools.order_by("pk").first()
        LetterOfIntent.objects.get(school=school).delete()
        waiting.append((dossier, school))
    return waiting


def test_two_web_processes_and_two_workers_share_everything_and_lose_nothing(
    settings, s3_endpoint, staff_user, tmp_path
):
    _require_services()
    bucket = new_bucket(s3_endpoint)
    # This process writes the factories' files to the same bucket as the servers.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": default_storage_config(
            bucket.storage_url, lambda name, default: bucket.environment.get(name, default)
        ),
    }
    applicants = [
        UserFactory(role="applicant", email=f"director{n}@example.org") for n in range(DOSSIERS)
    ]
    waiting = _dossiers_waiting_for_one_letter(applicants)
    call = waiting[0][0].call
    logs = tmp_path / "logs"
    logs.mkdir()
    media_roots = {name: tmp_path / name for name in ("web-a", "web-b", "worker-1", "worker-2")}
    letters = {}

    with ExitStack() as stack:
        ports, waiting_for = {}, []
        for name, media_root in media_roots.items():
            media_root.mkdir()
            env = _environment(bucket, media_root)
            if name.startswith("web"):
                ports[name], answers = _web(stack, env, logs, name)
                waiting_for.append((answers, f"{name} answers"))
            else:
                _worker(stack, env, logs, name)
        # All four start at once; the web processes must answer before the first request.
        for answers, what in waiting_for:
            _wait_until(answers, what, logs)

        pairs = zip(waiting, applicants, strict=True)
        for number, ((dossier, school), applicant) in enumerate(pairs):
            cookie = session_cookie(applicant)
            # Alternate the hosts: the upload on one, the submission on the other.
            first, second = (("web-a", "web-b"), ("web-b", "web-a"))[number % 2]
            upload_host, submit_host = Host(ports[first], cookie), Host(ports[second], cookie)
            letters[school.pk] = files.pdf_bytes(pages=number + 1)
            section = reverse("applications:dossier_section_letters", args=[dossier.pk])
            uploaded = upload_host.post(
                reverse("applications:letter_upload", args=[dossier.pk, school.pk]),
                form_page=section,
                data={"signer_name": f"Directeur {number}", "signer_function": "Directeur"},
                files={"file": ("brief.pdf", letters[school.pk], "application/pdf")},
            )
            assert uploaded.status_code == 200 and uploaded.url.endswith(section), uploaded.url
            review = reverse("applications:dossier_review", args=[dossier.pk])
            submitted = submit_host.post(review, form_page=review)
            assert "Uw dossier is ingediend" in submitted.text, submitted.url

        staff_cookie = session_cookie(staff_user)
        exports_page = reverse("exports:call_exports", args=[call.slug])
        started = Host(ports["web-b"], staff_cookie).post(
            reverse("exports:call_export_start", args=[call.slug, "call_dossiers"]),
            form_page=exports_page,
        )
        assert started.status_code == 200
        export = Export.objects.get(requested_by=staff_user)

        def built() -> bool:
            export.refresh_from_db()
            return export.status in (ExportStatus.DONE, ExportStatus.FAILED)

        def mails_out() -> bool:
            return not Email.objects.filter(status=EmailStatus.QUEUED).exists()

        _wait_until(built, "a worker builds the export", logs)
        _wait_until(mails_out, "the workers send every mail", logs)
        assert export.status == ExportStatus.DONE, export.error
        download = Host(ports["web-a"], staff_cookie).get(
            reverse("exports:download", args=[export.pk])
        )

    assert download.status_code == 200
    assert set(download.headers["Cache-Control"].split(", ")) == {"no-store", "private"}
    assert set(Dossier.objects.values_list("status", flat=True)) == {DossierStatus.SUBMITTED}
    assert Dossier.objects.filter(call=call).exclude(reference=None).count() == DOSSIERS
    mails = Email.objects.all()
    assert len(mails) >= DOSSIERS
    assert {mail.status for mail in mails} == {EmailStatus.SENT}
    archive = zipfile.ZipFile(BytesIO(download.content))
    pdfs = [name for name in archive.namelist() if name.endswith("-dossier.pdf")]
    assert len(pdfs) == DOSSIERS
    for school_pk, data in letters.items():
        letter = LetterOfIntent.objects.get(school_id=school_pk)
        assert bucket.read(f"media/{letter.file.name}") == data
        reference = reference_name(letter.school.dossier)
        school_name = ascii_name(letter.school.name, f"school-{school_pk}")
        member = f"{reference}/{reference}-intentieverklaring-{school_name}.pdf"
        assert archive.read(member) == data
    # Nothing was written on any host: everything went through the database and the bucket.
    for name, media_root in media_roots.items():
        assert [p for p in media_root.rglob("*") if p.is_file()] == [], name
    for database in (BROKER_DB, CACHE_DB):
        redis.Redis.from_url(_redis_url(database)).flushdb()
