from django import forms
from django.contrib import admin, messages
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from plgportal.calls.enums import EducationLevel
from plgportal.calls.models import (
    Call,
    Commitment,
    DelegateQuota,
    ExampleTheme,
    SelectionCriterion,
)
from plgportal.calls.services import call_copy
from plgportal.reminders.admin import ReminderRuleInline


class CallAdminForm(forms.ModelForm):
    """The admin supplies model and fields; this only swaps the JSON list for checkboxes."""

    eligible_levels = forms.MultipleChoiceField(
        label=_("Toegelaten onderwijsniveaus"),
        choices=EducationLevel.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class DelegateQuotaInline(admin.TabularInline):
    model = DelegateQuota
    extra = 0


class CommitmentInline(admin.StackedInline):
    model = Commitment
    extra = 0


class ExampleThemeInline(admin.TabularInline):
    model = ExampleTheme
    extra = 0


class SelectionCriterionInline(admin.StackedInline):
    model = SelectionCriterion
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    form = CallAdminForm
    list_display = ["title", "opens_at", "deadline", "results_date", "plgs_to_select"]
    search_fields = ["title", "slug"]
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
        (None, {"fields": ["title", "slug", "reference_prefix", "summary"]}),
        (_("Kalender"), {"fields": ["opens_at", "deadline", "results_date"]}),
        (
            _("Samenstelling"),
            {"fields": ["plgs_to_select", "min_schools", "max_schools", "eligible_levels"]},
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
    ]

    @admin.action(description=_("Kopie maken (zelfde regels, nieuwe oproep)"))
    def duplicate(self, request, queryset):
        for call in queryset:
            title = _("Kopie van %(title)s") % {"title": call.title}
            copy = call_copy(
                source=call,
                title=title,
                slug=slugify(f"{call.slug}-kopie-{Call.objects.count() + 1}"),
            )
            self.message_user(
                request,
                _("Oproep “%(title)s” aangemaakt: pas de data en de titel aan.")
                % {"title": copy.title},
                messages.SUCCESS,
            )
