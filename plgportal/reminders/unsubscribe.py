"""The link in every reminder that switches that kind of reminder off, without signing in.

The token is the credential: a signature over the address and the kind, so nobody can switch
off someone else's reminders by editing the URL. It does not expire: a reminder read late
must still be able to stop the next one.
"""

from django.core import signing

from plgportal.accounts.enums import NotificationKind

SALT = "plgportal.reminders.unsubscribe"


def unsubscribe_token(*, email: str, kind: str) -> str:
    return signing.dumps({"email": email.lower(), "kind": kind}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[str, str] | None:
    """(address, kind) from a genuine token; None for anything else."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    email, kind = data.get("email"), data.get("kind")
    if not isinstance(email, str) or kind not in NotificationKind.values:
        return None
    return email, kind
