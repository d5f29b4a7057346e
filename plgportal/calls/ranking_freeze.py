"""The rule "what defines the ranking no longer changes once scoring opened", over plain values.

The ranking is defined by the criteria's weights and scales and by the numbers to select. Once
jurors score (the jury marks this on the call: `Call.ranking_frozen_at`), changing any of them
would silently re-rank dossiers that were scored under the old rules.
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _

# The call's fields and each criterion's fields that define the ranking.
CALL_RANKING_FIELDS = ("plgs_to_select", "reserves_to_select")
CRITERION_RANKING_FIELDS = ("weight", "scale_min", "scale_max")


def frozen_message() -> str:
    return _(
        "De beoordeling is gestart: gewichten, schalen en aantallen liggen vast, zodat de "
        "rangschikking niet ongemerkt verandert."
    )


def frozen_changes(
    *, frozen: bool, old: Mapping[str, object], new: Mapping[str, object], fields
) -> list[str]:
    """The fields among `fields` whose value in `new` differs from `old`, when frozen; a field
    missing from `new` is not changed. Empty when not frozen or nothing changed."""
    if not frozen:
        return []
    return [name for name in fields if name in new and new[name] != old.get(name)]
