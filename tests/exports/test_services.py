"""Exports started by plgportal.exports.services and built by plgportal.exports.building (the
build task's body, run inline): ZIP contents per kind, progress, failure and retry, expiry."""

import dataclasses
import logging
import threading
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from plgportal.exports.builders import ExportError
from plgportal.exports.building import (
    BUILD_TIME_LIMIT,
    ProgressRecorder,
    export_build,
    exports_delete_expired,
)
from plgportal.exports.enums import ExportStatus
from plgportal.exports.models import Export
from plgportal.exports.registry import EXPORT_BUILDERS
from plgportal.exports.services import export_retry, export_start
from plgportal.exports.tasks import task_requeue_stale_exports
from plgportal.spreadsheets import registry
from sessions.models import EvaluationReport, Preparation, Product
from tests.exports.factories import ExportFactory, done_export, submitted_dossiers
from tests.factories import CallFactory, DossierFactory
from tests.sessions.factories import trajectory_for

pytestmark = pytest.mark.django_db


def _build(kind, user, params) -> Export:
    export = export_start(kind=kind, requested_by=user, params=params)
    export_build(export_id=export.pk)
    export.refresh_from_db()
    return export


def _zip(export) -> zipfile.ZipFile:
    assert export.status == ExportStatus.DONE, export.error
    return zipfile.ZipFile(export.file.path)


def _assert_pdfs(archive):
    for name in archive.namelist():
        if name.endswith(".pdf"):
            assert archive.read(name).startswith(b"%PDF"), name


def test_export_start_stores_queued_row_in_active_language(
    staff_user, django_capture_on_commit_callbacks
):
    (dossier,) = submitted_dossiers(1)
    with translation.override("fr-be"), django_capture_on_commit_callbacks() as callbacks:
        export = export_start(
            kind="call_dossiers", requested_by=staff_user, params={"call": str(dossier.call_id)}
        )
    assert (export.status, export.language, export.params) == (
        ExportStatus.QUEUED,
        "fr-be",
        {"call": dossier.call_id},
    )
    assert export.requested_by == staff_user
    assert len(callbacks) == 1  # the build task, queued on commit
    assert export.get_absolute_url() == f"/exports/{export.pk}/"


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        ("nonsense", {}, "Deze soort export bestaat niet."),
        ("call_dossiers", {}, "Deze export mist een geldige oproep."),
        ("call_dossiers", {"call": 999999}, "Deze oproep bestaat niet."),
        ("trajectory_bundle", {"trajectory": 999999}, "Dit traject bestaat niet."),
    ],
)
def test_export_start_refuses_bad_params(staff_user, kind, params, message):
    with pytest.raises(ValidationError) as refused:
        export_start(kind=kind, requested_by=staff_user, params=params)
    assert refused.value.messages == [message]
    assert not Export.objects.exists()


def test_export_start_refuses_call_without_submitted_dossiers(staff_user):
    call = CallFactory()
    DossierFactory(call=call)  # a draft does not count
    with pytest.raises(ValidationError) as refused:
        export_start(kind="call_dossiers", requested_by=staff_user, params={"call": call.pk})
    assert refused.value.messages == ["Deze oproep heeft nog geen ingediende dossiers."]


def test_call_dossiers_zip_holds_each_submitted_dossier_and_its_letters(staff_user):
    first, second = submitted_dossiers(2)
    DossierFactory(call=first.call)
    export = _build("call_dossiers", staff_user, {"call": first.call_id})
    archive = _zip(export)
    ref1, ref2 = first.reference, second.reference
    schools1 = [s.name for s in first.schools.all()]
    expected = [f"{ref1}/{ref1}-dossier.pdf"] + [
        f"{ref1}/{ref1}-intentieverklaring-{name.lower().replace(' ', '-')}.pdf"
        for name in schools1
    ]
    assert archive.namelist()[: len(expected)] == expected
    assert f"{ref2}/{ref2}-dossier.pdf" in archive.namelist()
    assert len(archive.namelist()) == 2 * (1 + 3)
    # The draft is left out.
    assert {name.split("/")[0] for name in archive.namelist()} == {ref1, ref2}
    _assert_pdfs(archive)
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
    assert (export.progress_done, export.progress_total) == (2, 2)
    assert export.filename == f"dossiers-{first.call.slug}.zip"
    assert export.file.name.startswith("exports/")
    assert export.file.name.endswith(f"/{export.filename}")
    assert export.expires_at == export.finished_at + timedelta(days=7)


def test_letter_names_are_ascii_safe(staff_user):
    (dossier,) = submitted_dossiers(1)
    school = dossier.schools.first()
    school.name = "École Saint-Éloi & Co / Zuid"
    school.save()
    archive = _zip(_build("call_dossiers", staff_user, {"call": dossier.call_id}))
    ref = dossier.reference
    assert f"{ref}/{ref}-intentieverklaring-ecole-saint-eloi-co-zuid.pdf" in archive.namelist()


def test_progress_is_saved_per_dossier(staff_user, monkeypatch):
    dossiers = submitted_dossiers(3)
    seen = []
    monkeypatch.setattr("plgportal.exports.building.PROGRESS_INTERVAL", 0)
    original = ProgressRecorder.__call__

    def spy(self, done, total):
        original(self, done, total)
        stored = Export.objects.get(pk=self.export.pk)
        seen.append((stored.status, stored.progress_done, stored.progress_total))

    monkeypatch.setattr(ProgressRecorder, "__call__", spy)
    _build("call_dossiers", staff_user, {"call": dossiers[0].call_id})
    assert seen == [("running", n, 3) for n in range(4)]


def test_progress_writes_are_throttled_but_first_and_last_always_saved():
    export = ExportFactory()
    recorder = ProgressRecorder(export)
    for done in range(0, 51):
        recorder(done, 50)
    export.refresh_from_db()
    assert (export.progress_done, export.progress_total) == (50, 50)


def test_call_reports_zip_lists_trajectories_without_report(staff_user):
    with_report, without_report = submitted_dossiers(2)
    reported = trajectory_for(dossier=with_report)
    trajectory_for(dossier=without_report)
    EvaluationReport.objects.create(trajectory=reported, reactions="Enthousiast.")
    export = _build("call_reports", staff_user, {"call": with_report.call_id})
    archive = _zip(export)
    assert archive.namelist() == [f"{with_report.reference}-evaluatieverslag.pdf", "ontbrekend.txt"]
    _assert_pdfs(archive)
    missing = archive.read("ontbrekend.txt").decode()
    assert without_report.reference in missing
    assert with_report.reference not in missing
    assert (export.progress_done, export.progress_total) == (2, 2)


def test_trajectory_bundle_zip_holds_everything_of_the_trajectory(staff_user):
    (dossier,) = submitted_dossiers(1)
    trajectory = trajectory_for(dossier=dossier)
    EvaluationReport.objects.create(trajectory=trajectory, learning="Veel.")
    meetings = list(trajectory.meetings.order_by("position"))
    undated = meetings[-1]
    undated.date = None
    undated.save()
    product = Product(trajectory=trajectory, title="Draaiboek", stage="prototype")
    product.attachment.save("x.pdf", ContentFile(b"%PDF-product"), save=False)
    product.attachment_name = "Draaiboek mentoraat (versie 2).PDF"
    product.save()
    Product.objects.create(trajectory=trajectory, title="Zonder bijlage", stage="idea")
    school = dossier.schools.first()
    preparation = Preparation(meeting=meetings[0], school=school)
    preparation.source_file.save("y.docx", ContentFile(b"bron"), save=False)
    preparation.source_file_name = "Artikel Hattie.docx"
    preparation.save()

    export = _build("trajectory_bundle", staff_user, {"trajectory": trajectory.pk})
    archive = _zip(export)
    ref = dossier.reference
    school_name = school.name.lower().replace(" ", "-")
    assert archive.namelist() == [
        f"{ref}-overzicht.pdf",
        f"{ref}-evaluatieverslag.pdf",
        *(
            f"aanwezigheid/{ref}-bijeenkomst-{m.position}-aanwezigheidslijst.pdf"
            for m in meetings[:-1]
        ),
        f"producten/{product.pk}-draaiboek-mentoraat-versie-2.pdf",
        f"voorbereidingen/bijeenkomst-1-{school_name}-artikel-hattie.docx",
        f"{ref}-dossier.pdf",
    ]
    assert archive.read(f"producten/{product.pk}-draaiboek-mentoraat-versie-2.pdf") == (
        b"%PDF-product"
    )
    _assert_pdfs(archive)
    assert export.progress_total == len(archive.namelist())
    assert export.filename == f"traject-{ref}.zip"


def test_spreadsheet_export_stores_the_registry_file(staff_user):
    (dossier,) = submitted_dossiers(1)
    dataset = next(iter(registry.DATASETS))
    export = _build(
        "spreadsheet", staff_user, {"call": dossier.call_id, "dataset": dataset, "format": "csv"}
    )
    filename, content = registry.build_file(call=dossier.call, dataset=dataset, fmt="csv")
    assert export.status == ExportStatus.DONE, export.error
    assert export.file.read() == content
    assert export.filename.endswith(".csv")
    assert (export.progress_done, export.progress_total) == (1, 1)


def test_spreadsheet_export_refuses_unknown_dataset_and_format(staff_user):
    call = CallFactory()
    with pytest.raises(ValidationError):
        export_start(
            kind="spreadsheet",
            requested_by=staff_user,
            params={"call": call.pk, "dataset": "bestaat-niet", "format": "csv"},
        )
    with pytest.raises(ValidationError):
        export_start(
            kind="spreadsheet",
            requested_by=staff_user,
            params={"call": call.pk, "dataset": next(iter(registry.DATASETS)), "format": "pdf"},
        )


def test_failure_stores_dutch_reason_and_logs_traceback(staff_user, caplog):
    (dossier,) = submitted_dossiers(1)
    letter = dossier.schools.first().letter
    Path(letter.file.path).unlink()  # the upload vanished from the server
    with caplog.at_level(logging.ERROR, logger="plgportal.exports.building"):
        export = _build("call_dossiers", staff_user, {"call": dossier.call_id})
    assert export.status == ExportStatus.FAILED
    assert export.error == (
        "Een opgeladen bestand ontbreekt op de server, daardoor kon de export niet gemaakt worden."
    )
    assert not export.file
    assert export.finished_at is not None
    assert "Traceback" in caplog.text or caplog.records[0].exc_info


def test_retry_queues_failed_export_again_and_builds_it(
    staff_user, django_capture_on_commit_callbacks
):
    (dossier,) = submitted_dossiers(1)
    export = ExportFactory(
        requested_by=staff_user,
        params={"call": dossier.call_id},
        status=ExportStatus.FAILED,
        error="Kapot.",
        progress_done=1,
        progress_total=4,
        finished_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks() as callbacks:
        export = export_retry(export=export)
    assert (export.status, export.error, export.progress_done, export.finished_at) == (
        ExportStatus.QUEUED,
        "",
        0,
        None,
    )
    assert len(callbacks) == 1
    assert export_build(export_id=export.pk) == ExportStatus.DONE


@pytest.mark.parametrize("status", [ExportStatus.QUEUED, ExportStatus.DONE, ExportStatus.EXPIRED])
def test_retry_refuses_export_that_did_not_fail(status):
    export = ExportFactory(status=status)
    with pytest.raises(ValidationError):
        export_retry(export=export)
    export.refresh_from_db()
    assert export.status == status


def test_build_ignores_missing_and_finished_exports():
    assert export_build(export_id=999999) is None
    export = done_export()
    assert export_build(export_id=export.pk) is None


def test_delete_expired_removes_file_and_marks_expired():
    now = timezone.now()
    old = done_export()
    old.expires_at = now - timedelta(minutes=1)
    old.save()
    fresh = done_export()
    path = Path(old.file.path)
    assert path.exists()
    assert exports_delete_expired(now=now) == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, old.file.name) == (ExportStatus.EXPIRED, "")
    assert not path.exists()
    assert not path.parent.exists()
    assert fresh.status == ExportStatus.DONE
    assert Path(fresh.file.path).exists()
    assert exports_delete_expired(now=now) == 0


def test_beat_schedules_the_expiry(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "exports.delete_expired" in tasks
    retention = settings.EXPORT_RETENTION
    assert retention == timedelta(days=7)


def test_build_runs_in_the_requesters_language_and_keeps_builder_reasons(staff_user, monkeypatch):
    (dossier,) = submitted_dossiers(1)
    with translation.override("fr-be"):
        export = export_start(
            kind="call_dossiers", requested_by=staff_user, params={"call": dossier.call_id}
        )
    languages = []

    def refusing_builder(params, out, progress):
        languages.append(translation.get_language())
        raise ExportError("Deze oproep is te groot om in één keer te exporteren.")

    refusing = dataclasses.replace(EXPORT_BUILDERS["call_dossiers"], build=refusing_builder)
    monkeypatch.setitem(EXPORT_BUILDERS, "call_dossiers", refusing)
    assert export_build(export_id=export.pk) == ExportStatus.FAILED
    export.refresh_from_db()
    assert languages == ["fr-be"]
    assert export.error == "Deze oproep is te groot om in één keer te exporteren."


def test_requeue_stale_builds_exports_whose_task_was_lost():
    call = submitted_dossiers(1)[0].call
    lost = ExportFactory(
        params={"call": call.pk}, created_at=timezone.now() - timedelta(minutes=11)
    )
    just_started = ExportFactory(params={"call": call.pk})
    finished = done_export(created_at=timezone.now() - timedelta(hours=1))

    assert task_requeue_stale_exports() == 1

    # Eager Celery: the re-queued build ran at once.
    lost.refresh_from_db()
    just_started.refresh_from_db()
    finished.refresh_from_db()
    assert lost.status == ExportStatus.DONE
    assert just_started.status == ExportStatus.QUEUED
    assert finished.status == ExportStatus.DONE


def test_build_leaves_an_export_another_worker_is_building_alone():
    call = submitted_dossiers(1)[0].call
    export = ExportFactory(
        params={"call": call.pk}, status=ExportStatus.RUNNING, started_at=timezone.now()
    )

    assert export_build(export_id=export.pk) is None
    export.refresh_from_db()
    assert (export.status, export.file.name) == (ExportStatus.RUNNING, "")


def test_build_takes_over_an_export_whose_worker_died():
    call = submitted_dossiers(1)[0].call
    export = ExportFactory(
        params={"call": call.pk},
        status=ExportStatus.RUNNING,
        started_at=timezone.now() - BUILD_TIME_LIMIT - timedelta(minutes=1),
    )

    assert export_build(export_id=export.pk) == ExportStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_export_start_builds_in_a_thread_when_tasks_run_inline(staff_user, settings, monkeypatch):
    """`make run`: the request returns at once and the progress page sees the build go on."""
    settings.TASKS_IN_THREAD = True
    (dossier,) = submitted_dossiers(1)
    release = threading.Event()
    real = EXPORT_BUILDERS["call_dossiers"]

    def waiting_builder(params, out, progress):
        assert release.wait(timeout=10)
        return real.build(params, out, progress)

    monkeypatch.setitem(
        EXPORT_BUILDERS, "call_dossiers", dataclasses.replace(real, build=waiting_builder)
    )
    export = export_start(
        kind="call_dossiers", requested_by=staff_user, params={"call": dossier.call_id}
    )
    (thread,) = [t for t in threading.enumerate() if t.name == f"export-build-{export.pk}"]
    assert thread.daemon
    assert thread.is_alive()
    release.set()
    thread.join(timeout=30)
    assert not thread.is_alive()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error
