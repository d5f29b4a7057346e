from django.urls import path

from sessions.calendar import views

urlpatterns = [
    path("trajecten/agenda/", views.CalendarLinksView.as_view(), name="calendar_links"),
    path(
        "trajecten/agenda/<str:token>.ics",
        views.TrajectoryCalendarView.as_view(),
        name="calendar_trajectory",
    ),
    path("agenda/<str:token>.ics", views.UserCalendarView.as_view(), name="calendar_user"),
]
