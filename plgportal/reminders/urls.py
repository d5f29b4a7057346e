from django.urls import path

from plgportal.reminders import views

urlpatterns = [
    path(
        "herinneringen/uitschakelen/<str:token>/",
        views.ReminderUnsubscribeView.as_view(),
        name="reminder_unsubscribe",
    ),
]
