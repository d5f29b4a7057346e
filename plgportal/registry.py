"""What the core needs from the apps, filled by the apps themselves.

The core (`plgportal/`) never imports an app. Where a core page or job needs something only an
app knows (a home panel, a spreadsheet, a reminder, an export, demo data), the core keeps a
`Registry` and each app adds its entries from its `AppConfig.ready()`, in the order of
INSTALLED_APPS: reading an app's `apps.py` tells everything it plugs into the core.
"""

from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured

K = TypeVar("K")
V = TypeVar("V")


class Registry(dict[K, V]):
    """Entries by name, in the order they were registered (a plain dict, read as one)."""

    def __init__(self, what: str):
        super().__init__()
        self.what = what

    def register(self, name: K, entry: V) -> V:
        """Add `entry` under `name`. Registering the same entry again changes nothing; another
        entry under a taken name is a configuration error (two apps claiming one name)."""
        if name in self and self[name] != entry:
            raise ImproperlyConfigured(f"Two {self.what}s are registered as {name!r}.")
        self[name] = entry
        return entry
