from django.contrib import admin

from plgportal.reminders.models import ReminderRule


class ReminderRuleInline(admin.TabularInline):
    """On the call's admin page: staff switch each reminder on or off and choose its days."""

    model = ReminderRule
    extra = 0
    fields = ["kind", "enabled", "days"]
