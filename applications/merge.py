"""Three-way merge of one section's fields: what two co-editors saved from the same page.

A section's values are a flat dict of field name to plain value (text, id or None, yes/no).
`base` is what the editor's page showed when it was opened, `mine` what they save now, `theirs`
what is stored now (saved meanwhile by someone else, or unchanged). Per field:

- unchanged by me: the stored value stays;
- unchanged by the other: my value is taken;
- both changed it to the same value: nothing to decide;
- both changed it differently: a conflict, for that field only; the stored value stays.

A field missing from `base` (a page that carried no base) counts as changed by both sides, so
it conflicts unless the two values are equal: without a base nothing can be known to be safe to
overwrite. Fields that only make sense together (a theme from the list or an own theme) form a
group, merged as one value, so a merge never combines half of one editor's choice with half of
the other's.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

_MISSING = object()


@dataclass(frozen=True)
class FieldConflict:
    """A field both editors changed, each differently."""

    mine: Any
    theirs: Any


@dataclass(frozen=True)
class MergeResult:
    values: dict[str, Any]  # what to store: `theirs` with every change that does not collide
    conflicts: dict[str, FieldConflict] = field(default_factory=dict)
    theirs_changed: frozenset[str] = frozenset()  # changed by the other only: their value kept


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> set[str]:
    """The fields whose value differs between two versions (a field missing counts as None)."""
    return {name for name in set(before) | set(after) if before.get(name) != after.get(name)}


def merge_section(
    base: Mapping[str, Any],
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    *,
    groups: Iterable[Iterable[str]] = (),
) -> MergeResult:
    """Merge `mine` into `theirs` from their common `base`; only fields in `mine` are merged."""
    values = dict(theirs)
    conflicts: dict[str, FieldConflict] = {}
    theirs_changed: set[str] = set()
    for unit in _units(mine, groups):
        base_value = tuple(base.get(name, _MISSING) for name in unit)
        my_value = tuple(mine[name] for name in unit)
        their_value = tuple(theirs.get(name) for name in unit)
        if my_value == their_value:
            continue
        if my_value == base_value:
            theirs_changed.update(unit)
        elif their_value == base_value:
            values.update(zip(unit, my_value, strict=True))
        else:
            conflicts.update(
                (name, FieldConflict(mine=mine[name], theirs=theirs.get(name)))
                for name in unit
                if mine[name] != theirs.get(name)
            )
    return MergeResult(values=values, conflicts=conflicts, theirs_changed=frozenset(theirs_changed))


def _units(mine: Mapping[str, Any], groups: Iterable[Iterable[str]]) -> list[tuple[str, ...]]:
    """The fields of `mine`, each alone or with the rest of its group, in `mine`'s order."""
    group_of = {}
    for group in groups:
        members = tuple(name for name in group if name in mine)
        for name in members:
            group_of[name] = members
    units, seen = [], set()
    for name in mine:
        unit = group_of.get(name, (name,))
        if unit[0] not in seen:
            seen.add(unit[0])
            units.append(unit)
    return units


def rebase(base: Mapping[str, Any], mine: Mapping[str, Any], stored: Mapping[str, Any]) -> dict:
    """The base for a page that still shows `mine` after a save stored `stored` (an autosave
    leaves the page as it is). A field stored as the page shows it is based on that value; any
    other keeps its old base, so what someone else stored there is neither lost nor taken for
    the user's own change at the next save."""
    rebased = {}
    for name, value in mine.items():
        if stored.get(name) == value:
            rebased[name] = value
        elif name in base:
            rebased[name] = base[name]
    return rebased
