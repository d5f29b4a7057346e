"""A participant's function as people read it (sessions.models.Participant.function_label)."""

import pytest
from django.utils import translation

from sessions.models import Participant


@pytest.mark.parametrize(
    ("function", "label"),
    [
        ("director", "Directeur"),
        ("board_member", "Bestuurder"),
        ("teacher", "Leerkracht"),
        ("zorgcoördinator", "zorgcoördinator"),  # typed by the coach: kept as typed
        ("", ""),
    ],
)
def test_function_label_is_the_dutch_label_or_the_typed_text(function, label):
    assert Participant(function=function).function_label == label


def test_function_label_follows_the_language():
    with translation.override("fr-be"):
        assert Participant(function="teacher").function_label == "Enseignant"
