from django.urls import include, path

urlpatterns = [
    path("dossiers/", include("applications.urls_applicant")),
    path("dossiers/", include("applications.urls_letters")),
    path("beheer/dossiers/", include("applications.urls_staff")),
]
