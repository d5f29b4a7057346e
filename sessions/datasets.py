"""A call's attendance and products as tables for staff (plgportal.spreadsheets).

Attendance covers the PLG meetings of every trajectory and the call's joint events (kick-off,
closing), which belong to no trajectory: their rows take the dossier from the participant.
"""

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.datasets import yes_no
from plgportal.calls.models import Call
from plgportal.spreadsheets.tables import Column, Table, table_from_columns
from sessions.models import Attendance, Product


def _attendances(call: Call) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(meeting__call=call)
        .select_related("meeting", "participant__school", "participant__trajectory__dossier")
        .order_by(
            F("meeting__date").asc(nulls_last=True),
            "meeting__start_time",
            "meeting__kind",
            "meeting__position",
            "meeting__pk",
            "participant__trajectory__dossier__reference",
            "participant__school__position",
            "participant__full_name",
            "pk",
        )
    )


ATTENDANCE_COLUMNS: tuple[Column[Attendance], ...] = (
    (gettext_lazy("Dossiernummer"), lambda a: a.participant.trajectory.dossier.reference or ""),
    (gettext_lazy("Soort bijeenkomst"), lambda a: a.meeting.get_kind_display()),
    (gettext_lazy("Bijeenkomst"), lambda a: a.meeting.position or None),
    (gettext_lazy("Datum"), lambda a: a.meeting.date),
    (gettext_lazy("Deelnemer"), lambda a: a.participant.full_name),
    (gettext_lazy("E-mailadres"), lambda a: a.participant.email),
    (gettext_lazy("School"), lambda a: a.participant.school.name),
    (gettext_lazy("Aanwezigheid"), lambda a: a.get_status_display()),
    (gettext_lazy("Opmerking"), lambda a: a.note),
)


def attendance_count(call: Call) -> int:
    return Attendance.objects.filter(meeting__call=call).count()


def attendance_table(call: Call) -> Table:
    """One row per recorded attendance at a meeting or joint event of the call."""
    return table_from_columns(_("Aanwezigheden"), ATTENDANCE_COLUMNS, _attendances(call))


def _products(call: Call) -> QuerySet[Product]:
    return (
        Product.objects.filter(trajectory__dossier__call=call)
        .select_related("trajectory__dossier", "school")
        .order_by("trajectory__dossier__reference", "trajectory__pk", "pk")
    )


PRODUCT_COLUMNS: tuple[Column[Product], ...] = (
    (gettext_lazy("Dossiernummer"), lambda p: p.trajectory.dossier.reference or ""),
    (gettext_lazy("School"), lambda p: p.school.name if p.school else ""),
    (gettext_lazy("Titel"), lambda p: p.title),
    (gettext_lazy("Stadium"), lambda p: p.get_stage_display()),
    (gettext_lazy("Beschrijving"), lambda p: p.description),
    (gettext_lazy("Bevindingen van de test"), lambda p: p.test_findings),
    (gettext_lazy("Bijlage"), lambda p: yes_no(bool(p.attachment))),
    (gettext_lazy("Naam bijlage"), lambda p: p.attachment_name if p.attachment else ""),
)


def products_count(call: Call) -> int:
    return Product.objects.filter(trajectory__dossier__call=call).count()


def products_table(call: Call) -> Table:
    """Every product of the call's trajectories."""
    return table_from_columns(_("Producten"), PRODUCT_COLUMNS, _products(call))
