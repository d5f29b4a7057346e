"""Refused and missing pages, and the server error page: in the portal's layout, in the user's
language, with a way back (plgportal templates 403.html, 404.html, 500.html)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.factories import CallFactory

SKIP_LINK = "Naar de inhoud"  # only the portal's own layout (base.html) has it


@pytest.mark.django_db
def test_missing_page_is_dutch_in_the_portal_layout_with_a_way_back(client):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Pagina niet gevonden" in page
    assert SKIP_LINK in page
    assert f'href="{reverse("home")}"' in page
    assert f'href="{reverse("account_login")}?next=/bestaat-niet/"' in page


@pytest.mark.django_db
def test_missing_page_speaks_french_to_a_french_visitor(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr-be"

    page = client.get("/bestaat-niet/").content.decode()

    assert "Page introuvable" in page
    assert "Pagina niet gevonden" not in page


@pytest.mark.django_db
def test_refused_page_says_so_in_dutch_without_a_login_link(client, applicant):
    call = CallFactory()
    client.force_login(applicant)

    response = client.get(reverse("applications:staff_dossier_list", kwargs={"slug": call.slug}))

    assert response.status_code == 403
    page = response.content.decode()
    assert "Geen toegang" in page and "Forbidden" not in page
    assert SKIP_LINK in page
    assert "Naar de startpagina" in page
    assert "Aanmelden</a>" not in page  # already signed in


def test_server_error_page_needs_no_template_logic_and_speaks_both_languages():
    source = (Path(settings.BASE_DIR) / "templates" / "500.html").read_text()
    assert "{%" not in source and "{{" not in source

    response = server_error(RequestFactory().get("/"))

    page = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in page and "Une erreur s'est produite" in page
    assert 'href="/"' in page


@pytest.mark.parametrize(
    "path", ["img/favicon.svg", "bootstrap/css/bootstrap.min.css", "css/portal.css"]
)
def test_server_error_page_links_files_that_exist(path):
    assert settings.STATIC_URL == "/static/"  # 500.html spells the prefix out
    assert finders.find(path)
    assert f'"/static/{path}"' in (Path(settings.BASE_DIR) / "templates" / "500.html").read_text()
