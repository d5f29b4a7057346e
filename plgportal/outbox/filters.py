"""Filtering the outbox for staff: by status, by recipient or subject, by period."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plgportal.layout import filter_form_helper
from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.models import Email

# The query parameters the filters read, so the list can tell whether it is filtered.
FILTER_PARAMS = ("status", "zoek", "van", "tot")


class EmailFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=EmailStatus.choices, empty_label=_("Alle statussen")
    )
    zoek = django_filters.CharFilter(label=_("Ontvanger of onderwerp"), method="filter_text")
    van = django_filters.DateFilter(
        label=_("Aangemaakt vanaf"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    tot = django_filters.DateFilter(
        label=_("Aangemaakt tot en met"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Email
        fields = list(FILTER_PARAMS)

    def __init__(self, data=None, **kwargs):
        # The list never shows the bodies: leave them in the database.
        queryset = Email.objects.defer("body_text", "body_html").order_by("-created_at", "-pk")
        super().__init__(data, queryset=queryset, **kwargs)
        self.form.helper = filter_form_helper(FILTER_PARAMS)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(to__icontains=value) | Q(subject__icontains=value))
