"""Text as people type (and paste) it: when it counts as empty, and how two texts are compared.

Pure helpers for every rule that asks "is this filled in?" or "is this the same person?": a text
pasted from a word processor or a chat app may hold nothing visible yet not be "" after
`str.strip()` (zero-width spaces, joiners, a BOM, non-breaking spaces, soft hyphens...).
"""

import unicodedata

from django.utils.translation import gettext as _

# Unicode categories that never show a glyph: controls (Cc: tab, line breaks...), format
# characters (Cf: soft hyphen U+00AD, zero-width space U+200B, ZWNJ/ZWJ U+200C/U+200D, word joiner
# U+2060, BOM U+FEFF...) and separators (Zs/Zl/Zp: spaces of any width, NBSP U+00A0...).
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})

# Characters of other categories that render as nothing or as a blank: the combining grapheme
# joiner, the Hangul and Khmer fillers, the Mongolian free variation selectors, the blank
# Braille pattern and the variation selectors.
_BLANK_LOOKING = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u2800\u3164\uffa0"
    + "".join(chr(code) for code in range(0xFE00, 0xFE10))
    + "".join(chr(code) for code in range(0xE0100, 0xE01F0))
)


def is_invisible(char: str) -> bool:
    """True for one character that shows nothing: whitespace, a format or separator character."""
    return char in _BLANK_LOOKING or unicodedata.category(char) in _INVISIBLE_CATEGORIES


def strip_invisible(text: str | None) -> str:
    """`text` without invisible characters at either end (`str.strip()` for pasted text)."""
    text = text or ""
    start, end = 0, len(text)
    while start < end and is_invisible(text[start]):
        start += 1
    while end > start and is_invisible(text[end - 1]):
        end -= 1
    return text[start:end]


def is_blank(text: str | None) -> bool:
    """True when `text` is empty or made only of whitespace and invisible characters.

    The one rule for "filled in": working title, theme, motivation texts, names.
    """
    return not strip_invisible(text)


def _without_invisible(text: str) -> str:
    return "".join(char for char in text if not is_invisible(char))


def comparable_email(email: str | None) -> str:
    """The form in which two email addresses are compared: "Jan@School.be " and "jan@school.be"
    are the same address.

    NFKC (full-width letters become ASCII), invisible characters and whitespace removed, then
    lower case. Mail servers treat the local part case-insensitively in practice, and one person
    typing their address twice is the case that matters here.
    """
    return _without_invisible(unicodedata.normalize("NFKC", email or "")).lower()


def comparable_name(name: str | None) -> str:
    """The form in which two person names are compared: case, accents, invisible characters and
    runs of whitespace do not count ("José  Peeters" and "jose peeters" are the same name)."""
    text = unicodedata.normalize("NFKC", name or "")
    # Spaces of any kind separate words; the other invisible characters join them.
    text = "".join(char for char in text if char.isspace() or not is_invisible(char))
    letters = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in letters if not unicodedata.combining(char))
    return " ".join(text.casefold().split())


def and_list(items) -> str:
    """Items joined as a sentence says them: ["1", "3", "4"] -> "1, 3 en 4" ("1, 3 et 4")."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return _("%(list)s en %(last)s") % {"list": ", ".join(items[:-1]), "last": items[-1]}
