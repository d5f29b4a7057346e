from celery import shared_task

from plgportal.exports.building import (
    BUILD_SOFT_TIME_LIMIT,
    BUILD_TIME_LIMIT,
    export_build,
    exports_delete_expired,
    stale_export_ids,
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
    """Beat's safety net: one build task again for each export still queued after ten minutes,
    and for each running one whose worker died (stale heartbeat: the task claims it over).
    Returns how many were queued."""
    stale_ids = stale_export_ids()
    for export_id in stale_ids:
        task_build_export.delay(export_id=export_id)
    return len(stale_ids)
