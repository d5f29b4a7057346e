"""The registries the apps fill from their AppConfig.ready() (plgportal/registry.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from plgportal.registry import Registry


def first_seed(*, today):
    return None


def second_seed(*, today):
    return None


def test_registry_keeps_registration_order():
    seeds = Registry("demo seed")
    seeds.register("dossiers", first_seed)
    seeds.register("jury", second_seed)
    assert list(seeds.items()) == [("dossiers", first_seed), ("jury", second_seed)]


def test_registry_accepts_the_same_entry_twice():
    seeds = Registry("demo seed")
    seeds.register("dossiers", first_seed)
    seeds.register("dossiers", first_seed)
    assert list(seeds.values()) == [first_seed]


def test_registry_refuses_a_second_entry_under_a_taken_name():
    seeds = Registry("demo seed")
    seeds.register("dossiers", first_seed)
    with pytest.raises(ImproperlyConfigured, match="Two demo seeds are registered as 'dossiers'"):
        seeds.register("dossiers", second_seed)
    assert seeds["dossiers"] is first_seed
