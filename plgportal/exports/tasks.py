from celery import shared_task

from plgportal.exports.services import (
    BUILD_SOFT_TIME_LIMIT,
    BUILD_TIME_LIMIT,
    export_build,
    exports_delete_expired,
    exports_requeue_stale,
)


@shared_task(
    name="exports.build",
    soft_time_limit=BUILD_SOFT_TIME_LIMIT.total_seconds(),
    time_limit=BUILD_TIME_LIMIT.total_seconds(),
)
def task_build_export(*, export_id: int) -> str | None:
    return export_build(export_id=export_id)


@shared_task(name="exports.delete_expired")
def task_delete_expired_exports() -> int:
    return exports_delete_expired()


@shared_task(name="exports.requeue_stale")
def task_requeue_stale_exports() -> int:
    return exports_requeue_stale()
