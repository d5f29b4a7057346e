"""File names the multipart parser cannot take: the rewriter that hides them from it, and the
judgement of each name. Pure: no database. The form errors are tested with the upload views."""

import io

import pytest

from plgportal.upload_names import (
    MAX_HEADER_BLOCK,
    TOO_LONG,
    UNREADABLE,
    PartHeaderRewriter,
    clean_file_name,
)
from tests.hostile_files import BOUNDARY, LONG_NAME, UNDECODABLE_NAME, multipart_body


class Trickle(io.BytesIO):
    """A request body that arrives a few bytes at a time, cutting headers and delimiters."""

    def __init__(self, data: bytes, step: int):
        super().__init__(data)
        self.step = step

    def read(self, size=-1):
        return super().read(self.step)


def rewritten(body: bytes, step: int = 65536) -> tuple[bytes, PartHeaderRewriter]:
    rewriter = PartHeaderRewriter(Trickle(body, step), BOUNDARY.encode())
    output = b""
    while chunk := rewriter.read(1000):
        output += chunk
    return output, rewriter


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"Brief directie.pdf", ("Brief directie.pdf", "")),
        ("école.pdf".encode(), ("école.pdf", "")),
        (b"C:\\fakepath\\scan.pdf", ("scan.pdf", "")),
        (b"../../etc/passwd", ("passwd", "")),
        (b"a&amp;b.pdf", ("a&b.pdf", "")),
        (b"tab\there.pdf", ("tabhere.pdf", "")),
        (b"x" * 255, ("x" * 255, "")),
        ("é".encode() * 255, ("é" * 255, "")),
        (b"x" * 256, ("", TOO_LONG)),
        (LONG_NAME, ("", TOO_LONG)),
        (UNDECODABLE_NAME, ("", UNREADABLE)),
        (b"..", ("", UNREADABLE)),
        (b"map/", ("", UNREADABLE)),
        ("name-from-rfc-2231.pdf", ("name-from-rfc-2231.pdf", "")),
    ],
)
def test_clean_file_name(raw, expected):
    assert clean_file_name(raw) == expected


@pytest.mark.parametrize("step", [1, 7, 64, 65536])
def test_rewriter_hides_every_file_name_behind_a_placeholder(step):
    body = multipart_body(
        {"signer_name": "An Peeters"},
        {"file": (UNDECODABLE_NAME, b"%PDF-1.4 --" + BOUNDARY[:-1].encode() + b" end")},
    )

    output, rewriter = rewritten(body, step)

    [(placeholder, original)] = rewriter.originals.items()
    assert original == UNDECODABLE_NAME
    expected = body.replace(
        b'name="file"; filename="' + UNDECODABLE_NAME + b'"',
        b'name="file"; filename="' + placeholder.encode() + b'"',
    )
    assert output == expected


def test_rewriter_leaves_fields_and_empty_file_inputs_alone():
    # A file input left empty arrives with filename="": no file, nothing to hide.
    body = multipart_body({"title": 'Draaiboek "v2"'}, {"attachment": (b"", b"")})

    output, rewriter = rewritten(body, 5)

    assert (output, rewriter.originals) == (body, {})


def test_rewriter_passes_an_endless_header_on_untouched():
    body = (
        f"--{BOUNDARY}\r\n".encode()
        + b'Content-Disposition: form-data; name="file"; filename="a.pdf"\r\nX-Filler: '
        + b"x" * (MAX_HEADER_BLOCK * 2)
    )

    output, rewriter = rewritten(body, 4096)

    assert (output, rewriter.originals) == (body, {})
