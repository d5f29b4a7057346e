"""Dutch is the source text; French comes from plgportal/locale/fr, built by `make messages`."""

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

PROJECT_ROOT = Path(settings.BASE_DIR)
CATALOGUE = PROJECT_ROOT / "plgportal" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# Everything makemessages should see: the packages holding Dutch msgids, and the templates.
SOURCE_TREE = ["plgportal", "applications", "jury", "sessions", "templates", "manage.py"]


@pytest.fixture(autouse=True)
def _restore_active_language():
    # LocaleMiddleware leaves the request's language active in this thread; later tests that
    # render outside a request (emails) expect the default again.
    language = translation.get_language()
    yield
    if language:
        translation.activate(language)
    else:
        translation.deactivate()


def _page(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_language_switch_to_french_shows_french_pages(client, db):
    response = client.post(reverse("set_language"), {"language": "fr-be", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"

    page = _page(client.get("/"))
    assert '<html lang="fr-be">' in page
    assert "Appels" in page
    assert "Se connecter" in page
    assert "Fondation Roi Baudouin" in page
    assert "Oproepen" not in page
    assert "Aanmelden" not in page

    client.post(reverse("set_language"), {"language": "nl-be", "next": "/"})
    page = _page(client.get("/"))
    assert '<html lang="nl-be">' in page
    assert "Oproepen" in page
    assert "Aanmelden" in page
    assert "Se connecter" not in page


@pytest.mark.parametrize("language", ["nl-be", "fr-be"])
def test_language_switch_names_each_language_in_that_language(client, db, language):
    client.post(reverse("set_language"), {"language": language, "next": "/"})

    page = _page(client.get("/"))

    assert 'lang="nl-be"' in page
    assert 'title="Nederlands">NL</button>' in page
    assert 'title="Français">FR</button>' in page
    assert page.count('aria-current="true"') == 1


def test_dutch_is_default_without_catalogue_choice(client, db):
    page = _page(client.get("/"))
    assert '<html lang="nl-be">' in page
    assert "Aanmelden" in page

    page = _page(client.get("/", HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9"))
    assert '<html lang="fr-be">' in page
    assert "Se connecter" in page
    assert "Aanmelden" not in page


@pytest.mark.parametrize(
    ("user_fixture", "dutch"),
    [
        (
            "applicant",
            "U hebt nog geen dossier. Start hieronder een dossier voor een open oproep; u kunt "
            "het in stappen invullen, samen met uw partnerscholen.",
        ),
        (
            "juror",
            "U hebt nog geen dossiers toegewezen gekregen. Zodra de Stichting de jury "
            "samenstelt en de beoordeling opent, vindt u hier de dossiers die u beoordeelt, "
            "met uw voortgang en de uiterste datum.",
        ),
        (
            "coach",
            "U begeleidt nog geen traject. Wanneer de Stichting u een geselecteerde PLG "
            "toewijst, plant u hier de bijeenkomsten en volgt u aanwezigheid, rollen en "
            "voorbereiding op.",
        ),
        ("staff_user", "Juryleden en coaches uitnodigen"),
    ],
)
def test_role_dashboard_in_french(client, request, user_fixture, dutch):
    client.force_login(request.getfixturevalue(user_fixture))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr-be"
    with translation.override("fr-be"):
        french = translation.gettext(dutch)
    assert french != dutch, "the French catalogue has no translation for this sentence"

    page = _page(client.get(reverse("home")))
    assert dutch not in page
    assert french in page
    assert "Mon tableau de bord" in page
    assert "Mijn overzicht" not in page


def _msgfmt_statistics(po_file: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def _entries(po_file: Path, *flags: str) -> str:
    result = subprocess.run(
        ["msgattrib", *flags, "--no-location", "--no-wrap", str(po_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.splitlines()
    return "\n".join(line for line in lines if line.startswith("msgid ") and line != 'msgid ""')


def test_french_catalogue_is_complete(tmp_path):
    """Every Dutch msgid in the code has a French translation in the committed catalogue.

    To fix a failure: `DEBUG=1 .venv/bin/python manage.py makemessages -l fr --ignore=.venv
    --ignore=var --ignore=tests --no-obsolete`, translate the new entries in
    plgportal/locale/fr/LC_MESSAGES/django.po (no `#, fuzzy` left), then `make messages`.
    """
    missing = [tool for tool in ("xgettext", "msgmerge", "msgfmt") if not shutil.which(tool)]
    assert not missing, f"GNU gettext is needed for the French catalogue (missing: {missing})"
    copy = tmp_path / "src"
    copy.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in SOURCE_TREE:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=ignore)
        else:
            shutil.copy2(source, copy / name)
    committed = CATALOGUE.read_bytes()

    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "fr",
            "--ignore=var",
            "--ignore=tests",
            "--no-obsolete",
        ],
        cwd=copy,
        env={**os.environ, "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # The copy's settings must have pointed makemessages at the copy, never at the real tree.
    assert CATALOGUE.read_bytes() == committed

    refreshed = copy / CATALOGUE.relative_to(PROJECT_ROOT)
    statistics = _msgfmt_statistics(refreshed)
    translated = re.search(r"(\d+) translated message", statistics)
    assert translated and int(translated.group(1)) > 0, statistics
    assert "untranslated" not in statistics, (
        f"{statistics.strip()}\nDutch strings without French translation:\n"
        + _entries(refreshed, "--untranslated", "--no-obsolete")
    )
    assert "fuzzy" not in statistics, (
        f"{statistics.strip()}\nFuzzy (unchecked) French translations:\n"
        + _entries(refreshed, "--only-fuzzy", "--no-obsolete")
    )


def test_compiled_catalogue_present():
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is missing: run `make messages`"
    assert compiled.stat().st_mtime >= CATALOGUE.stat().st_mtime, (
        f"{compiled} is older than {CATALOGUE.name}: run `make messages`"
    )
