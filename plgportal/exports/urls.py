from django.urls import path

from plgportal.exports import views

app_name = "exports"

urlpatterns = [
    path("exports/", views.ExportListView.as_view(), name="list"),
    path("exports/<int:pk>/", views.ExportDetailView.as_view(), name="detail"),
    path("exports/<int:pk>/voortgang/", views.ExportProgressView.as_view(), name="progress"),
    path("exports/<int:pk>/downloaden/", views.ExportDownloadView.as_view(), name="download"),
    path("exports/<int:pk>/opnieuw/", views.ExportRetryView.as_view(), name="retry"),
    path("exports/oproep/<slug:slug>/", views.CallExportsView.as_view(), name="call_exports"),
    path(
        "exports/oproep/<slug:slug>/starten/<str:kind>/",
        views.CallExportStartView.as_view(),
        name="call_export_start",
    ),
]
