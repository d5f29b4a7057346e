"""The link in the mail asking a school for its indicators: the contact person may have no
account, so the link is the credential, for one school and one moment, for VALID_FOR.

A signature (Django's signing, its own salt) over the school, the moment and when the link was
made. Unlike the questionnaire's link (sessions.feedback.tokens) the window lives in the link:
every mail (the request, a reminder, a link the coach sends again) carries a fresh one, and the
page can still tell "expired" (a genuine link, too old: ask for a new one) apart from "not
ours" (a forged or mangled one), as the moment it was made is signed too.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core import signing

SALT = "sessions.indicators.record"
VALID_FOR = timedelta(days=30)


def indicator_token(*, school_id: int, moment: str, issued_at: datetime) -> str:
    payload = {"s": school_id, "m": moment, "t": int(issued_at.timestamp())}
    return signing.Signer(salt=SALT).sign_object(payload)


@dataclass(frozen=True)
class IndicatorLink:
    school_id: int
    moment: str
    issued_at: datetime

    @property
    def expires_at(self) -> datetime:
        return self.issued_at + VALID_FOR

    def is_expired_at(self, moment: datetime) -> bool:
        return moment >= self.expires_at


def read_indicator_token(token: str) -> IndicatorLink | None:
    """What a genuine link names; None for anything else."""
    try:
        payload = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    school_id, moment, issued = payload.get("s"), payload.get("m"), payload.get("t")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (school_id, issued)):
        return None
    if not isinstance(moment, str):
        return None
    return IndicatorLink(
        school_id=school_id, moment=moment, issued_at=datetime.fromtimestamp(issued, tz=UTC)
    )
