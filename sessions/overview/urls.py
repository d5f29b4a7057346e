from django.urls import path

from sessions.overview import views

urlpatterns = [
    path(
        "trajecten/overzicht/<slug:slug>/",
        views.SessionsOverviewView.as_view(),
        name="overview",
    ),
    path(
        "trajecten/overzicht/<slug:slug>/export.xlsx",
        views.SessionsOverviewXlsxView.as_view(),
        name="overview_xlsx",
    ),
    path(
        "trajecten/<int:pk>/overzicht/",
        views.TrajectoryOverviewView.as_view(),
        name="trajectory_overview",
    ),
    path(
        "trajecten/<int:pk>/overzicht.pdf",
        views.TrajectoryOverviewPdfView.as_view(),
        name="trajectory_overview_pdf",
    ),
]
