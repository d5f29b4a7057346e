"""Publishing the results and reopening reviews: staff pages under beheer/jury/."""

from django.urls import path

from jury.publication import views as views_publication

urlpatterns = [
    path("<slug:slug>/publicatie/", views_publication.PublishView.as_view(), name="publish"),
    path(
        "<slug:slug>/publicatie/<int:pk>/feedback/",
        views_publication.DecisionFeedbackView.as_view(),
        name="decision_feedback",
    ),
    path(
        "beoordelingen/<int:pk>/heropenen/",
        views_publication.ReviewReopenView.as_view(),
        name="review_reopen",
    ),
]
