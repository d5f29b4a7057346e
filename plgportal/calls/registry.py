"""What the apps copy along with a call (their own data on it, such as the questions asked
after a meeting), registered from their `AppConfig.ready()`; `call_copy` runs every step."""

from collections.abc import Callable

from plgportal.registry import Registry

# (source=Call, copy=Call) -> None, inside call_copy's transaction.
CopyStep = Callable[..., None]

CALL_COPY_STEPS: Registry[str, CopyStep] = Registry("call copy step")


def register_call_copy_step(name: str, step: CopyStep) -> None:
    CALL_COPY_STEPS.register(name, step)
