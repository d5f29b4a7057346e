"""What a school's indicators say before and after the PLG: pure rules on plain values.

- `moment_opens_on(moment, kickoff, closing)`: from which day a moment may be filled in;
- `check_values(definitions, values)`: what is wrong with a record's values;
- `retention(values)`: of the teachers who started, how many stayed;
- `school_indicators(...)`, `plg_indicators(...)`: before → after for one school, and for the
  PLG's schools together;
- `contact_addresses(...)`: whom the request to fill them in is mailed to.

Indicators are data on the call (sessions.models.IndicatorDefinition); only the codes below
carry a meaning the figures use. A value is None when not given (a number or yes/no left empty,
"not known"), so "0" and "unknown" never mix.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from applications.enums import CollaboratorRole
from sessions.enums import IndicatorKind, IndicatorMoment

# Teachers who started in the last two school years, and how many of them left since.
STARTERS = "starters"
STARTERS_LEFT = "starters_left"

Value = int | bool | str | None


def moment_opens_on(
    moment: str, *, kickoff: dt.date | None, closing: dt.date | None
) -> dt.date | None:
    """The day a moment may be filled in from: the kick-off's day (the starting point) and the
    closing event's day (what changed); None while that event has no date."""
    return kickoff if moment == IndicatorMoment.BEFORE else closing


def moment_is_open(
    moment: str, *, kickoff: dt.date | None, closing: dt.date | None, today: dt.date
) -> bool:
    opens_on = moment_opens_on(moment, kickoff=kickoff, closing=closing)
    return opens_on is not None and opens_on <= today


@dataclass(frozen=True)
class Definition:
    code: str
    kind: str  # sessions.enums.IndicatorKind
    label: str
    required: bool = True


def check_values(definitions: Sequence[Definition], values: Mapping[str, Value]) -> dict[str, str]:
    """Code -> what is wrong: a required indicator left empty (a required yes/no needs an
    answer, a required number may be 0), or more starters who left than started."""
    errors = {}
    for definition in definitions:
        value = values.get(definition.code)
        if definition.required and (value is None or value == ""):
            errors[definition.code] = _("Vul dit in.")
    started, left = values.get(STARTERS), values.get(STARTERS_LEFT)
    if isinstance(started, int) and isinstance(left, int) and left > started:
        errors.setdefault(
            STARTERS_LEFT, _("Er kunnen niet meer starters vertrokken zijn dan er begonnen.")
        )
    return errors


@dataclass(frozen=True)
class Retention:
    """Of `starters` teachers who started, `left` left: the share that stayed."""

    starters: int
    left: int

    @property
    def stayed(self) -> int:
        return self.starters - self.left

    @property
    def percent(self) -> int | None:
        """The share that stayed, in whole percents; None without starters."""
        return round(self.stayed * 100 / self.starters) if self.starters else None


def retention(values: Mapping[str, Value] | None) -> Retention | None:
    """From the "starters" and "starters_left" numbers; None when either is not given."""
    if not values:
        return None
    started, left = values.get(STARTERS), values.get(STARTERS_LEFT)
    if not isinstance(started, int) or not isinstance(left, int):
        return None
    return Retention(starters=started, left=min(left, started))


@dataclass(frozen=True)
class Comparison:
    """One indicator before and after (for the PLG: numbers summed, yes/no as Tally)."""

    definition: Definition
    before: object
    after: object

    @property
    def change(self) -> int | None:
        """After minus before, for numbers (and tallies of yes) known at both moments."""
        before, after = self.before, self.after
        if isinstance(before, Tally) and isinstance(after, Tally):
            return after.yes - before.yes
        if isinstance(before, bool) or isinstance(after, bool):
            return None
        if isinstance(before, int) and isinstance(after, int):
            return after - before
        return None

    @property
    def turned(self) -> str | None:
        """For one school's yes/no: "gained" (no → yes), "lost" (yes → no), "same", or None
        when either answer is missing."""
        if not isinstance(self.before, bool) or not isinstance(self.after, bool):
            return None
        if self.before == self.after:
            return "same"
        return "gained" if self.after else "lost"


@dataclass(frozen=True)
class Tally:
    """How many schools answered yes, of those that answered."""

    yes: int
    of: int


@dataclass(frozen=True)
class SchoolIndicators:
    name: str
    has_before: bool
    has_after: bool
    comparisons: tuple[Comparison, ...]
    retention_before: Retention | None
    retention_after: Retention | None


def school_indicators(
    *,
    name: str,
    definitions: Sequence[Definition],
    before: Mapping[str, Value] | None,
    after: Mapping[str, Value] | None,
) -> SchoolIndicators:
    """One school's indicators before → after; `before`/`after` None when not filled in."""
    return SchoolIndicators(
        name=name,
        has_before=before is not None,
        has_after=after is not None,
        comparisons=tuple(
            Comparison(
                definition=d,
                before=(before or {}).get(d.code),
                after=(after or {}).get(d.code),
            )
            for d in definitions
        ),
        retention_before=retention(before),
        retention_after=retention(after),
    )


def _total(definition: Definition, values: Iterable[Value]) -> object:
    given = [v for v in values if v is not None and v != ""]
    if definition.kind == IndicatorKind.YES_NO:
        return Tally(yes=sum(1 for v in given if v is True), of=len(given))
    if not given:
        return None
    return sum(v for v in given if isinstance(v, int))


@dataclass(frozen=True)
class PlgIndicators:
    schools: tuple[SchoolIndicators, ...]
    totals: tuple[Comparison, ...]  # numbers and yes/no; free texts stay per school
    retention_before: Retention | None
    retention_after: Retention | None
    compared: int  # schools that filled in both moments

    @property
    def filled_before(self) -> int:
        return sum(1 for school in self.schools if school.has_before)

    @property
    def filled_after(self) -> int:
        return sum(1 for school in self.schools if school.has_after)


def _sum_retention(retentions: Iterable[Retention | None]) -> Retention | None:
    known = [r for r in retentions if r is not None]
    if not known:
        return None
    return Retention(starters=sum(r.starters for r in known), left=sum(r.left for r in known))


def plg_indicators(
    *,
    definitions: Sequence[Definition],
    schools: Sequence[tuple[str, Mapping[str, Value] | None, Mapping[str, Value] | None]],
) -> PlgIndicators:
    """The PLG's schools (name, before, after) one by one, and together. The totals count only
    the schools that filled in both moments, so a school that answered once does not show as a
    change; each total sums the numbers given (yes/no: how many said yes of those answering)."""
    per_school = tuple(
        school_indicators(name=name, definitions=definitions, before=before, after=after)
        for name, before, after in schools
    )
    both = [(before, after) for _name, before, after in schools if before and after]
    totals = tuple(
        Comparison(
            definition=d,
            before=_total(d, (before.get(d.code) for before, _after in both)),
            after=_total(d, (after.get(d.code) for _before, after in both)),
        )
        for d in definitions
        if d.kind != IndicatorKind.TEXT
    )
    return PlgIndicators(
        schools=per_school,
        totals=totals,
        retention_before=_sum_retention(retention(before) for before, _after in both),
        retention_after=_sum_retention(retention(after) for _before, after in both),
        compared=len(both),
    )


def contact_addresses(
    *,
    school_id: int,
    lead_school_id: int | None,
    collaborators: Iterable,
    participants: Iterable,
) -> list[str]:
    """Whom a school's request is mailed to: its contact persons, that is the partner director
    named for it, and the dossier's contact person for the lead school (or, when the PLG named
    no lead school, for every school without a director of its own); a school with none of
    these: its active delegates. Distinct addresses, lower case, in order."""
    addresses = [c.email for c in collaborators if c.school_id == school_id]
    if lead_school_id == school_id or (lead_school_id is None and not addresses):
        addresses += [c.email for c in collaborators if c.role == CollaboratorRole.CONTACT]
    if not addresses:
        addresses = [
            p.email for p in participants if p.school_id == school_id and p.active_until is None
        ]
    return list(dict.fromkeys(address.lower() for address in addresses if address))
