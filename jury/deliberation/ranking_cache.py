"""The ranking computed once per state of its inputs, not once per page load.

Staff reload the ranking again and again during deliberation, and its inputs change only when a
review, an assignment or a conflict of interest does. Ranking a thousand dossiers costs about a
hundred milliseconds, reading their twenty thousand scores as much again in the database.

The cached entry is keyed by a **fingerprint** of every input, so a stale ranking cannot be
served; nothing has to remember to invalidate it:

- the criteria (id, title, weight, scale) and the admissible dossiers (id, reference, title),
  which the page reads anyway: their values go into the fingerprint as they are;
- the jury's assignments and reviews, summarised by the database in one aggregate: their count
  and the sum of their ids (an assignment added or taken away), the sum of the moments a conflict
  of interest was declared (each declaration stamps `conflict_declared_at`), the count of reviews
  and the sum of their `updated_at` (a score saved, a review submitted or reopened: every service
  that changes a score or a status saves the review's `updated_at` with it). Sums, not maxima: a
  transaction that commits a change stamped before one already seen still moves a sum;
- the source of the ranking rules (`jury/ranking.py`) and of this module, so a deploy that
  changes a rule never serves a ranking computed by the old one.

One entry per jury (the newest fingerprint wins), in Django's cache, which the web processes
share, and in a small memo per process, which spares unpickling a thousand results at each hit.
"""

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db.models import BigIntegerField, Count, Func, Sum

from jury import ranking
from jury.models import Assignment, Jury

CACHE_TIMEOUT = 24 * 60 * 60  # seconds; an entry is only ever replaced by a newer fingerprint
MEMO_SIZE = 4  # juries whose latest ranking each process keeps unpickled

CODE_VERSION = hashlib.blake2b(
    Path(ranking.__file__).read_bytes() + Path(__file__).read_bytes(), digest_size=8
).hexdigest()

logger = logging.getLogger(__name__)
_memo: OrderedDict[int, tuple[str, Any]] = OrderedDict()
_memo_lock = threading.Lock()


class EpochMicroseconds(Func):
    """A timestamp as whole microseconds since 1970 (exact, so sums of them are exact)."""

    output_field = BigIntegerField()
    template = "CAST(EXTRACT(EPOCH FROM %(expressions)s) * 1000000 AS BIGINT)"

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django stores "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC: whole seconds from julianday(),
        # the microseconds from the text (none when the fraction is left out).
        template = (
            "(CAST(ROUND((julianday(SUBSTR(%(expressions)s, 1, 19)) - 2440587.5) * 86400)"
            " AS INTEGER) * 1000000 + CAST(SUBSTR(%(expressions)s, 21, 6) AS INTEGER))"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)


def _assignment_summary(jury: Jury) -> tuple:
    summary = Assignment.objects.filter(jury=jury).aggregate(
        assignments=Count("pk"),
        assignment_ids=Sum("pk"),
        conflicts=Sum(EpochMicroseconds("conflict_declared_at")),
        reviews=Count("review"),
        review_changes=Sum(EpochMicroseconds("review__updated_at")),
    )
    return tuple(sorted(summary.items()))


def fingerprint(jury: Jury, *, criteria: list, dossiers: list[tuple]) -> str:
    """A digest of everything the ranking is computed from (see the module's docstring).
    `criteria` are ranking.Criterion values, `dossiers` the (id, reference, title) rows."""
    parts = (CODE_VERSION, jury.pk, tuple(criteria), tuple(dossiers), _assignment_summary(jury))
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _shared_cache(operation: Callable, *args) -> Any:
    """A read or write of Django's cache that never fails the page: with the shared cache
    (Redis) down, the ranking is computed as if nothing were cached, and the outage logged."""
    try:
        return operation(*args)
    except Exception:  # noqa: BLE001 (any cache backend's connection error)
        logger.warning(
            "The shared cache is unavailable; the ranking is computed afresh.", exc_info=True
        )
        return None


def _remember(jury_id: int, key: str, value: Any) -> None:
    with _memo_lock:
        _memo[jury_id] = (key, value)
        _memo.move_to_end(jury_id)
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)


def cached_for(jury: Jury, key: str, compute: Callable[[], Any]) -> Any:
    """The value computed for the jury's inputs in state `key` (a fingerprint): from this
    process's memo, else from Django's cache, else `compute()`d and stored in both. The value is
    shared between requests: callers treat it as read-only."""
    with _memo_lock:
        memo = _memo.get(jury.pk)
    if memo is not None and memo[0] == key:
        return memo[1]
    cache_key = f"jury:{jury.pk}:ranking"
    stored = _shared_cache(cache.get, cache_key)
    if stored is not None and stored[0] == key:
        value = stored[1]
    else:
        value = compute()
        _shared_cache(cache.set, cache_key, (key, value), CACHE_TIMEOUT)
    _remember(jury.pk, key, value)
    return value
