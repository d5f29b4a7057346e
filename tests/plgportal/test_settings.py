"""Settings as production reads them: run manage.py in a subprocess with a clean environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROJECT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x7!kq2-production-like-secret-3f9a1c0b5e8d7a6b4c2e1f0a9b8c7d6e5f4a3b2c",
    "ALLOWED_HOSTS": "plg.kbs-frb.be",
    "DATABASE_URL": "postgres://plg:secret@db:5432/plgportal",
    "EMAIL_URL": "smtp+tls://mail.example.org:587",
    "SITE_URL": "https://plg.kbs-frb.be",
    "CACHE_URL": "rediscache://127.0.0.1:6379/1",
}


def manage(*args, env):
    base = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_clean_with_production_values():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_about_debug_on():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, "DEBUG": "1"}
    )
    assert result.returncode != 0
    assert "security.W018" in result.stderr


def test_settings_refuse_missing_secret_key_in_production():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_settings_refuse_misspelled_boolean():
    result = manage("check", env={**PRODUCTION_ENV, "DEBUG": "ture"})
    assert result.returncode != 0
    assert "DEBUG='ture' is not a boolean" in result.stderr


def test_settings_are_dutch_first_in_brussels():
    assert settings.LANGUAGE_CODE == "nl-be"
    assert settings.TIME_ZONE == "Europe/Brussels"
    assert settings.USE_TZ is True
    assert [code for code, _name in settings.LANGUAGES] == ["nl-be", "fr-be"]


@pytest.mark.parametrize(
    ("override", "check_id"),
    [
        ({"SITE_URL": "http://plg.kbs-frb.be"}, "portal.W001"),
        ({"EMAIL_URL": "consolemail://"}, "portal.E002"),
        ({"CELERY_TASK_ALWAYS_EAGER": "1"}, "portal.W003"),
        ({"CACHE_URL": "locmemcache://"}, "portal.E004"),
    ],
)
def test_deploy_check_flags_portal_misconfiguration(override, check_id):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, **override}
    )
    assert result.returncode != 0
    assert check_id in result.stderr


def test_settings_trust_the_proxy_count_from_the_environment():
    show = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    default = manage("shell", "--no-imports", "-c", show, env=PRODUCTION_ENV)
    behind_proxy = manage(
        "shell", "--no-imports", "-c", show, env={**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "1"}
    )
    assert default.stdout.strip() == "0", default.stderr
    assert behind_proxy.stdout.strip() == "1", behind_proxy.stderr


def test_settings_refuse_a_negative_proxy_count():
    result = manage("check", env={**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "-1"})
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT='-1' is below 0" in result.stderr
