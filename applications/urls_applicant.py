from django.urls import path

from applications import views

urlpatterns = [
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
