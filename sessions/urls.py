from django.urls import include, path

from sessions.views_trajectories import TrajectoryExportStartView

urlpatterns = [
    path("", include("sessions.urls_overview")),
    path("", include("sessions.urls_calendar")),
    path("trajecten/", include("sessions.urls_trajectories")),
    path("", include("sessions.urls_meetings")),
    path("trajecten/", include("sessions.urls_report")),
    path(
        "exports/traject/<int:pk>/starten/",
        TrajectoryExportStartView.as_view(),
        name="trajectory_export_start",
    ),
]
