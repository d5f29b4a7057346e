"""A request that only reads is answered again, once, when the database dropped its connection.

PostgreSQL can end a connection in the middle of a request: a restart, a failover, an operator's
`pg_terminate_backend`, a proxy's idle timeout. Django only notices at the next query, which
fails; the request answers 500 although the same request on a new connection would succeed.

Django turns an exception into a 500 response inside every middleware layer, so no `try` around
`get_response` ever sees it. The `got_request_exception` signal is sent while the exception is
being handled: its receiver marks the request when the exception came from a connection that no
longer works. The outermost middleware then answers a GET, HEAD or OPTIONS request once more on
a new connection: the second pass covers the session, the user, the second factor, the view and
its template. Anything else (a POST, a lock timeout, a deadlock, a bug) keeps its 500 page:
repeating a write could do it twice.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.dispatch import receiver

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
DROPPED_MARK = "database_connection_dropped"
# The body stream can be read only once: what the first pass read of it stays for the second.
BODY_STATE = frozenset({"_stream", "_read_started", "_body", "_post", "_files"})


def connection_lost(connection) -> bool:
    """Whether a query on this connection failed and the connection cannot run another one.

    `errors_occurred` is Django's own flag for "an error other than a data or integrity error
    went through this connection"; `is_usable()` then asks the driver (PostgreSQL: the socket is
    closed, or `SELECT 1` fails). A lock timeout or a deadlock leaves a usable connection."""
    return connection.errors_occurred and not connection.is_usable()


@receiver(got_request_exception, dispatch_uid="plgportal.dropped_connection")
def mark_dropped_connection(sender, request=None, **kwargs):
    exception = sys.exc_info()[1]
    if (
        request is not None
        and isinstance(exception, OperationalError | InterfaceError)
        and any(connection_lost(c) for c in connections.all(initialized_only=True))
    ):
        setattr(request, DROPPED_MARK, True)


def in_outer_transaction() -> bool:
    """An atomic block still open after the response is not the request's own (the request's
    blocks have all exited by then): a retry would run inside that broken transaction."""
    return any(c.in_atomic_block for c in connections.all(initialized_only=True))


class RetryDroppedConnectionMiddleware:
    """First in MIDDLEWARE, so the retry covers every other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            return self.get_response(request)
        # The first pass leaves state on the request that the second must not reuse: the user
        # it loaded (`_cached_user`), its session and messages, the CSRF cookie it chose in
        # META, the CSP nonce, htmx details, the resolver match. The second pass starts from the
        # request as it arrived.
        arrived = {**vars(request), "META": request.META.copy()}
        response = self.get_response(request)
        dropped = getattr(request, DROPPED_MARK, False) and response.status_code >= 500
        if not dropped or in_outer_transaction():
            return response
        for connection in connections.all(initialized_only=True):
            if connection_lost(connection):
                connection.close()
        body_state = {k: v for k, v in vars(request).items() if k in BODY_STATE}
        vars(request).clear()
        vars(request).update(arrived, **body_state)
        response = self.get_response(request)
        logger.warning(
            "Retried %s %s once: the database had dropped the connection (the retry answered %s)",
            request.method,
            request.path,
            response.status_code,
        )
        return response
