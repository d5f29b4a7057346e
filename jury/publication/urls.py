"""Publishing the results and reopening reviews: staff pages under beheer/jury/."""

from django.urls import path

from jury.publication import views as views_publication

urlpatterns = [
    path("<slug:slug>/publicatie/", views_publication.PublishView.as_view(), name="publish"),
    path(
        "beoordelingen/<int:pk>/heropenen/",
        views_publication.ReviewReopenView.as_view(),
        name="review_reopen",
    ),
]
