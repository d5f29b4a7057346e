from django.db import transaction

from plgportal.calls.models import Call

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
    criteria and reminder rules."""
    copy = Call.objects.get(pk=source.pk)
    copy.pk = None
    copy.id = None
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
    return copy
