"""Publishing the results and reopening reviews: staff pages under beheer/jury/."""

from django.urls import path

from jury import views_publication

urlpatterns = [
    path("<slug:slug>/publicatie/", views_publication.PublishView.as_view(), name="jury_publish"),
    path(
        "beoordelingen/<int:pk>/heropenen/",
        views_publication.ReviewReopenView.as_view(),
        name="jury_review_reopen",
    ),
]
