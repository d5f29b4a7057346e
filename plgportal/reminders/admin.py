from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from plgportal.accounts.enums import NotificationKind
from plgportal.calls.models import Call
from plgportal.reminders.models import ReminderRule
from plgportal.reminders.schedule import DEFAULT_DAYS
from plgportal.reminders.selectors import EffectiveRule, effective_rule


class ReminderRuleInline(admin.TabularInline):
    """On the call's admin page: staff switch each reminder on or off and choose its days."""

    model = ReminderRule
    extra = 0
    fields = ["kind", "enabled", "days"]


def _rule_line(rule: EffectiveRule) -> str:
    line = _("%(days)s dagen") % {"days": ", ".join(str(day) for day in rule.days)}
    if rule.is_default:
        line += " " + _("(standaard)")
    if not rule.enabled:
        line += " – " + _("wordt niet verstuurd")
    return line


def reminder_summary(call: Call | None):
    """Every reminder kind with the days that apply to the call: its rule's, or the built-in
    default (marked), so staff see the schedule of a call without rules too."""
    rules = [
        effective_rule(call, kind)
        if call is not None and call.pk
        else EffectiveRule(kind=kind, enabled=True, days=DEFAULT_DAYS[kind], is_default=True)
        for kind in NotificationKind
    ]
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "",
            "<li>{}: {}</li>",
            ((NotificationKind(rule.kind).label, _rule_line(rule)) for rule in rules),
        ),
    )
