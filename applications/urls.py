"""The applicant's dossier pages, then each feature's own (letters, composition, documents,
collaboration) and the staff's dossier pages; every name in the "applications" namespace."""

from django.urls import include, path

from applications import views

app_name = "applications"

dossier_patterns = [
    path("starten/<slug:slug>/", views.DossierStartView.as_view(), name="dossier_start"),
    path("<int:pk>/", views.DossierDetailView.as_view(), name="dossier_detail"),
    path("<int:pk>/plg/", views.PlgSectionView.as_view(), name="dossier_section_plg"),
    path(
        "<int:pk>/motivatie/",
        views.MotivationSectionView.as_view(),
        name="dossier_section_motivation",
    ),
    path(
        "<int:pk>/motivatie/autosave/",
        views.MotivationAutosaveView.as_view(),
        name="dossier_motivation_autosave",
    ),
    path(
        "<int:pk>/engagementen/",
        views.CommitmentsSectionView.as_view(),
        name="dossier_section_commitments",
    ),
    path("<int:pk>/checklist/", views.DossierChecklistView.as_view(), name="dossier_checklist"),
    path("<int:pk>/nakijken/", views.DossierReviewView.as_view(), name="dossier_review"),
]

urlpatterns = [
    path("dossiers/", include(dossier_patterns)),
    path("dossiers/", include("applications.letters.urls")),
    path("dossiers/", include("applications.composition.urls")),
    path("dossiers/", include("applications.documents.urls")),
    path("dossiers/", include("applications.collaboration.urls")),
    path("beheer/dossiers/", include("applications.staff.urls")),
]
