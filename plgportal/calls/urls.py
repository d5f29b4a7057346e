from django.urls import path

from plgportal.calls.views import CallDetailView

app_name = "calls"

urlpatterns = [
    path("oproepen/<slug:slug>/", CallDetailView.as_view(), name="detail"),
]
