"""The rule "do the published counts match the call": pure, over plain numbers.

Publishing is refused when the number of selected dossiers is not the call's number of PLGs to
select, or (when the call fixes one) the number of reserves is not the call's number of
reserves, unless staff record a motivated exception (jury.publication.services.results_publish).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class CountCheck:
    selected: int
    plgs_to_select: int
    reserves: int
    reserves_to_select: int | None  # None: the call fixes no number of reserves

    @property
    def problems(self) -> list[str]:
        problems = []
        if self.selected != self.plgs_to_select:
            problems.append(
                ngettext(
                    "%(count)d dossier is geselecteerd, de oproep selecteert er %(target)d.",
                    "%(count)d dossiers zijn geselecteerd, de oproep selecteert er %(target)d.",
                    self.selected,
                )
                % {"count": self.selected, "target": self.plgs_to_select}
            )
        if self.reserves_to_select is not None and self.reserves != self.reserves_to_select:
            problems.append(
                ngettext(
                    "%(count)d dossier staat op de reservelijst, de oproep voorziet er %(target)d.",
                    "%(count)d dossiers staan op de reservelijst, de oproep voorziet er "
                    "%(target)d.",
                    self.reserves,
                )
                % {"count": self.reserves, "target": self.reserves_to_select}
            )
        return problems

    @property
    def matches(self) -> bool:
        return not self.problems


def check_counts(
    *, selected: int, plgs_to_select: int, reserves: int, reserves_to_select: int | None
) -> CountCheck:
    return CountCheck(
        selected=selected,
        plgs_to_select=plgs_to_select,
        reserves=reserves,
        reserves_to_select=reserves_to_select,
    )


def exception_message() -> str:
    return _("Motiveer waarom u afwijkt van de aantallen van de oproep.")
