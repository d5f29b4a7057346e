"""Reads of the schools' indicators: one record to fill in, the status per school and moment
for the coach, and the before → after figures of trajectories, each in a fixed number of
queries whatever the number of schools and trajectories."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Min

from applications.models import Collaborator, School
from sessions.enums import IndicatorKind, IndicatorMoment, MeetingKind
from sessions.indicators.figures import (
    Definition,
    PlgIndicators,
    Value,
    contact_addresses,
    moment_is_open,
    moment_opens_on,
    plg_indicators,
)
from sessions.models import (
    IndicatorDefinition,
    IndicatorRecord,
    IndicatorValue,
    Meeting,
    Participant,
)

MOMENTS = (IndicatorMoment.BEFORE, IndicatorMoment.AFTER)


def joint_event_dates(call_ids: Iterable[int]) -> dict[int, tuple[dt.date | None, dt.date | None]]:
    """Call pk -> (kick-off day, closing day): each the first dated event of its kind; None
    while there is none. One query."""
    rows = (
        Meeting.objects.filter(
            call_id__in=set(call_ids),
            trajectory=None,
            kind__in=(MeetingKind.KICKOFF, MeetingKind.CLOSING),
        )
        .values("call_id", "kind")
        .annotate(day=Min("date"))
        .order_by()
    )
    dates: dict[int, dict[str, dt.date | None]] = defaultdict(dict)
    for row in rows:
        dates[row["call_id"]][row["kind"]] = row["day"]
    return defaultdict(
        lambda: (None, None),
        {
            call_id: (kinds.get(MeetingKind.KICKOFF), kinds.get(MeetingKind.CLOSING))
            for call_id, kinds in dates.items()
        },
    )


def definitions_of(call_id: int) -> list[IndicatorDefinition]:
    return list(IndicatorDefinition.objects.filter(call_id=call_id).order_by("position", "pk"))


def definition_facts(definitions: Iterable[IndicatorDefinition]) -> list[Definition]:
    return [Definition(d.code, d.kind, d.label, d.required) for d in definitions]


def school_for_link(pk: int) -> School | None:
    """The school behind a link, with its dossier, call and trajectory; None if gone."""
    return (
        School.objects.select_related("dossier__call", "dossier__trajectory")
        .filter(pk=pk, dossier__trajectory__isnull=False)
        .first()
    )


def school_recipients(school: School) -> list[str]:
    """The addresses a school's request goes to (figures.contact_addresses). Two queries."""
    dossier = school.dossier
    return contact_addresses(
        school_id=school.pk,
        lead_school_id=dossier.lead_school_id,
        collaborators=list(Collaborator.objects.filter(dossier_id=dossier.pk).order_by("pk")),
        participants=list(
            Participant.objects.filter(school_id=school.pk).order_by("full_name", "pk")
        ),
    )


def record_values(school: School, moment: str) -> tuple[IndicatorRecord | None, dict[str, Value]]:
    """The school's record of `moment` (None before the first save) and its values by code."""
    record = IndicatorRecord.objects.filter(school=school, moment=moment).first()
    if record is None:
        return None, {}
    return record, {
        value.definition.code: value.value
        for value in record.values.select_related("definition").all()
    }


def _value(kind: str, number, yes_no, text) -> Value:
    if kind == IndicatorKind.NUMBER:
        return number
    if kind == IndicatorKind.YES_NO:
        return yes_no
    return text


def _key(school_id: int, moment: str) -> tuple[int, IndicatorMoment]:
    """(school pk, moment) as dictionaries here are keyed: an enum member hashes apart from
    its plain value."""
    return school_id, IndicatorMoment(moment)


def values_by_record(school_ids: Iterable[int]) -> dict[tuple[int, str], dict[str, Value]]:
    """(school pk, moment) -> {code: value} of every record of these schools. One query."""
    school_ids = list(school_ids)
    records: dict[tuple[int, str], dict[str, Value]] = {}
    for record in IndicatorRecord.objects.filter(school_id__in=school_ids).values_list(
        "school_id", "moment"
    ):
        records[_key(*record)] = {}
    rows = IndicatorValue.objects.filter(record__school_id__in=school_ids).values_list(
        "record__school_id",
        "record__moment",
        "definition__code",
        "definition__kind",
        "number",
        "yes_no",
        "text",
    )
    for school_id, moment, code, kind, number, yes_no, text in rows:
        records.setdefault(_key(school_id, moment), {})[code] = _value(kind, number, yes_no, text)
    return records


@dataclass(frozen=True)
class MomentStatus:
    moment: str
    label: str
    opens_on: dt.date | None
    is_open: bool
    filled_in_at: dt.datetime | None
    updated_at: dt.datetime | None


@dataclass(frozen=True)
class SchoolStatus:
    school: School
    moments: tuple[MomentStatus, ...]


def indicator_status(trajectory, *, today: dt.date) -> list[SchoolStatus]:
    """Per school of the trajectory (prefetched `dossier__schools`), per moment: from when it
    is open and whether (when) it was filled in. Two queries: the joint events, the records."""
    schools = list(trajectory.dossier.schools.all())
    call_id = trajectory.dossier.call_id
    kickoff, closing = joint_event_dates([call_id])[call_id]
    filled = {
        _key(school_id, moment): (filled_in_at, updated_at)
        for school_id, moment, filled_in_at, updated_at in IndicatorRecord.objects.filter(
            school__in=schools
        ).values_list("school_id", "moment", "filled_in_at", "updated_at")
    }
    return [
        SchoolStatus(
            school=school,
            moments=tuple(
                MomentStatus(
                    moment=moment,
                    label=moment.label,
                    opens_on=moment_opens_on(moment, kickoff=kickoff, closing=closing),
                    is_open=moment_is_open(moment, kickoff=kickoff, closing=closing, today=today),
                    filled_in_at=filled.get((school.pk, moment), (None, None))[0],
                    updated_at=filled.get((school.pk, moment), (None, None))[1],
                )
                for moment in MOMENTS
            ),
        )
        for school in schools
    ]


def indicators_by_trajectory(trajectories: Iterable) -> dict[int, PlgIndicators]:
    """Before → after per school and for the PLG, by trajectory pk. The trajectories come
    with `dossier` selected and `dossier__schools` prefetched. Three queries: definitions,
    records, values."""
    trajectories = list(trajectories)
    definitions: dict[int, list[Definition]] = defaultdict(list)
    for definition in IndicatorDefinition.objects.filter(
        call_id__in={t.dossier.call_id for t in trajectories}
    ).order_by("position", "pk"):
        definitions[definition.call_id].append(definition_facts([definition])[0])
    schools = {t.pk: list(t.dossier.schools.all()) for t in trajectories}
    values = values_by_record(s.pk for of in schools.values() for s in of)
    return {
        t.pk: plg_indicators(
            definitions=definitions[t.dossier.call_id],
            schools=[
                (
                    school.name,
                    values.get((school.pk, IndicatorMoment.BEFORE)),
                    values.get((school.pk, IndicatorMoment.AFTER)),
                )
                for school in schools[t.pk]
            ],
        )
        for t in trajectories
    }
