from django.urls import path

from applications.documents.views import DossierPdfView

urlpatterns = [
    path("<int:pk>/pdf/", DossierPdfView.as_view(), name="dossier_pdf"),
]
