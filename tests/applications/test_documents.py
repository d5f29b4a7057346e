import io
import threading

import pytest
import weasyprint
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from applications.documents.pdf import dossier_pdf
from applications.enums import DossierStatus
from applications.selectors import dossiers_full
from applications.services import dossier_submit
from tests.factories import eligible_dossier


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_dossier_pdf_holds_every_section_and_the_checklist(db):
    dossier = eligible_dossier(schools=4, working_title="Samen sterker")
    pages, text = pdf_text(dossier_pdf(dossiers_full().get(pk=dossier.pk)))
    assert pages >= 2
    for expected in [
        "Samen sterker",
        "PLG en contactpersoon",
        dossier.schools.first().name,
        "Thema en motivatie",
        "Verankering",
        "Planning",
        "Engagementen",
        "Alle criteria zijn in orde.",
        "Koning Boudewijnstichting",
        f"Pagina 1 van {pages}",
    ]:
        assert expected in text


def test_dossier_pdf_renders_without_queries(db, django_assert_num_queries):
    """Its render time is a figure of `make bench`, not a pass/fail test."""
    dossier = dossiers_full().get(pk=eligible_dossier(schools=5).pk)
    list(dossier.schools.all())
    with django_assert_num_queries(0):
        dossier_pdf(dossier)


def test_submission_mails_confirmation_with_pdf_once(db, django_capture_on_commit_callbacks):
    dossier = eligible_dossier()
    with django_capture_on_commit_callbacks(execute=True):
        dossier_submit(dossier=dossier, user=dossier.created_by)
    dossier.refresh_from_db()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [dossier.created_by.email]
    assert dossier.reference in message.subject
    ((name, content, mimetype),) = message.attachments
    assert (name, mimetype) == (f"{dossier.reference}.pdf", "application/pdf")
    assert dossier.reference in pdf_text(content)[1]
    from applications.notifications import submission_confirmation_send

    with django_capture_on_commit_callbacks(execute=True):
        submission_confirmation_send(dossier_id=dossier.pk)
    assert len(mail.outbox) == 1


def test_dossier_pdf_view_downloads_attachment_for_owner(client, db):
    dossier = eligible_dossier()
    client.force_login(dossier.created_by)
    response = client.get(reverse("applications:dossier_pdf", args=[dossier.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")


def test_dossier_pdf_view_hidden_from_other_applicant(client, other_applicant):
    dossier = eligible_dossier()
    client.force_login(other_applicant)
    assert client.get(reverse("applications:dossier_pdf", args=[dossier.pk])).status_code == 404


def test_confirmation_mail_and_later_download_share_one_rendering(
    client, db, django_capture_on_commit_callbacks, monkeypatch
):
    renders = []
    real = weasyprint.HTML.write_pdf
    monkeypatch.setattr(
        weasyprint.HTML, "write_pdf", lambda *a, **k: renders.append(1) or real(*a, **k)
    )
    dossier = eligible_dossier()
    with django_capture_on_commit_callbacks(execute=True):
        dossier_submit(dossier=dossier, user=dossier.created_by)
    ((_, mailed, _),) = mail.outbox[0].attachments
    client.force_login(dossier.created_by)
    response = client.get(reverse("applications:dossier_pdf", args=[dossier.pk]))
    assert response.content == mailed
    assert len(renders) == 1


@pytest.mark.django_db(transaction=True)
def test_submit_does_not_wait_for_the_confirmation_pdf(settings, monkeypatch):
    """`make run` (tasks inline): the mail with the PDF is made in a thread after the submit."""
    settings.TASKS_IN_THREAD = True
    drawing, release = threading.Event(), threading.Event()
    real = weasyprint.HTML.write_pdf

    def slow_write_pdf(*args, **kwargs):
        drawing.set()
        assert release.wait(timeout=30)
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", slow_write_pdf)
    dossier = eligible_dossier()
    submitted = dossier_submit(dossier=dossier, user=dossier.created_by)
    assert submitted.status == DossierStatus.SUBMITTED
    (thread,) = [t for t in threading.enumerate() if t.name.startswith("submission-confirmation")]
    assert drawing.wait(timeout=30)
    assert mail.outbox == []  # the submit returned while the PDF was still being drawn
    release.set()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][1].startswith(b"%PDF-")
