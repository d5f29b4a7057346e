from django.urls import include, path

urlpatterns = [
    path("dossiers/", include("applications.urls_applicant")),
    path("dossiers/", include("applications.urls_letters")),
    path("dossiers/", include("applications.urls_composition")),
    path("dossiers/", include("applications.urls_documents")),
    path("dossiers/", include("applications.urls_collaboration")),
    path("beheer/dossiers/", include("applications.urls_staff")),
]
