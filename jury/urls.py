from django.urls import include, path

urlpatterns = [
    path("beheer/jury/", include("jury.urls_setup")),
    path("beheer/jury/", include("jury.urls_ranking")),
    path("jury/", include("jury.urls_review")),
    path("beheer/jury/", include("jury.urls_publication")),
]
