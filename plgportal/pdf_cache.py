"""Rendered PDFs kept in the default storage under the hash of what they show
(plgportal.pdf.render_pdf), so a document is drawn once per version and read back afterwards.

Files are private: they are only ever read by render_pdf, behind the permission-checked views
and tasks that call it, never served by URL (nothing serves MEDIA_ROOT).
"""

import contextlib
import hashlib
import os
import tempfile
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

CACHE_DIR = "pdf-cache"
# Bump when something that is not in the HTML changes what WeasyPrint draws (its options here
# in plgportal.pdf, a file under static/ other than the fonts).
CACHE_VERSION = "1"
# An entry nobody read or wrote for this long is deleted by the periodic task.
MAX_IDLE = timedelta(days=30)


@lru_cache(maxsize=1)
def _fonts_digest() -> str:
    """The fonts' bytes, hashed once per process: a new font file means new PDFs."""
    digest = hashlib.sha256()
    for path in sorted((Path(settings.BASE_DIR) / "static" / "fonts").glob("*.ttf")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_name(kind: str, html: str, *, renderer: str) -> str:
    """`pdf-cache/<kind>/<sha256>.pdf` for this HTML drawn by `renderer` (its version and
    options), with the current fonts."""
    digest = hashlib.sha256()
    for part in (CACHE_VERSION, renderer, _fonts_digest(), html):
        digest.update(part.encode())
        digest.update(b"\0")
    return f"{CACHE_DIR}/{kind}/{digest.hexdigest()}.pdf"


def _is_whole_pdf(data: bytes) -> bool:
    # A file cut short (a full disk, a copy interrupted by hand) is drawn again, never sent.
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def _local_path(name: str) -> Path | None:
    try:
        return Path(default_storage.path(name))
    except NotImplementedError:  # a remote storage: no local file to rename or touch
        return None


def cache_read(name: str) -> bytes | None:
    """The cached PDF, or None when there is none (or only an unusable file)."""
    try:
        with default_storage.open(name, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        return None
    if not _is_whole_pdf(data):
        return None
    if path := _local_path(name):
        # Read now: the periodic clean-up keeps what is still downloaded.
        with contextlib.suppress(FileNotFoundError):  # pruned meanwhile: the bytes are read
            os.utime(path)
    return data


def cache_write(name: str, data: bytes) -> None:
    """Store the PDF under `name`. A reader sees the whole file or none: it is written next to
    its place and renamed into it, so two processes drawing the same PDF at once each replace
    the file with identical bytes."""
    path = _local_path(name)
    if path is None:
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(data))
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)  # noqa: S103 (mkstemp's 0600, as the storage's own files)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cache_prune(now=None) -> int:
    """Delete cached PDFs (and leftover partial files) not read or written for MAX_IDLE.
    Returns how many files went."""
    cutoff = (now or timezone.now()) - MAX_IDLE
    deleted = 0
    try:
        kinds, _ = default_storage.listdir(CACHE_DIR)
    except FileNotFoundError:
        return 0
    for kind in kinds:
        folder = f"{CACHE_DIR}/{kind}"
        for filename in default_storage.listdir(folder)[1]:
            name = f"{folder}/{filename}"
            try:
                if default_storage.get_modified_time(name) < cutoff:
                    default_storage.delete(name)
                    deleted += 1
            except FileNotFoundError:  # deleted meanwhile by another run
                continue
    return deleted
