from django.urls import path

from plgportal.reminders import views

app_name = "reminders"

urlpatterns = [
    path(
        "herinneringen/uitschakelen/<str:token>/",
        views.ReminderUnsubscribeView.as_view(),
        name="unsubscribe",
    ),
]
