from django.views import View

from applications.documents.pdf import dossier_pdf, dossier_pdf_filename
from applications.mixins import DossierMixin
from plgportal.downloads import file_response


class DossierPdfView(DossierMixin, View):
    """The dossier as PDF, for its members and staff."""

    def get(self, request, pk):
        return file_response(
            dossier_pdf(self.dossier),
            filename=dossier_pdf_filename(self.dossier),
            content_type="application/pdf",
        )
