from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from plgportal.calls.models import Call
from plgportal.reminders.models import AddressOptOut
from plgportal.reminders.schedule import DEFAULT_DAYS


@dataclass(frozen=True)
class EffectiveRule:
    kind: str
    enabled: bool
    days: tuple[int, ...]
    is_default: bool = False  # the days are DEFAULT_DAYS' (no rule, or a rule without days)


def calls_with_reminder_rules() -> QuerySet[Call]:
    """Every call with its reminder rules and its jury (None-safe), in two queries."""
    return Call.objects.select_related("jury").prefetch_related("reminder_rules")


def effective_rule(call: Call, kind: str) -> EffectiveRule:
    """The call's rule for `kind`, or the built-in default (use calls_with_reminder_rules())."""
    for rule in call.reminder_rules.all():
        if rule.kind == kind:
            return EffectiveRule(
                kind=kind, enabled=rule.enabled, days=rule.day_list, is_default=not rule.days
            )
    return EffectiveRule(kind=kind, enabled=True, days=DEFAULT_DAYS[kind], is_default=True)


def addresses_opted_out(*, kind: str, emails: Iterable[str]) -> set[str]:
    """The addresses among `emails` (lower-cased) that switched `kind` off through a reminder's
    link without having an account."""
    wanted = {email.lower() for email in emails}
    if not wanted:
        return set()
    rows = AddressOptOut.objects.filter(kind=kind, email__in=wanted)
    return set(rows.values_list("email", flat=True))
