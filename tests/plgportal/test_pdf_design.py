"""The one design every PDF of the portal shares (templates/pdf/base.html, plgportal/pdf.py):
the running header and footer on every page, the shipped font, the document's language and
title for screen readers, and the user's language. Render times: `make bench`."""

import pytest
from django.utils import formats, timezone, translation

from applications.documents.pdf import dossier_pdf
from jury.exports import export_pdf
from plgportal.pdf import pdf_filename
from sessions.documents import attendance_sheet_pdf, evaluation_report_pdf, trajectory_overview_pdf
from tests.factories import DossierFactory
from tests.pdfs import (
    FOUNDATION,
    SHIPPED_FONT,
    demo_dossier,
    demo_ranking,
    demo_trajectory,
    read_pdf,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(staff_user, coach):
    """Each kind of PDF as a function rendering it from demo-sized data, with the title and
    reference its header must show."""
    dossier = demo_dossier()
    ranking, _ = demo_ranking(staff=staff_user)
    trajectory = demo_trajectory(coach=coach)
    meeting = trajectory.meetings.order_by("position").first()
    reference = trajectory.dossier.reference
    return {
        "dossier": (lambda: dossier_pdf(dossier), "Dossier", dossier.reference),
        "ranking": (lambda: export_pdf(ranking), "Rangschikking van de jury", ""),
        "sessions:trajectory_overview": (
            lambda: trajectory_overview_pdf(trajectory),
            "Overzicht van het traject",
            reference,
        ),
        "evaluation_report": (
            lambda: evaluation_report_pdf(trajectory.report),
            "Evaluatieverslag",
            reference,
        ),
        "attendance_sheet": (
            lambda: attendance_sheet_pdf(meeting),
            "Aanwezigheidslijst",
            reference,
        ),
    }


def test_every_pdf_shares_the_header_footer_metadata_and_shipped_font(documents):
    today = formats.date_format(timezone.localtime(), "j F Y")
    for kind, (render, title, reference) in documents.items():
        pdf = read_pdf(render())
        call_title = "Professionele leergemeenschappen over de schoolmuren heen – oproep 2024"
        count = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            for expected in (FOUNDATION, call_title, title, reference, today):
                assert expected in page, (kind, number, expected)
            assert f"Pagina {number} van {count}" in page, (kind, number)
        assert pdf.lang == "nl-be", kind
        assert pdf.title == (f"{title} – {reference}" if reference else title), kind
        assert pdf.author == FOUNDATION, kind
        # WeasyPrint names an embedded font after its @font-face family: "PLG-Sans" can only
        # come from the files in static/fonts, so no text (charts included) uses a system font.
        assert pdf.fonts == {SHIPPED_FONT, f"{SHIPPED_FONT}-Bold"}, kind


def test_pdfs_are_tagged_for_screen_readers(documents):
    from io import BytesIO

    from pypdf import PdfReader

    render, _, _ = documents["dossier"]
    root = PdfReader(BytesIO(render())).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_pdf_in_french_for_a_french_user():
    dossier = demo_dossier()
    with translation.override("fr-be"):
        pdf = read_pdf(dossier_pdf(dossier))
        today = formats.date_format(timezone.localtime(), "j F Y")
    assert pdf.lang == "fr-be"
    for number, page in enumerate(pdf.pages, start=1):
        assert "Fondation Roi Baudouin" in page
        assert f"Page {number} sur {len(pdf.pages)}" in page
        assert f"Créé le {today}" in page
    assert "Pagina" not in pdf.text


@pytest.mark.parametrize(
    ("reference", "parts", "expected"),
    [
        ("PLG-2024-003", ("evaluatieverslag",), "PLG-2024-003-evaluatieverslag.pdf"),
        ("PLG-2024-003", ("aanwezigheidslijst", "2"), "PLG-2024-003-aanwezigheidslijst-2.pdf"),
        ("PLG-2024-003", ("rapport d'évaluation",), "PLG-2024-003-rapport-d-evaluation.pdf"),
        ("", ("overzicht",), "dossier-7-overzicht.pdf"),
    ],
)
def test_pdf_filename_is_ascii_and_built_from_the_reference(reference, parts, expected):
    dossier = DossierFactory.build(pk=7, reference=reference)
    assert pdf_filename(dossier, *parts) == expected
