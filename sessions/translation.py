"""The call's questions after a meeting and its school indicators, in every language of the
site (django-modeltranslation, as the call's own texts in plgportal/calls/translation.py):
`question.text` gives the reader's language, or the Dutch when the French is empty."""

from modeltranslation.translator import TranslationOptions, register

from sessions.models import FeedbackQuestion, IndicatorDefinition


@register(FeedbackQuestion)
class FeedbackQuestionTranslation(TranslationOptions):
    fields = ("text",)


@register(IndicatorDefinition)
class IndicatorDefinitionTranslation(TranslationOptions):
    fields = ("label", "help_text")
