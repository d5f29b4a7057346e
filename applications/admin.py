from django.contrib import admin

from applications.models import Delegate, Dossier, DossierStatusChange, PlannedMeeting, School


class SchoolInline(admin.StackedInline):
    model = School
    extra = 0


class PlannedMeetingInline(admin.TabularInline):
    model = PlannedMeeting
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = DossierStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["old_status", "new_status", "changed_by", "changed_at", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ["__str__", "call", "status", "created_by", "submitted_at"]
    list_filter = ["call", "status"]
    search_fields = ["reference", "working_title", "schools__name", "created_by__email"]
    # Status moves only through the portal's decision pages, which record who and why.
    readonly_fields = ["reference", "status", "submitted_at", "section_versions"]
    inlines = [SchoolInline, PlannedMeetingInline, StatusChangeInline]


@admin.register(Delegate)
class DelegateAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "function", "school"]
    search_fields = ["full_name", "email", "school__name"]
    list_filter = ["function"]
