from django.urls import include, path

urlpatterns = [
    path("", include("sessions.urls_overview")),
    path("", include("sessions.urls_calendar")),
    path("trajecten/", include("sessions.urls_trajectories")),
    path("", include("sessions.urls_meetings")),
    path("trajecten/", include("sessions.urls_report")),
]
