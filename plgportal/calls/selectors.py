from django.db.models import QuerySet
from django.utils import timezone

from plgportal.calls.models import Call


def calls_with_terms() -> QuerySet[Call]:
    """Calls with the terms they fix (delegate quotas, commitments, example themes, criteria),
    in a constant number of queries."""
    return Call.objects.prefetch_related(
        "delegate_quotas", "commitments", "example_themes", "criteria"
    )


def _this_second(now=None):
    # `Call.closes_at` in a query: a call is open through its deadline's whole last second, so
    # it is still open exactly when its deadline is at or after the start of the current second.
    return (now or timezone.now()).replace(microsecond=0)


def calls_accepting_or_upcoming(now=None) -> QuerySet[Call]:
    """Calls an applicant can still act on, the nearest deadline first."""
    return Call.objects.filter(deadline__gte=_this_second(now)).order_by("deadline")


def calls_closed(now=None) -> QuerySet[Call]:
    return Call.objects.filter(deadline__lt=_this_second(now)).order_by("-deadline")
