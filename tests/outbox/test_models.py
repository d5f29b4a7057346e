"""Derived states of an outbox email, on unsaved objects (plgportal/outbox/models.py)."""

import pytest

from plgportal.outbox.models import Email


@pytest.mark.parametrize(
    ("status", "expected"), [("sent", True), ("queued", False), ("failed", False)]
)
def test_email_is_sent(status, expected):
    assert Email(status=status).is_sent is expected
