"""Documents made from a dossier: its PDF (for download and for the confirmation email)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.eligibility import evaluate
from applications.selectors import eligibility_facts
from plgportal.pdf import render_pdf


def dossier_pdf_filename(dossier) -> str:
    return f"{dossier.reference or f'dossier-{dossier.pk}'}.pdf"


def dossier_pdf(dossier) -> bytes:
    """The whole dossier and its eligibility result, A4 with page numbers.

    `dossier` comes from applications.selectors.dossiers_full(): rendering runs no query.
    """
    answers = {answer.criterion_id: answer.text for answer in dossier.answers.all()}
    confirmed = {confirmation.commitment_id for confirmation in dossier.confirmations.all()}
    return render_pdf(
        "pdf/dossier.html",
        {
            "document_title": _("Dossier"),
            "reference": dossier.reference or "",
            "call_title": dossier.call.title,
            "generated_at": timezone.localtime(),
            "dossier": dossier,
            "report": evaluate(eligibility_facts(dossier)),
            "answers": [
                {"criterion": criterion, "text": answers.get(criterion.pk, "")}
                for criterion in dossier.call.criteria.all()
            ],
            "commitments": [
                {"commitment": commitment, "confirmed": commitment.pk in confirmed}
                for commitment in dossier.call.commitments.all()
            ],
        },
    )
