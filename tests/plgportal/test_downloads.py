"""Every download: the name a browser saves it under, in any client, and nothing cached."""

from plgportal.downloads import file_response


def test_file_response_accented_quoted_name_has_ascii_fallback_and_rfc5987_form():
    response = file_response(
        b"%PDF-1.7", filename='Brief "Sint-Jozef" Érpe.pdf', content_type="application/pdf"
    )

    assert response["Content-Disposition"] == (
        "attachment; filename=\"Brief 'Sint-Jozef' Erpe.pdf\"; "
        "filename*=UTF-8''Brief%20%22Sint-Jozef%22%20%C3%89rpe.pdf"
    )
    assert response["Content-Type"] == "application/pdf"


def test_file_response_plain_name_is_only_quoted():
    response = file_response(b"a;b\n", filename="dossiers-2024.csv", content_type="text/csv")

    assert response["Content-Disposition"] == 'attachment; filename="dossiers-2024.csv"'


def test_file_response_is_never_cached_nor_sniffed():
    response = file_response(b"x", filename="a.pdf", content_type="application/pdf")

    assert {"no-store", "private"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    assert response["X-Content-Type-Options"] == "nosniff"


def test_file_response_inline_streams_an_open_file(tmp_path):
    path = tmp_path / "agenda.ics"
    path.write_bytes(b"BEGIN:VCALENDAR")

    with path.open("rb") as handle:
        response = file_response(
            handle, filename="agenda.ics", content_type="text/calendar", inline=True
        )

        assert response["Content-Disposition"] == 'inline; filename="agenda.ics"'
        assert b"".join(response.streaming_content) == b"BEGIN:VCALENDAR"
