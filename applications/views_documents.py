from django.http import HttpResponse
from django.views import View

from applications.documents import dossier_pdf, dossier_pdf_filename
from applications.mixins import DossierMixin


class DossierPdfView(DossierMixin, View):
    """The dossier as PDF, for its members and staff."""

    def get(self, request, pk):
        response = HttpResponse(dossier_pdf(self.dossier), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{dossier_pdf_filename(self.dossier)}"'
        )
        return response
