"""Where a Belgian address lies: its province, from the postcode alone."""

from django.utils.translation import gettext_lazy

# Belgian postcode ranges (inclusive) and their province, from the call's brief.
PROVINCE_RANGES: tuple[tuple[int, int, str], ...] = (
    (1000, 1299, gettext_lazy("Brussels Hoofdstedelijk Gewest")),
    (1300, 1499, gettext_lazy("Waals-Brabant")),
    (1500, 1999, gettext_lazy("Vlaams-Brabant")),
    (2000, 2999, gettext_lazy("Antwerpen")),
    (3000, 3499, gettext_lazy("Vlaams-Brabant")),
    (3500, 3999, gettext_lazy("Limburg")),
    (4000, 4999, gettext_lazy("Luik")),
    (5000, 5999, gettext_lazy("Namen")),
    (6000, 6599, gettext_lazy("Henegouwen")),
    (6600, 6999, gettext_lazy("Luxemburg")),
    (7000, 7999, gettext_lazy("Henegouwen")),
    (8000, 8999, gettext_lazy("West-Vlaanderen")),
    (9000, 9999, gettext_lazy("Oost-Vlaanderen")),
)
UNKNOWN = gettext_lazy("Onbekend")


def province_for_postcode(postcode: str | int | None) -> str:
    """The province (Dutch name) of a Belgian postcode, or "Onbekend"."""
    text = str(postcode or "").strip()
    if not text.isdigit():
        return str(UNKNOWN)
    number = int(text)
    for low, high, province in PROVINCE_RANGES:
        if low <= number <= high:
            return str(province)
    return str(UNKNOWN)
