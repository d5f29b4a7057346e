from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import Email
from plgportal.outbox.services import email_resend


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["to", "subject", "event_key"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Email._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    # The outbox is a record of what was sent: staff may look and resend, never edit or delete.
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Opnieuw versturen (mislukte en wachtende e-mails)"))
    def resend(self, request, queryset):
        emails = list(queryset.exclude(status=EmailStatus.SENT))
        for email in emails:
            email_resend(email=email)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail opnieuw in de wachtrij gezet.",
                "%(count)d e-mails opnieuw in de wachtrij gezet.",
                len(emails),
            )
            % {"count": len(emails)},
            messages.SUCCESS,
        )
