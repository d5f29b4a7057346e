from django.urls import path

from plgportal.spreadsheets import views

app_name = "spreadsheets"

urlpatterns = [
    path(
        "exports/oproep/<slug:slug>/tabel/<slug:dataset>.<slug:fmt>",
        views.SpreadsheetDownloadView.as_view(),
        name="download",
    ),
]
