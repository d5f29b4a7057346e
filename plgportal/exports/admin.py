from django.contrib import admin

from plgportal.exports.models import Export


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    """A read-only record: exports are started and retried in the portal, files expire."""

    list_display = ["created_at", "title", "kind", "status", "requested_by", "expires_at"]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["title", "requested_by__email"]
    date_hierarchy = "created_at"
    list_select_related = ["requested_by"]
    readonly_fields = [field.name for field in Export._meta.fields]

    # Foundation staff may look (their group's model permissions cover the portal's older apps).
    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
