"""The link in the questionnaire mail: a participant has no account, so the link is the
credential.

A signature over the request's id (Django's signing, with its own salt), not a TimestampSigner:
the 14 days run from the first mail and are kept on the row (FeedbackRequest.closes_at), so the
reminder carries the very same link and window, and the page can tell "closed" (a genuine link,
too late) apart from "not ours" (a forged or mangled one). A timestamp in the signature would
make every re-signed link a new window, and an expired link indistinguishable from a bad one.
"""

from django.core import signing

SALT = "sessions.feedback.questionnaire"


def questionnaire_token(request_id: int) -> str:
    return signing.dumps(request_id, salt=SALT)


def read_questionnaire_token(token: str) -> int | None:
    """The request's id from a genuine token; None for anything else."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
