from django.urls import include, path

from sessions.trajectories.views import TrajectoryExportStartView

app_name = "sessions"

urlpatterns = [
    path("", include("sessions.overview.urls")),
    path("", include("sessions.calendar.urls")),
    path("", include("sessions.feedback.urls")),
    path("", include("sessions.indicators.urls")),
    path("trajecten/", include("sessions.trajectories.urls")),
    path("", include("sessions.meetings.urls")),
    path("trajecten/", include("sessions.report.urls")),
    path(
        "exports/traject/<int:pk>/starten/",
        TrajectoryExportStartView.as_view(),
        name="trajectory_export_start",
    ),
]
