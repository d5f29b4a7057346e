"""How a set of dossiers spreads over education levels, provinces and networks: pure rules, so
staff can weigh diversity when choosing between close dossiers."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from plgportal.calls.enums import EducationLevel, EducationNetwork
from plgportal.geography import UNKNOWN, province_for_postcode


@dataclass(frozen=True)
class SchoolInfo:
    institution_number: str
    levels: tuple[str, ...]
    network: str
    postcode: str
    delegate_count: int


@dataclass(frozen=True)
class Balance:
    dossier_count: int
    school_count: int
    participant_count: int
    per_level: list[tuple[str, int]]  # (label, number of schools), most first
    per_province: list[tuple[str, int]]
    per_network: list[tuple[str, int]]


def _label(choices, code: str) -> str:
    return str(choices(code).label) if code in choices.values else (code or str(UNKNOWN))


def _most_first(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0].casefold()))


def selection_balance(dossiers: Iterable[Iterable[SchoolInfo]]) -> Balance:
    """Counts over the schools of the given dossiers (each dossier: its schools).

    A school taking part in two of the dossiers (same institution number) counts once; a school
    teaching several levels counts once under each. Participants are all delegates.
    """
    dossier_count = 0
    schools: dict[str, SchoolInfo] = {}
    participants = 0
    for dossier_schools in dossiers:
        dossier_count += 1
        for position, school in enumerate(dossier_schools):
            participants += school.delegate_count
            key = school.institution_number or f"#{dossier_count}-{position}"
            schools.setdefault(key, school)
    unique = list(schools.values())
    levels = Counter(_label(EducationLevel, level) for school in unique for level in school.levels)
    return Balance(
        dossier_count=dossier_count,
        school_count=len(schools),
        participant_count=participants,
        per_level=_most_first(levels),
        per_province=_most_first(Counter(province_for_postcode(s.postcode) for s in unique)),
        per_network=_most_first(Counter(_label(EducationNetwork, s.network) for s in unique)),
    )
