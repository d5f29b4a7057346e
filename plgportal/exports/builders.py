"""What every export builder shares. Each app registers one builder per kind of export it owns
(plgportal.exports.registry); a builder writes the export's file into `out` and returns its name.

A builder gets the export's validated params, a binary file to write to (a temporary file, so a
ZIP of a hundred PDFs never sits in memory) and `progress(done, total)`, called with the total
known up front and again after each step. Documents are rendered in the active language (the
task runs under the requester's). Errors a user can act on are raised as `ExportError`.
"""

import re
import shutil
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from django.db.models.fields.files import FieldFile
from django.utils.text import slugify

Progress = Callable[[int, int], None]


class ExportError(Exception):
    """A failure with a reason the requester understands (Dutch, through gettext)."""


@dataclass(frozen=True)
class Entry:
    """One file in a ZIP: bytes rendered on demand, or a stored file copied in chunks."""

    name: str
    render: Callable[[], bytes] | None = None
    file: FieldFile | None = None


def ascii_name(text: str, fallback: str) -> str:
    """`text` as a file-name part with only ASCII letters, digits and dashes."""
    return slugify(text) or fallback


def archive_member_name(name: str, fallback: str) -> str:
    """An uploaded file's name made ASCII-safe, keeping its extension."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    extension = slugify(extension)[:10]
    return ascii_name(stem, fallback) + (f".{extension}" if extension else "")


def safe_filename(name: str, fallback: str) -> str:
    """A generated file name kept as it is, but reduced to ASCII letters, digits, . _ and -."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text)).strip("-.")
    return cleaned[:150] or fallback


def write_zip(out: BinaryIO, steps: list[list[Entry]], progress: Progress) -> None:
    """Write each step's entries into a deflated ZIP, reporting progress per step."""
    total = len(steps)
    progress(0, total)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, entries in enumerate(steps, start=1):
            for entry in entries:
                if entry.file is not None:
                    with entry.file.open("rb") as source, archive.open(entry.name, "w") as target:
                        shutil.copyfileobj(source, target, length=1024 * 1024)
                else:
                    archive.writestr(entry.name, entry.render())
            progress(done, total)


def reference_name(dossier) -> str:
    """A dossier's number as a file-name part (PLG-2024-007), or dossier-<pk> before it has one."""
    return ascii_name(dossier.reference or "", f"dossier-{dossier.pk}").upper()
