"""Exports test data: calls with submitted dossiers, and export rows in every state."""

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from applications.enums import DossierStatus
from applications.models import Dossier
from plgportal.exports.enums import ExportKind, ExportStatus
from plgportal.exports.models import Export
from tests.factories import UserFactory, eligible_dossier


def submitted_dossiers(count: int, *, call=None) -> list[Dossier]:
    """`count` eligible dossiers on one call (the 2024 rules unless `call`), marked submitted
    with references <prefix>-001... directly: no confirmation mail is queued."""
    dossiers = []
    for _ in range(count):
        dossier = eligible_dossier(**({"call": call} if call else {}))
        call = dossier.call
        dossiers.append(dossier)
    offset = Dossier.objects.filter(call=call).exclude(reference=None).count()
    for number, dossier in enumerate(dossiers, start=offset + 1):
        dossier.reference = f"{call.reference_prefix}-{number:03d}"
        dossier.status = DossierStatus.SUBMITTED
        dossier.submitted_at = timezone.now()
        Dossier.objects.filter(pk=dossier.pk).update(
            reference=dossier.reference, status=dossier.status, submitted_at=dossier.submitted_at
        )
    return dossiers


class ExportFactory(factory.django.DjangoModelFactory):
    """A queued export of a call's dossiers (params point at no real call unless given)."""

    class Meta:
        model = Export

    kind = ExportKind.CALL_DOSSIERS
    params = factory.LazyFunction(lambda: {"call": 0})
    title = factory.Sequence(lambda n: f"Alle dossiers – Oproep {n}")
    requested_by = factory.SubFactory(UserFactory, role="staff")


def done_export(**kwargs) -> Export:
    """A finished export with a small ZIP-named file, expiring in a week."""
    now = timezone.now()
    export = ExportFactory(
        status=ExportStatus.DONE,
        progress_done=2,
        progress_total=2,
        filename="dossiers-oproep.zip",
        finished_at=now,
        expires_at=now + timezone.timedelta(days=7),
        **kwargs,
    )
    export.file.save("dossiers-oproep.zip", ContentFile(b"PK-inhoud"), save=True)
    return export
