from django.urls import path

from applications.views_documents import DossierPdfView

urlpatterns = [
    path("<int:pk>/pdf/", DossierPdfView.as_view(), name="dossier_pdf"),
]
