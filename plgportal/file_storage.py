"""Where uploads, exports and cached PDFs live: the local file system (the default), or an
S3-compatible object store, so that web processes and workers on several hosts share them.

`STORAGE_URL` chooses: empty (or `file:`) for MEDIA_ROOT on this host, `s3://bucket[/prefix]`
for a bucket, with the standard `AWS_*` variables for the endpoint and credentials. Either way
nothing serves the files by URL: every download goes through a permission-checked view that
streams the file (plgportal/downloads.py), so the bucket stays private.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

LOCAL_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"

# A file read from the bucket is held in memory up to this size, then on a temporary file, so
# streaming a large export does not take the worker's memory (django-storages' default, 0,
# never rolls over to disk).
S3_MAX_MEMORY_SIZE = 5 * 1024 * 1024


def default_storage_config(storage_url: str, env: Callable[[str, str], str]) -> dict:
    """The STORAGES["default"] entry for `storage_url`; `env(name, default)` reads the AWS_*
    settings (env_str, which also accepts <NAME>_FILE for secrets). Raises ImproperlyConfigured
    for a URL it does not know, so a typo stops the start-up instead of writing elsewhere."""
    parts = urlsplit(storage_url.strip())
    if parts.scheme in ("", "file"):
        if parts.netloc or parts.path:
            raise ImproperlyConfigured(
                f"STORAGE_URL={storage_url!r}: the local storage is set with MEDIA_ROOT; "
                "leave STORAGE_URL empty for it."
            )
        return {"BACKEND": LOCAL_BACKEND}
    if parts.scheme != "s3":
        raise ImproperlyConfigured(
            f"STORAGE_URL={storage_url!r}: use s3://bucket[/prefix] for an object store, "
            "or leave it empty for the local file system."
        )
    if not parts.netloc:
        raise ImproperlyConfigured(f"STORAGE_URL={storage_url!r} names no bucket.")
    options = {
        "bucket_name": parts.netloc,
        "location": parts.path.strip("/"),
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", "") or None,
        "region_name": env("AWS_S3_REGION_NAME", "") or None,
        "access_key": env("AWS_ACCESS_KEY_ID", "") or None,
        "secret_key": env("AWS_SECRET_ACCESS_KEY", "") or None,
        # "path" for MinIO and most self-hosted stores; "virtual" for AWS itself.
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE", "") or None,
        "signature_version": "s3v4",
        # Two uploads with the same name keep both, as on the local file system.
        "file_overwrite": False,
        # The bucket's own policy decides (private); no object is ever made public.
        "default_acl": None,
        "querystring_auth": True,
        "max_memory_size": S3_MAX_MEMORY_SIZE,
    }
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
