from django.urls import path

from plgportal.calls.views import CallDetailView

urlpatterns = [
    path("oproepen/<slug:slug>/", CallDetailView.as_view(), name="call_detail"),
]
