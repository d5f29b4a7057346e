from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from plgportal.calls.admin import side_by_side
from sessions.models import FeedbackQuestion, IndicatorDefinition


@admin.register(FeedbackQuestion)
class FeedbackQuestionAdmin(TranslationAdmin):
    """The questions participants get after each meeting, per call. A question that was
    answered cannot be deleted (its answers keep it); change its text or make it optional. The
    text in Dutch (required) beside the French (optional: empty shows the Dutch)."""

    list_display = ["text", "call", "position", "kind", "level", "required"]
    list_display_links = ["text"]
    list_editable = ["position", "required"]
    list_filter = ["call", "kind"]
    ordering = ["call", "position", "pk"]
    fields = ["call", "position", "kind", "level", side_by_side("text"), "required"]


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(TranslationAdmin):
    """The indicators schools record at the start and after the closing event, per call. One
    that was filled in cannot be deleted (its values keep it); change its label or make it
    optional. The codes "starters" and "starters_left" give the share of starters who stayed."""

    list_display = ["label", "call", "position", "code", "kind", "required"]
    list_display_links = ["label"]
    list_editable = ["position", "required"]
    list_filter = ["call", "kind"]
    ordering = ["call", "position", "pk"]
    fields = [
        "call",
        "position",
        "code",
        "kind",
        side_by_side("label"),
        side_by_side("help_text"),
        "required",
    ]
