"""The panels of each role's home page that an app fills, registered from its
`AppConfig.ready()` (`register_home_panel`): the home page knows the portal's own figures
(calls, team, outbox), the apps add theirs (dossiers, juries, trajectories)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from plgportal.accounts.enums import Role
from plgportal.registry import Registry


@dataclass(frozen=True)
class HomePanel:
    role: Role
    # The request -> the panel's entries in the home template's context ("dossiers", ...).
    context: Callable[[HttpRequest], dict]


HOME_PANELS: Registry[str, HomePanel] = Registry("home panel")


def register_home_panel(name: str, panel: HomePanel) -> None:
    HOME_PANELS.register(name, panel)


def home_panels_context(request: HttpRequest, role: Role) -> dict:
    """The context of every panel registered for `role`, in registration order."""
    context = {}
    for panel in HOME_PANELS.values():
        if panel.role == role:
            context.update(panel.context(request))
    return context
