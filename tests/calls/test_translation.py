"""The call's own texts in Dutch and French (plgportal/calls/translation.py): stored per
language, shown in the reader's language, Dutch when the French is empty."""

import pytest
from django.conf import settings
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from plgportal.calls.admin import copy_titles
from plgportal.calls.call_2024 import (
    CALL_2024,
    CALL_2024_FR,
    COMMITMENTS,
    COMMITMENTS_FR,
    CRITERIA,
    CRITERIA_FR,
    EXAMPLE_THEMES,
    EXAMPLE_THEMES_FR,
    call_2024_upsert,
)
from plgportal.calls.models import Call, ExampleTheme, SelectionCriterion
from plgportal.calls.services import call_copy
from plgportal.calls.texts import localized, localized_text
from tests.factories import CallFactory, SelectionCriterionFactory

pytestmark = pytest.mark.django_db


def in_french(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr-be"
    return client


def test_call_texts_follow_the_active_language():
    call = call_2024_upsert()

    with translation.override("fr-be"):
        french = (call.title, [c.title for c in call.criteria.all()])
    with translation.override("nl-be"):
        dutch = (call.title, [c.title for c in call.criteria.all()])

    assert french == (CALL_2024_FR["title"], [title for title, _ in CRITERIA_FR])
    assert dutch == (CALL_2024["title"], [title for title, _ in CRITERIA])


def test_empty_french_text_falls_back_to_dutch():
    criterion = SelectionCriterionFactory(title="Verankering", description="Na de begeleiding.")

    with translation.override("fr-be"):
        assert (criterion.call.title, criterion.title, criterion.description) == (
            criterion.call.title_nl_be,
            "Verankering",
            "Na de begeleiding.",
        )
    assert criterion.title_fr_be in (None, "")


def test_seed_writes_both_languages_whatever_language_is_active():
    with translation.override("fr-be"):
        call = call_2024_upsert()

    call.refresh_from_db()
    assert (call.title_nl_be, call.title_fr_be) == (CALL_2024["title"], CALL_2024_FR["title"])
    assert (call.summary_nl_be, call.summary_fr_be) == (
        CALL_2024["summary"],
        CALL_2024_FR["summary"],
    )
    commitments = call.commitments.all()
    assert [(c.title_nl_be, c.description_nl_be) for c in commitments] == COMMITMENTS
    assert [(c.title_fr_be, c.description_fr_be) for c in commitments] == COMMITMENTS_FR
    themes = call.example_themes.all()
    assert [(t.title_nl_be, t.title_fr_be) for t in themes] == list(
        zip(EXAMPLE_THEMES, EXAMPLE_THEMES_FR, strict=True)
    )
    criteria = call.criteria.all()
    assert [(c.title_fr_be, c.description_fr_be) for c in criteria] == CRITERIA_FR


def test_seed_with_another_dutch_title_leaves_its_french_to_fall_back():
    call = call_2024_upsert(slug="schaaltest", title="Schaaltest")

    with translation.override("fr-be"):
        assert call.title == "Schaaltest"
        assert call.summary == CALL_2024_FR["summary"]


def test_call_page_in_french_shows_the_french_texts(client):
    call = call_2024_upsert()

    content = in_french(client).get(call.get_absolute_url()).content.decode()

    assert escape(CALL_2024_FR["title"]) in content
    assert escape(CALL_2024_FR["summary"]) in content
    for title, description in (*CRITERIA_FR, *COMMITMENTS_FR):
        assert escape(title) in content
        assert escape(description) in content
    for theme in EXAMPLE_THEMES_FR:
        assert escape(theme) in content
    assert escape(CRITERIA[0][1]) not in content


def test_call_page_in_dutch_shows_the_dutch_texts(client):
    call = call_2024_upsert()

    content = client.get(call.get_absolute_url()).content.decode()

    assert escape(CALL_2024["title"]) in content
    assert escape(CRITERIA[0][1]) in content
    assert escape(CRITERIA_FR[0][1]) not in content


def test_call_page_in_french_shows_dutch_for_a_call_without_french(client):
    criterion = SelectionCriterionFactory(title="Verankering", description="Na de begeleiding.")

    content = in_french(client).get(criterion.call.get_absolute_url()).content.decode()

    assert escape(criterion.call.title_nl_be) in content
    assert "<strong>Verankering</strong>: Na de begeleiding." in content


def test_admin_change_form_edits_both_languages_side_by_side(client, admin_user):
    call = call_2024_upsert()
    client.force_login(admin_user)

    content = client.get(reverse("admin:calls_call_change", args=[call.pk])).content.decode()

    for name in (
        "title_nl_be",
        "title_fr_be",
        "summary_nl_be",
        "summary_fr_be",
        "commitments-0-title_fr_be",
        "commitments-0-description_fr_be",
        "example_themes-0-title_fr_be",
        "criteria-0-title_nl_be",
        "criteria-0-title_fr_be",
        "criteria-0-description_fr_be",
    ):
        assert f'name="{name}"' in content
    assert 'name="title"' not in content
    assert escape(CALL_2024_FR["title"]) in content
    assert "ajax.googleapis.com" not in content  # no jQuery UI from a CDN (tabbed admin)


def test_admin_requires_dutch_and_not_french():
    request = RequestFactory().get("/")
    form_class = site._registry[Call].get_form(request)
    fields = form_class.base_fields

    assert (fields["title_nl_be"].required, fields["title_fr_be"].required) == (True, False)
    assert (fields["summary_nl_be"].required, fields["summary_fr_be"].required) == (False, False)


def test_call_copy_keeps_both_languages():
    source = call_2024_upsert()

    copy = call_copy(source=source, slug="plg-2026", title_nl_be="Oproep 2026")

    assert (copy.title_nl_be, copy.title_fr_be) == ("Oproep 2026", CALL_2024_FR["title"])
    assert [(c.title_nl_be, c.title_fr_be) for c in copy.criteria.all()] == [
        (nl[0], fr[0]) for nl, fr in zip(CRITERIA, CRITERIA_FR, strict=True)
    ]
    assert [c.description_fr_be for c in copy.commitments.all()] == [
        description for _, description in COMMITMENTS_FR
    ]
    assert [t.title_fr_be for t in copy.example_themes.all()] == EXAMPLE_THEMES_FR


def test_admin_copy_titles_each_language_the_source_has():
    french = call_2024_upsert()
    dutch_only = CallFactory(title="Oproep 2023")

    titles = copy_titles(french)

    assert titles["title_nl_be"] == f"Kopie van {CALL_2024['title']}"
    assert titles["title_fr_be"].endswith(CALL_2024_FR["title"])
    assert copy_titles(dutch_only) == {"title_nl_be": "Kopie van Oproep 2023"}


def test_localized_reads_the_active_language_through_a_relation():
    call = call_2024_upsert()
    untranslated = ExampleTheme.objects.create(call=call, position=99, title="Eigen thema")

    def titles():
        # Through the call, as a dossier reads its theme (applications.datasets).
        rows = Call.objects.filter(pk=call.pk).order_by("example_themes__position")
        label = localized("example_themes__title")
        return list(rows.annotate(label=label).values_list("label", flat=True))

    with translation.override("fr-be"):
        assert titles() == [*EXAMPLE_THEMES_FR, "Eigen thema"]
    with translation.override("nl-be"):
        assert titles() == [*EXAMPLE_THEMES, "Eigen thema"]
    assert untranslated.title_fr_be in (None, "")


def test_localized_text_is_read_when_formatted():
    call = call_2024_upsert()
    criterion = SelectionCriterion.objects.get(call=call, position=1)
    title = localized_text(criterion, "title")

    with translation.override("fr-be"):
        french = f"« {title} »"
    with translation.override("nl-be"):
        dutch = f"“{title}”"

    assert (french, dutch) == (f"« {CRITERIA_FR[0][0]} »", f"“{CRITERIA[0][0]}”")
