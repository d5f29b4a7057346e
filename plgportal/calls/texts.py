"""Reading the call's own texts in the reader's language outside a model instance.

`call.title` already gives the active language's text (or the Dutch one); these helpers cover
the two places an instance attribute is not enough: a query of plain values through another
model (`localized("theme__title")`), and a text put in a plain value that is formatted later,
under another language (`localized_text(commitment, "title")`, as the stored checklist is
evaluated in every language).
"""

from django.conf import settings
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.functional import lazy
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order


def _languages() -> tuple[str, ...]:
    """The active language (as modeltranslation reads it), then the fallbacks, as for
    `call.title`."""
    return resolution_order(get_language())


def localized(path: str) -> Coalesce:
    """The text at `path` (e.g. "theme__title") in the active language, else in the fallback
    language (Dutch); "" when there is none. For `.annotate()` on a model that is not itself
    translated (modeltranslation rewrites only the querysets of translated models)."""
    columns = [build_localized_fieldname(path, code) for code in _languages()]
    return Coalesce(
        *(NullIf(F(column), Value("")) for column in columns), Value(""), output_field=TextField()
    )


def _text_of(instance, field: str) -> str:
    return getattr(instance, field)


localized_text = lazy(_text_of, str)
localized_text.__doc__ = """`instance.field` read when the value is turned into text, so in the
language active then (a lazy string, like gettext_lazy)."""


def translated(field: str, *, dutch: str, french: str = "") -> dict[str, str]:
    """The per-language columns of a translated text (`title_nl_be`, `title_fr_be`), to create
    or update a row in both languages whatever language is active (a plain `title=` would go
    to the active language's column only). An empty French falls back on the Dutch."""
    return {
        build_localized_fieldname(field, "nl-be"): dutch,
        build_localized_fieldname(field, "fr-be"): french,
    }


def texts_of(instance, field: str) -> dict[str, str]:
    """Every language's column of `instance.field`, for a copy that keeps them all."""
    return {
        column: getattr(instance, column)
        for column in (build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES)
    }
