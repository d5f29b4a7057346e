"""The portal's own deploy checks, called with overridden settings."""

import pytest
from django.core.checks import ERROR, WARNING

from plgportal.checks import check_production_configuration


def problems(settings, backend, *, debug=False):
    settings.DEBUG = debug
    settings.CACHES = {"default": {"BACKEND": backend}}
    return {
        problem.id: problem.level
        for problem in check_production_configuration(None)
        if problem.id in {"portal.E004", "portal.W005"}
    }


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    ],
)
def test_a_cache_of_one_process_is_an_error_in_production(settings, backend):
    assert problems(settings, backend) == {"portal.E004": ERROR}


def test_a_file_cache_is_a_warning_in_production(settings):
    backend = "django.core.cache.backends.filebased.FileBasedCache"
    assert problems(settings, backend) == {"portal.W005": WARNING}


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.redis.RedisCache",
        "django.core.cache.backends.memcached.PyMemcacheCache",
        "django.core.cache.backends.db.DatabaseCache",
    ],
)
def test_a_shared_cache_is_fine(settings, backend):
    assert problems(settings, backend) == {}


def test_any_cache_is_fine_in_development(settings):
    assert problems(settings, "django.core.cache.backends.locmem.LocMemCache", debug=True) == {}
