from celery import shared_task

from plgportal.exports.services import (
    export_build,
    exports_delete_expired,
    exports_requeue_stale,
)

# A call's hundred dossiers take minutes, not the default two: own limits, still well under the
# broker's visibility timeout (an hour) so a running build is not redelivered.
BUILD_SOFT_TIME_LIMIT = 30 * 60


@shared_task(
    name="exports.build",
    soft_time_limit=BUILD_SOFT_TIME_LIMIT,
    time_limit=BUILD_SOFT_TIME_LIMIT + 120,
)
def task_build_export(*, export_id: int) -> str | None:
    return export_build(export_id=export_id)


@shared_task(name="exports.delete_expired")
def task_delete_expired_exports() -> int:
    return exports_delete_expired()


@shared_task(name="exports.requeue_stale")
def task_requeue_stale_exports() -> int:
    return exports_requeue_stale()
