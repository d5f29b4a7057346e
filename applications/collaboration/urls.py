from django.urls import path

from applications.collaboration import views

urlpatterns = [
    path("<int:pk>/medewerkers/", views.CollaboratorsView.as_view(), name="dossier_collaborators"),
    path(
        "<int:pk>/medewerkers/<int:collaborator_pk>/verwijderen/",
        views.CollaboratorRemoveView.as_view(),
        name="dossier_collaborator_remove",
    ),
    path(
        "<int:pk>/eindtekst-bevestigen/",
        views.ConfirmFinalTextView.as_view(),
        name="dossier_confirm_final",
    ),
]
