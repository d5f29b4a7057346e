"""The dossier PDF (applications/documents/pdf.py) from a demo-sized dossier: what a reader
finds."""

import pytest
from django.utils import formats

from applications.documents.pdf import dossier_pdf
from tests.pdfs import PARAGRAPH, demo_dossier, read_pdf

pytestmark = pytest.mark.django_db


def test_dossier_pdf_holds_schools_delegates_texts_planning_and_checklist():
    dossier = demo_dossier()
    pdf = read_pdf(dossier_pdf(dossier))

    # Five schools with their delegates, four long answers, planning and checklists: four A4
    # pages; a fifth means the layout broke (a table or a text that no longer flows).
    assert len(pdf.pages) == 4
    for school in dossier.schools.all():
        assert school.name in pdf.text
        for delegate in school.delegates.all():
            assert delegate.full_name in pdf.text
    for criterion in dossier.call.criteria.all():
        assert criterion.title in pdf.text
    assert pdf.text.count(PARAGRAPH[:60]) == 4 * 4
    for expected in (
        "Samen sterk voor starters",
        dossier.created_by.full_name,
        "09 123 45 67",
        dossier.theme_label,
        "Ingediend",
        "Alle criteria zijn in orde.",
        "ondertekend door Directeur",
    ):
        assert expected in pdf.text
    for meeting in dossier.meetings.all():
        assert formats.date_format(meeting.date, "l j F Y") in pdf.text
