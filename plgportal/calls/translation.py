"""The call's own public wording, stored in every language of the site (django-modeltranslation).

Each field below gets a column per language (`title_nl_be`, `title_fr_be`...); reading
`call.title` gives the active language's text, or the Dutch one when that is empty
(settings.MODELTRANSLATION_*). Dates, numbers and rules are the same in every language.
"""

from modeltranslation.translator import TranslationOptions, register

from plgportal.calls.models import Call, Commitment, ExampleTheme, SelectionCriterion


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("title", "summary")


@register([Commitment, ExampleTheme, SelectionCriterion])
class CallItemTranslation(TranslationOptions):
    fields = ("title", "description")
