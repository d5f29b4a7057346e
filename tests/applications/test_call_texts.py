"""The call's own texts (criteria, commitments, themes) in the dossier's pages, PDF, checklist and
exports: in the reader's language, Dutch when the call has no French."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from applications.checklist import refresh_checklist
from applications.datasets import dossier_export_rows
from applications.documents.pdf import dossier_pdf
from applications.models import Dossier
from applications.services import dossier_create
from plgportal.calls.call_2024 import (
    COMMITMENTS,
    COMMITMENTS_FR,
    CRITERIA,
    CRITERIA_FR,
    EXAMPLE_THEMES,
    EXAMPLE_THEMES_FR,
    call_2024_upsert,
)
from tests.pdfs import demo_dossier, read_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def call():
    return call_2024_upsert(
        slug="open-call-texts",
        opens_at=timezone.now() - timedelta(days=10),
        deadline=timezone.now() + timedelta(days=30),
    )


@pytest.fixture
def dossier(call, applicant):
    return dossier_create(call=call, user=applicant)


def section(client, user, name, dossier, language):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse(f"applications:dossier_section_{name}", kwargs={"pk": dossier.pk})
    return client.get(url).content.decode()


def test_motivation_section_in_french_shows_the_french_criteria_and_themes(
    client, applicant, dossier
):
    content = section(client, applicant, "motivation", dossier, "fr-be")

    for title, description in CRITERIA_FR:
        assert escape(title) in content
        assert escape(description) in content
    assert escape(EXAMPLE_THEMES_FR[0]) in content
    assert escape(CRITERIA[0][1]) not in content
    assert escape(EXAMPLE_THEMES[0]) not in content


def test_commitments_section_in_french_shows_the_french_commitments(client, applicant, dossier):
    content = section(client, applicant, "commitments", dossier, "fr-be")

    for title, _description in COMMITMENTS_FR:
        assert escape(title) in content
    assert escape(COMMITMENTS[0][0]) not in content


def test_commitments_section_in_dutch_shows_the_dutch_commitments(client, applicant, dossier):
    content = section(client, applicant, "commitments", dossier, "nl-be")

    assert escape(COMMITMENTS[0][0]) in content
    assert escape(COMMITMENTS_FR[0][0]) not in content


def test_sections_in_french_show_dutch_where_the_call_has_no_french(
    client, applicant, call, dossier
):
    call.criteria.update(title_fr_be="", description_fr_be=None)
    call.commitments.update(title_fr_be=None)

    motivation = section(client, applicant, "motivation", dossier, "fr-be")
    commitments = section(client, applicant, "commitments", dossier, "fr-be")

    assert escape(CRITERIA[1][0]) in motivation
    assert escape(CRITERIA[1][1]) in motivation
    assert escape(COMMITMENTS[1][0]) in commitments


def test_dossier_pdf_in_french_shows_the_french_criteria_and_commitments():
    dossier = demo_dossier()

    with translation.override("fr-be"):
        french = read_pdf(dossier_pdf(dossier)).text
    with translation.override("nl-be"):
        dutch = read_pdf(dossier_pdf(dossier)).text

    assert "Ancrage" in french and "Adhésion et implication" in french
    assert "Assumer un rôle" in french
    assert "Verankering" not in french and "Een rol opnemen" not in french
    assert "Verankering" in dutch and "Een rol opnemen" in dutch


def test_stored_checklist_names_the_commitment_in_each_language(call, dossier):
    refresh_checklist(dossier)

    problems = Dossier.objects.get(pk=dossier.pk).checklist_problems

    assert f"“{COMMITMENTS[0][0]}”" in problems["nl-be"]
    assert COMMITMENTS_FR[0][0] in problems["fr-be"]
    assert COMMITMENTS[0][0] not in problems["fr-be"]


def test_export_rows_give_the_theme_in_the_export_language(call, dossier):
    Dossier.objects.filter(pk=dossier.pk).update(theme=call.example_themes.get(position=2))
    dossiers = Dossier.objects.filter(pk=dossier.pk)

    with translation.override("fr-be"):
        (french,) = dossier_export_rows(dossiers)
    with translation.override("nl-be"):
        (dutch,) = dossier_export_rows(dossiers)

    assert (french.theme_label, dutch.theme_label) == (EXAMPLE_THEMES_FR[1], EXAMPLE_THEMES[1])
