from django.urls import include, path

app_name = "jury"

urlpatterns = [
    path("beheer/jury/", include("jury.setup.urls")),
    path("beheer/jury/", include("jury.deliberation.urls")),
    path("jury/", include("jury.review.urls")),
    path("beheer/jury/", include("jury.publication.urls")),
]
