from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from plgportal.calls.models import Call, SelectionCriterion
from plgportal.calls.ranking_freeze import (
    CALL_RANKING_FIELDS,
    CRITERION_RANKING_FIELDS,
    frozen_changes,
    frozen_message,
)
from plgportal.calls.registry import CALL_COPY_STEPS

_CHILD_RELATIONS = (
    "delegate_quotas",
    "commitments",
    "example_themes",
    "criteria",
    "reminder_rules",
)


@transaction.atomic
def call_copy(*, source: Call, **overrides) -> Call:
    """A new call with the same rules as `source` and the given fields changed (title, slug,
    dates...). Side effects: the call row and copies of its quotas, commitments, themes,
    criteria and reminder rules, then each step the apps registered (CALL_COPY_STEPS)."""
    copy = Call.objects.get(pk=source.pk)
    copy.pk = None
    copy.id = None
    copy.ranking_frozen_at = None  # a new call has not been scored yet
    for field, value in overrides.items():
        setattr(copy, field, value)
    copy.full_clean()
    copy.save()
    for relation in _CHILD_RELATIONS:
        for child in getattr(source, relation).all():
            child.pk = None
            child.id = None
            child.call = copy
            child.save()
    for step in CALL_COPY_STEPS.values():
        step(source=source, copy=copy)
    return copy


@transaction.atomic
def call_freeze_ranking(*, call: Call, at: datetime | None = None) -> Call:
    """Fix what defines the call's ranking (called by the jury when scoring opens). Idempotent:
    the first moment stays. Side effect: `ranking_frozen_at`."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if locked.ranking_frozen_at is None:
        locked.ranking_frozen_at = at or timezone.now()
        locked.save(update_fields=["ranking_frozen_at"])
    call.ranking_frozen_at = locked.ranking_frozen_at
    return locked


def ensure_call_ranking_unchanged(*, call: Call, changes: Mapping[str, object]) -> None:
    """ValidationError (per field) when `changes` alter the numbers to select of a call whose
    ranking is frozen."""
    stored = Call.objects.filter(pk=call.pk).values(*CALL_RANKING_FIELDS).first() or {}
    _refuse(
        frozen_changes(frozen=_frozen(call), old=stored, new=changes, fields=CALL_RANKING_FIELDS)
    )


def ensure_criterion_ranking_unchanged(
    *,
    call: Call,
    criterion: SelectionCriterion | None,
    changes: Mapping[str, object],
    deleting: bool = False,
) -> None:
    """ValidationError when a criterion of a call whose ranking is frozen would be added,
    deleted, or get another weight or scale."""
    if not _frozen(call):
        return
    if criterion is None or criterion.pk is None or deleting:
        raise ValidationError(frozen_message())
    stored = (
        SelectionCriterion.objects.filter(pk=criterion.pk).values(*CRITERION_RANKING_FIELDS).first()
        or {}
    )
    _refuse(frozen_changes(frozen=True, old=stored, new=changes, fields=CRITERION_RANKING_FIELDS))


def _frozen(call: Call) -> bool:
    # The stored value counts, not what a form may have put on the instance.
    return (
        call.pk is not None
        and Call.objects.filter(pk=call.pk, ranking_frozen_at__isnull=False).exists()
    )


def _refuse(fields: list[str]) -> None:
    if fields:
        raise ValidationError(dict.fromkeys(fields, frozen_message()))


@transaction.atomic
def criterion_update(*, criterion: SelectionCriterion, **changes) -> SelectionCriterion:
    """Change a selection criterion. Refused (ValidationError, in Dutch) for the weight or the
    scale once the call's ranking is frozen. Side effect: the criterion row."""
    ensure_criterion_ranking_unchanged(call=criterion.call, criterion=criterion, changes=changes)
    for field, value in changes.items():
        setattr(criterion, field, value)
    criterion.full_clean()
    criterion.save(update_fields=list(changes))
    return criterion


@transaction.atomic
def call_update(*, call: Call, **changes) -> Call:
    """Change a call's settings. Refused (ValidationError, in Dutch) for the numbers to select
    once its ranking is frozen. Side effect: the call row."""
    ensure_call_ranking_unchanged(call=call, changes=changes)
    for field, value in changes.items():
        setattr(call, field, value)
    call.full_clean()
    call.save(update_fields=list(changes))
    return call
