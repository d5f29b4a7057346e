"""The stored checklist outcomes follow a change of the call's own rules.

`applications.checklist` keeps each dossier's outcome up to date when the dossier changes; the
call's rules (numbers of schools, delegate quotas, the school year, meetings, levels,
commitments, criteria) are edited by staff in the admin, in `plgportal.calls`, which imports no
app. So this app listens to those saves and, once they are committed, has every dossier of the
call re-evaluated in the background (seconds for a thousand dossiers: never in the request).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from applications.models import Dossier
from applications.tasks import task_refresh_call_checklists
from plgportal.background import send_task
from plgportal.calls.models import Call, Commitment, DelegateQuota, SelectionCriterion

# What `applications.selectors.call_rules` reads of the call itself.
CALL_RULE_FIELDS = frozenset(
    {
        "min_schools",
        "max_schools",
        "school_year_label",
        "school_year_start",
        "school_year_end",
        "meeting_count",
        "eligible_levels",
    }
)
RULE_ITEMS = (DelegateQuota, Commitment, SelectionCriterion)


def queue_refresh(call_id: int) -> None:
    """After the commit, re-evaluate the call's dossiers; nothing when it has none yet (the
    usual case: a call is set up before it opens)."""
    if Dossier.objects.filter(call_id=call_id).exists():
        transaction.on_commit(
            lambda: send_task(
                task_refresh_call_checklists,
                thread_name=f"checklists-call-{call_id}",
                call_id=call_id,
            )
        )


def call_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    if created or (update_fields is not None and not CALL_RULE_FIELDS & set(update_fields)):
        return
    queue_refresh(instance.pk)


def rule_item_changed(sender, instance, **kwargs) -> None:
    queue_refresh(instance.call_id)


def connect() -> None:
    post_save.connect(call_saved, sender=Call, dispatch_uid="applications.checklist.call")
    for model in RULE_ITEMS:
        for signal in (post_save, post_delete):
            signal.connect(
                rule_item_changed,
                sender=model,
                dispatch_uid=f"applications.checklist.{model.__name__}.{signal}",
            )
