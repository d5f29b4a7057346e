"""The PDFs' one stylesheet (templates/pdf/base.css), parsed once per thread by plgportal.pdf
and given to WeasyPrint with every document: each document still wears it, in any thread, and
an edited stylesheet draws the documents again rather than serving the cached ones."""

import io
import threading

import pytest
from pypdf import PdfReader

import plgportal.pdf
from applications.documents.pdf import dossier_pdf
from applications.selectors import dossiers_full
from tests.factories import eligible_dossier
from tests.pdfs import FOUNDATION, SHIPPED_FONT, read_pdf

pytestmark = pytest.mark.django_db


def fresh_style():
    plgportal.pdf._renderer.cache_clear()
    plgportal.pdf._styles.__dict__.clear()


@pytest.fixture
def dossier():
    return dossiers_full().get(pk=eligible_dossier(working_title="Samen sterker").pk)


def test_a_pdf_drawn_in_another_thread_wears_the_shared_design(dossier):
    dossier_pdf(dossier)  # this thread's stylesheet is parsed
    drawn = {}
    worker = threading.Thread(target=lambda: drawn.update(data=dossier_pdf(dossier)))
    worker.start()
    worker.join()

    pdf = read_pdf(drawn["data"])
    assert pdf.fonts == {SHIPPED_FONT, f"{SHIPPED_FONT}-Bold"}
    assert f"{FOUNDATION} " in pdf.pages[-1]  # the running header, set by the stylesheet
    assert f"Pagina {len(pdf.pages)} van {len(pdf.pages)}" in pdf.pages[-1]


def test_an_edited_stylesheet_draws_the_documents_again(dossier, monkeypatch, tmp_path):
    before = dossier_pdf(dossier)
    edited = tmp_path / "base.css"
    edited.write_text(
        plgportal.pdf.STYLESHEET.read_text(encoding="utf-8") + "h1 { color: #ff0000; }\n"
    )
    monkeypatch.setattr(plgportal.pdf, "STYLESHEET", edited)
    fresh_style()
    try:
        after = dossier_pdf(dossier)
    finally:
        monkeypatch.undo()
        fresh_style()

    assert after != before
    first_page = PdfReader(io.BytesIO(after)).pages[0].get_contents().get_data()
    assert b"1 0 0 rg" in first_page  # the title in the new red
    assert b"1 0 0 rg" not in PdfReader(io.BytesIO(before)).pages[0].get_contents().get_data()
    assert "Samen sterker" in read_pdf(after).text
