from django.urls import path

from plgportal.exports import views

urlpatterns = [
    path("exports/", views.ExportListView.as_view(), name="export_list"),
    path("exports/<int:pk>/", views.ExportDetailView.as_view(), name="export_detail"),
    path("exports/<int:pk>/voortgang/", views.ExportProgressView.as_view(), name="export_progress"),
    path(
        "exports/<int:pk>/downloaden/", views.ExportDownloadView.as_view(), name="export_download"
    ),
    path("exports/<int:pk>/opnieuw/", views.ExportRetryView.as_view(), name="export_retry"),
    path("exports/oproep/<slug:slug>/", views.CallExportsView.as_view(), name="call_exports"),
    path(
        "exports/oproep/<slug:slug>/starten/<str:kind>/",
        views.CallExportStartView.as_view(),
        name="call_export_start",
    ),
]
