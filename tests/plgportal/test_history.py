"""plgportal.history.ensure_move_allowed: a workflow's move checked against its table."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from plgportal.history import ensure_move_allowed


class Light(models.TextChoices):
    RED = "red", "Rood"
    GREEN = "green", "Groen"


MOVES = {Light.RED: {Light.GREEN}, Light.GREEN: set()}


def test_ensure_move_allowed_allowed_move_passes():
    assert ensure_move(old=Light.RED, new="green") is None


@pytest.mark.parametrize(("old", "new"), [(Light.GREEN, "red"), (Light.RED, "red")])
def test_ensure_move_allowed_other_move_names_both_labels(old, new):
    with pytest.raises(ValidationError) as refused:
        ensure_move(old=old, new=new)

    assert refused.value.messages == [f"{old.label} → {Light(new).label} kan niet."]


def ensure_move(*, old, new):
    return ensure_move_allowed(MOVES, old=old, new=new, message="%(old)s → %(new)s kan niet.")
