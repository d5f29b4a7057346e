"""What other apps do when a call's jury results are published, registered from their
`AppConfig.ready()` (`on_results_published`): sessions starts the selected dossiers'
trajectories. jury never imports the apps built on it."""

from collections.abc import Callable

from plgportal.calls.models import Call
from plgportal.registry import Registry

# (call=) -> anything (ignored); runs inside the publication's transaction.
ResultsPublishedHook = Callable[..., object]

RESULTS_PUBLISHED_HOOKS: Registry[str, ResultsPublishedHook] = Registry("results-published hook")


def on_results_published(name: str, hook: ResultsPublishedHook) -> None:
    RESULTS_PUBLISHED_HOOKS.register(name, hook)


def results_published_notify(*, call: Call) -> None:
    """Run every registered hook for `call`, in registration order."""
    for hook in RESULTS_PUBLISHED_HOOKS.values():
        hook(call=call)
