"""Files on an S3-compatible object store (STORAGE_URL=s3://...): letters, attachments, exports
and cached PDFs are written to the bucket and nowhere on the host, and still reach the user
only through the permission-checked views. Against a real S3 API (moto's server, over HTTP)."""

import os
import subprocess
import sys
import zipfile
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.models import LetterOfIntent
from plgportal import pdf_cache
from plgportal.exports.building import exports_delete_expired
from plgportal.exports.enums import ExportStatus
from plgportal.exports.services import export_start
from plgportal.file_storage import LOCAL_BACKEND, S3_BACKEND, default_storage_config
from tests import hostile_files as files
from tests.exports.factories import submitted_dossiers
from tests.factories import DossierFactory, SchoolFactory
from tests.sessions.factories import trajectory_for

NO_ENV = {}.get


def _files_under(root) -> list[Path]:
    root = Path(root)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# The configuration ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["", "  ", "file:", "file://"])
def test_empty_storage_url_keeps_the_local_file_system(url):
    assert default_storage_config(url, NO_ENV) == {"BACKEND": LOCAL_BACKEND}


def test_s3_storage_url_names_bucket_prefix_and_endpoint():
    env = {
        "AWS_S3_ENDPOINT_URL": "http://minio:9000",
        "AWS_S3_REGION_NAME": "eu-west-1",
        "AWS_ACCESS_KEY_ID": "key",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_S3_ADDRESSING_STYLE": "path",
    }

    config = default_storage_config("s3://plg-files/portal/media/", env.get)

    assert config["BACKEND"] == S3_BACKEND
    options = config["OPTIONS"]
    assert (options["bucket_name"], options["location"]) == ("plg-files", "portal/media")
    assert (options["endpoint_url"], options["region_name"]) == ("http://minio:9000", "eu-west-1")
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert (options["addressing_style"], options["file_overwrite"]) == ("path", False)
    # Never public: the bucket's own (private) policy, and no unsigned URL.
    assert (options["default_acl"], options["querystring_auth"]) == (None, True)


def test_s3_storage_url_without_settings_leaves_them_to_boto():
    options = default_storage_config("s3://plg-files", NO_ENV)["OPTIONS"]

    assert options["location"] == ""
    assert options["endpoint_url"] is options["access_key"] is options["region_name"] is None


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("s3://", "names no bucket"),
        ("ftp://files.example.org/plg", "use s3://bucket"),
        ("gs://plg-files", "use s3://bucket"),
        ("file:///srv/plg", "MEDIA_ROOT"),
    ],
)
def test_unknown_storage_url_is_refused(url, says):
    with pytest.raises(ImproperlyConfigured, match=says):
        default_storage_config(url, NO_ENV)


def test_portal_refuses_to_start_with_a_mistyped_storage_url():
    env = os.environ | {"DEBUG": "1", "STORAGE_URL": "s4://plg-files"}
    started = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env | {"DJANGO_SETTINGS_MODULE": "plgportal.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert started.returncode != 0
    assert "STORAGE_URL='s4://plg-files'" in started.stderr


# Files on the bucket -------------------------------------------------------------------------


@pytest.fixture
def school(applicant):
    return SchoolFactory(dossier=DossierFactory(created_by=applicant), name="VBS De Linde")


def _upload_letter(client, school, data: bytes, name="Brief directie.pdf"):
    url = reverse(
        "applications:letter_upload", kwargs={"pk": school.dossier_id, "school_pk": school.pk}
    )
    return client.post(
        url,
        {
            "file": SimpleUploadedFile(name, data, content_type="application/pdf"),
            "signer_name": "An Peeters",
            "signer_function": "Directeur",
        },
    )


@pytest.mark.django_db
def test_letter_is_stored_in_the_bucket_and_downloaded_through_the_view(
    client, applicant, other_applicant, school, object_storage
):
    client.force_login(applicant)
    letter_bytes = files.pdf_bytes(pages=2)

    assert _upload_letter(client, school, letter_bytes).status_code == 302

    letter = LetterOfIntent.objects.get(school=school)
    key = f"media/{letter.file.name}"
    assert object_storage.object_keys() == [key]
    assert object_storage.read(key) == letter_bytes
    assert _files_under(settings.MEDIA_ROOT) == []
    url = reverse(
        "applications:letter_download", kwargs={"pk": school.dossier_id, "school_pk": school.pk}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == letter_bytes
    assert response["Content-Disposition"] == 'attachment; filename="Brief_directie.pdf"'
    assert set(response["Cache-Control"].split(", ")) == {"no-store", "private"}
    assert response["X-Content-Type-Options"] == "nosniff"
    # The bucket is never named to the browser: no redirect, no presigned address.
    assert object_storage.name not in str(response.headers)
    client.force_login(other_applicant)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_replaced_letter_leaves_only_the_new_object(
    client, applicant, school, object_storage, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    _upload_letter(client, school, files.pdf_bytes(pages=1))
    replacement = files.pdf_bytes(pages=3)

    with django_capture_on_commit_callbacks(execute=True):
        _upload_letter(client, school, replacement, name="nieuw.pdf")

    letter = LetterOfIntent.objects.get(school=school)
    assert object_storage.object_keys() == [f"media/{letter.file.name}"]
    assert object_storage.read(f"media/{letter.file.name}") == replacement


@pytest.mark.django_db
def test_two_letters_with_the_same_name_keep_both_objects(object_storage):
    first = default_storage.save("letters/1/brief.pdf", BytesIO(b"%PDF-1 first"))
    second = default_storage.save("letters/1/brief.pdf", BytesIO(b"%PDF-1 second"))

    assert first != second
    assert object_storage.read(f"media/{first}") == b"%PDF-1 first"
    assert object_storage.read(f"media/{second}") == b"%PDF-1 second"


@pytest.mark.django_db
def test_product_attachment_on_the_bucket(client, applicant, coach, object_storage):
    trajectory = trajectory_for(coach=coach, created_by=applicant)
    client.force_login(coach)
    client.post(
        reverse("sessions:trajectory_products", args=[trajectory.pk]),
        {
            "title": "Draaiboek",
            "stage": "prototype",
            "attachment": SimpleUploadedFile("draaiboek.pdf", files.pdf_bytes()),
        },
    )

    product = trajectory.products.get()
    assert f"media/{product.attachment.name}" in object_storage.object_keys()
    assert object_storage.read(f"media/{product.attachment.name}") == files.pdf_bytes()
    response = client.get(
        reverse("sessions:trajectory_product_attachment", args=[trajectory.pk, product.pk])
    )
    assert b"".join(response.streaming_content) == files.pdf_bytes()
    assert _files_under(settings.MEDIA_ROOT) == []


@pytest.mark.django_db
def test_export_is_built_into_the_bucket_downloaded_and_expired(
    client, staff_user, object_storage, django_capture_on_commit_callbacks
):
    dossiers = submitted_dossiers(2)
    # The letters the factories made are on the bucket too, and go into the ZIP from there.
    letter_keys = [key for key in object_storage.object_keys() if key.startswith("media/letters/")]
    assert len(letter_keys) == sum(d.schools.count() for d in dossiers)

    with django_capture_on_commit_callbacks(execute=True):
        export = export_start(
            kind="call_dossiers", requested_by=staff_user, params={"call": dossiers[0].call_id}
        )

    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error
    export_key = f"media/{export.file.name}"
    assert export_key in object_storage.object_keys()
    client.force_login(staff_user)
    response = client.get(reverse("exports:download", args=[export.pk]))
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"no-store", "private"}
    archive = zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))
    assert archive.read(archive.namelist()[0]).startswith(b"%PDF-")
    letters_in_zip = [name for name in archive.namelist() if "-intentieverklaring-" in name]
    assert len(letters_in_zip) == len(letter_keys), archive.namelist()
    assert _files_under(settings.MEDIA_ROOT) == []

    assert exports_delete_expired(now=timezone.now() + timedelta(days=30)) == 1
    assert export_key not in object_storage.object_keys()
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 410


@pytest.mark.django_db
def test_cached_pdf_on_the_bucket_is_read_back_and_pruned_when_idle(object_storage):
    name = pdf_cache.cache_name("dossier", "<p>Dossier</p>", renderer="test")
    whole = b"%PDF-1.7\n...\n%%EOF\n"

    pdf_cache.cache_write(name, whole)
    pdf_cache.cache_write(name, whole)  # drawn twice at once: one object, same bytes

    assert object_storage.object_keys() == [f"media/{name}"]
    assert pdf_cache.cache_read(name) == whole
    assert pdf_cache.cache_prune(now=timezone.now()) == 0
    assert pdf_cache.cache_prune(now=timezone.now() + pdf_cache.MAX_IDLE + timedelta(1)) == 1
    assert object_storage.object_keys() == []
    assert pdf_cache.cache_read(name) is None
