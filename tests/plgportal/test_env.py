import pytest
from django.core.exceptions import ImproperlyConfigured

from plgportal.env import env_bool, env_int, env_list, env_str


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("YES", True),
        ("on", True),
        ("0", False),
        ("off", False),
        ("", False),
    ],
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("PLG_FLAG", raw)
    assert env_bool("PLG_FLAG", default=not expected) is expected


@pytest.mark.parametrize("raw", ["ture", "2", "ja"])
def test_env_bool_fails_loudly_on_typos(monkeypatch, raw):
    monkeypatch.setenv("PLG_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="PLG_FLAG"):
        env_bool("PLG_FLAG", default=False)


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("PLG_FLAG", raising=False)
    assert env_bool("PLG_FLAG", default=True) is True


def test_env_int_fails_loudly_on_words(monkeypatch):
    monkeypatch.setenv("PLG_NUMBER", "tien")
    with pytest.raises(ImproperlyConfigured, match="PLG_NUMBER"):
        env_int("PLG_NUMBER", 1)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("PLG_HOSTS", " a.be, b.be ,,")
    assert env_list("PLG_HOSTS", []) == ["a.be", "b.be"]


def test_env_str_reads_secret_from_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t\n")
    monkeypatch.setenv("PLG_SECRET", "ignored")
    monkeypatch.setenv("PLG_SECRET_FILE", str(secret))
    assert env_str("PLG_SECRET") == "s3cr3t"


def test_env_str_unreadable_file_fails_loudly(monkeypatch, tmp_path):
    monkeypatch.setenv("PLG_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="PLG_SECRET_FILE"):
        env_str("PLG_SECRET")


def test_env_str_required_without_default(monkeypatch):
    monkeypatch.delenv("PLG_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="PLG_REQUIRED"):
        env_str("PLG_REQUIRED")


def test_env_int_refuses_values_below_its_minimum(monkeypatch):
    monkeypatch.setenv("PLG_COUNT", "-1")
    with pytest.raises(ImproperlyConfigured, match="PLG_COUNT='-1' is below 0"):
        env_int("PLG_COUNT", 0, minimum=0)
    monkeypatch.setenv("PLG_COUNT", "0")
    assert env_int("PLG_COUNT", 5, minimum=0) == 0
