from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from modeltranslation.utils import build_localized_fieldname, get_translation_fields

from plgportal.calls.enums import EducationLevel
from plgportal.calls.models import (
    Call,
    Commitment,
    DelegateQuota,
    ExampleTheme,
    SelectionCriterion,
)
from plgportal.calls.ranking_freeze import (
    CALL_RANKING_FIELDS,
    CRITERION_RANKING_FIELDS,
    frozen_message,
)
from plgportal.calls.services import (
    call_copy,
    ensure_call_ranking_unchanged,
    ensure_criterion_ranking_unchanged,
)
from plgportal.reminders.admin import ReminderRuleInline, reminder_summary


def copy_titles(call: Call) -> dict[str, str]:
    """The copy's title, "Kopie van …", in each language the call has a title in (the others
    stay empty, so they fall back on the Dutch)."""
    titles = {}
    for code, _name in settings.LANGUAGES:
        column = build_localized_fieldname("title", code)
        if getattr(call, column):
            with translation.override(code):
                titles[column] = _("Kopie van %(title)s") % {"title": getattr(call, column)}
    return titles


def side_by_side(field: str) -> tuple[str, ...]:
    """One admin row with a text in every language (title_nl_be, title_fr_be): staff see the
    Dutch (required) beside the French (optional: empty shows the Dutch)."""
    return tuple(get_translation_fields(field))


class CallAdminForm(forms.ModelForm):
    """The admin supplies model and fields; this only swaps the JSON list for checkboxes."""

    eligible_levels = forms.MultipleChoiceField(
        label=_("Toegelaten onderwijsniveaus"),
        choices=EducationLevel.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        cleaned = super().clean()
        # The fields are read-only once frozen; this refuses a save that raced the freeze.
        if self.instance.pk:
            ensure_call_ranking_unchanged(
                call=self.instance,
                changes={f: cleaned[f] for f in CALL_RANKING_FIELDS if f in cleaned},
            )
        return cleaned


class SelectionCriterionAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        call = getattr(self.instance, "call", None)
        if call is not None and (self.has_changed() or not self.instance.pk):
            ensure_criterion_ranking_unchanged(
                call=call,
                criterion=self.instance,
                changes={f: cleaned[f] for f in CRITERION_RANKING_FIELDS if f in cleaned},
            )
        return cleaned


class DelegateQuotaInline(admin.TabularInline):
    model = DelegateQuota
    extra = 0


class CommitmentInline(TranslationStackedInline):
    model = Commitment
    fields = ["position", side_by_side("title"), side_by_side("description")]
    extra = 0


class ExampleThemeInline(TranslationTabularInline):
    model = ExampleTheme
    fields = ["position", *side_by_side("title"), *side_by_side("description")]
    extra = 0


class SelectionCriterionInline(TranslationStackedInline):
    """Once scoring opened, weights and scales are read-only and criteria can no longer be
    added or deleted (plgportal.calls.ranking_freeze)."""

    model = SelectionCriterion
    form = SelectionCriterionAdminForm
    fields = [
        "position",
        side_by_side("title"),
        side_by_side("description"),
        ("weight", "scale_min", "scale_max"),
        "answer_max_chars",
    ]
    extra = 0

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_ranking_frozen:
            fields += CRITERION_RANKING_FIELDS
        return fields

    def has_add_permission(self, request, obj=None):
        if obj is not None and obj.is_ranking_frozen:
            return False
        return super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_ranking_frozen:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    form = CallAdminForm
    list_display = ["title", "opens_at", "deadline", "results_date", "plgs_to_select"]
    search_fields = ["title_nl_be", "title_fr_be", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [
        DelegateQuotaInline,
        CommitmentInline,
        ExampleThemeInline,
        SelectionCriterionInline,
        ReminderRuleInline,
    ]
    actions = ["duplicate"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    side_by_side("title"),
                    "slug",
                    "reference_prefix",
                    side_by_side("summary"),
                ]
            },
        ),
        (_("Kalender"), {"fields": ["opens_at", "deadline", "results_date"]}),
        (
            _("Samenstelling"),
            {"fields": ["plgs_to_select", "min_schools", "max_schools", "eligible_levels"]},
        ),
        (
            _("Rangschikking"),
            {"fields": ["reserves_to_select", "ranking_frozen_at", "ranking_freeze_reason"]},
        ),
        (
            _("Bijeenkomsten"),
            {
                "fields": [
                    "school_year_label",
                    "school_year_start",
                    "school_year_end",
                    "evaluation_report_due",
                    "meeting_count",
                    "meeting_duration",
                    "joint_event_duration",
                    "kickoff_window_start",
                    "kickoff_window_end",
                    "closing_window_start",
                    "closing_window_end",
                ]
            },
        ),
        (
            _("Herinneringen"),
            {
                "fields": ["reminder_schedule"],
                "description": _(
                    "Zonder eigen regel geldt de standaard. Wijzig een herinnering onderaan, "
                    "bij de herinneringsregels: kies de soort, zet ze aan of uit en geef de dagen."
                ),
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "ranking_frozen_at"]
        fields.append("ranking_freeze_reason")
        fields.append("reminder_schedule")
        if obj is not None and obj.is_ranking_frozen:
            fields += CALL_RANKING_FIELDS
        return fields

    @admin.display(description=_("Waarom alleen-lezen"))
    def ranking_freeze_reason(self, obj):
        if obj is not None and obj.is_ranking_frozen:
            return frozen_message()
        return _("Gewichten, schalen en aantallen zijn nog te wijzigen tot de beoordeling start.")

    @admin.display(description=_("Herinneringen"))
    def reminder_schedule(self, obj):
        return reminder_summary(obj)

    @admin.action(description=_("Kopie maken (zelfde regels, nieuwe oproep)"))
    def duplicate(self, request, queryset):
        for call in queryset:
            copy = call_copy(
                source=call,
                slug=slugify(f"{call.slug}-kopie-{Call.objects.count() + 1}"),
                **copy_titles(call),
            )
            self.message_user(
                request,
                _("Oproep “%(title)s” aangemaakt: pas de data en de titel aan.")
                % {"title": copy.title},
                messages.SUCCESS,
            )
