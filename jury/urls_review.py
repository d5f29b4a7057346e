from django.urls import path

from jury import views_review

urlpatterns = [
    path(
        "toewijzingen/<int:pk>/belangenconflict/",
        views_review.ConflictDeclareView.as_view(),
        name="jury_conflict_declare",
    ),
    path(
        "toewijzingen/<int:pk>/beoordelen/",
        views_review.ScoreView.as_view(),
        name="jury_score",
    ),
]
