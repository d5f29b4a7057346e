from django.urls import path

from jury.review import views as views_review

urlpatterns = [
    path(
        "toewijzingen/<int:pk>/belangenconflict/",
        views_review.ConflictDeclareView.as_view(),
        name="conflict_declare",
    ),
    path(
        "toewijzingen/<int:pk>/beoordelen/",
        views_review.ScoreView.as_view(),
        name="score",
    ),
    path(
        "<int:pk>/mijn-dossiers/",
        views_review.MyAssignmentsView.as_view(),
        name="my_dossiers",
    ),
]
