"""The ranking PDF (jury/exports.py export_pdf) for twelve dossiers: landscape, every dossier
with its totals and decision, the column headings repeated on every page."""

import pytest
from django.utils import formats, translation

from jury.deliberation.selectors import ranking_rows
from jury.exports import export_pdf
from tests.pdfs import demo_ranking, read_pdf

pytestmark = pytest.mark.django_db


def test_ranking_pdf_lists_every_dossier_with_totals_flags_and_decisions(staff_user):
    data, dossiers = demo_ranking(staff=staff_user)
    pdf = read_pdf(export_pdf(data))

    assert pdf.landscape
    assert len(pdf.pages) == 2  # twelve rows do not fit on one landscape page, nor need three
    for page in pdf.pages:
        assert "Rang" in page and "Beoordelingen" in page  # the header row repeats
    for dossier in dossiers:
        assert dossier.reference in pdf.text
    for row in ranking_rows(data):
        assert formats.localize(row.total) in pdf.text
    for criterion in data.call.criteria.all():
        assert criterion.title in pdf.text
    for expected in ("Geselecteerd", "Sterk.", "Reserve (1)", "onvolledig", "onenigheid"):
        assert expected in pdf.text
    assert "35 van 36 beoordelingen ingediend" in pdf.text


def test_ranking_pdf_in_french_names_the_criteria_in_french(staff_user):
    data, _dossiers = demo_ranking(staff=staff_user)

    with translation.override("fr-be"):
        text = read_pdf(export_pdf(data)).text

    for criterion in data.call.criteria.all():
        assert criterion.title_fr_be in text
        assert criterion.title_nl_be not in text
