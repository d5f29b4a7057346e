"""Who collects each kind of reminder: the app that owns its data, registered from its
`AppConfig.ready()` (`register_collector`). The scheduler asks them in that order."""

from collections.abc import Callable

from plgportal.registry import Registry
from plgportal.reminders.reminder import Reminder

# (call=, days=, now=) -> the reminders of one kind due for that call at `now`.
Collector = Callable[..., list[Reminder]]

COLLECTORS: Registry[str, Collector] = Registry("reminder collector")


def register_collector(kind: str, collect: Collector) -> None:
    """`kind` is a NotificationKind: its default days live in plgportal.reminders.schedule."""
    COLLECTORS.register(kind, collect)
