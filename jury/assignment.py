"""Which juror scores which dossier: a pure, deterministic balancing of the jury's work."""

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

Pair = tuple[int, int]  # (dossier_id, juror_id)


@dataclass(frozen=True)
class AssignmentPlan:
    """Every pair the jury should have (existing ones included), and per dossier how many
    jurors it lacks because too few jurors are free of conflicts (0: not listed)."""

    pairs: frozenset[Pair]
    shortfall: dict[int, int] = field(default_factory=dict)

    def loads(self, juror_ids: Iterable[int]) -> dict[int, int]:
        """Dossiers per juror, for the given jurors."""
        counts = dict.fromkeys(juror_ids, 0)
        for _dossier, juror in self.pairs:
            if juror in counts:
                counts[juror] += 1
        return counts


def balanced_assignments(
    dossier_ids: Collection[int],
    juror_ids: Collection[int],
    per_dossier: int | None,
    existing: Collection[Pair] = frozenset(),
    conflicts: Collection[Pair] = frozenset(),
) -> AssignmentPlan:
    """Give each dossier `per_dossier` jurors (every juror when None), never one with a known
    conflict on it, keeping the existing pairs, spreading the load as evenly as possible.

    Dossiers with the fewest free jurors are served first, each by the least-loaded free jurors
    (ties: the order of `juror_ids`); a last pass moves new pairs from the busiest to the
    idlest juror while that narrows the gap. The same input always gives the same plan.
    """
    order = {juror: index for index, juror in enumerate(juror_ids)}
    conflicts = set(conflicts)
    pairs = set(existing)
    new: set[Pair] = set()
    have = Counter(dossier for dossier, _juror in pairs)
    loads = {juror: 0 for juror in order}
    for _dossier, juror in pairs:
        if juror in loads:
            loads[juror] += 1

    def free(dossier):
        return [
            juror
            for juror in order
            if (dossier, juror) not in conflicts and (dossier, juror) not in pairs
        ]

    dossier_order = {dossier: index for index, dossier in enumerate(dossier_ids)}
    shortfall = {}
    for dossier in sorted(dossier_ids, key=lambda d: (len(free(d)), dossier_order[d])):
        candidates = free(dossier)
        if per_dossier is None:
            wanted = len(candidates)
        else:
            wanted = max(per_dossier - have[dossier], 0)
            if wanted > len(candidates):
                shortfall[dossier] = wanted - len(candidates)
        candidates.sort(key=lambda juror: (loads[juror], order[juror]))
        for juror in candidates[:wanted]:
            pairs.add((dossier, juror))
            new.add((dossier, juror))
            loads[juror] += 1

    _level(pairs, new, loads, order, conflicts)
    return AssignmentPlan(pairs=frozenset(pairs), shortfall=shortfall)


def _level(pairs, new, loads, order, conflicts) -> None:
    """Move a new pair from a busiest juror to an idlest one while the gap exceeds one."""
    while loads and max(loads.values()) - min(loads.values()) > 1:
        move = _first_move(pairs, new, loads, order, conflicts)
        if move is None:
            return
        dossier, busiest, idlest = move
        pairs.discard((dossier, busiest))
        new.discard((dossier, busiest))
        pairs.add((dossier, idlest))
        new.add((dossier, idlest))
        loads[busiest] -= 1
        loads[idlest] += 1


def _first_move(pairs, new, loads, order, conflicts) -> tuple[int, int, int] | None:
    top, bottom = max(loads.values()), min(loads.values())
    busiest = sorted((j for j in loads if loads[j] == top), key=order.get)
    idlest = sorted((j for j in loads if loads[j] == bottom), key=order.get)
    for dossier, juror in sorted(new, key=lambda pair: (order.get(pair[1], -1), pair[0])):
        if juror not in busiest:
            continue
        for target in idlest:
            if (dossier, target) not in pairs and (dossier, target) not in conflicts:
                return dossier, juror, target
    return None
