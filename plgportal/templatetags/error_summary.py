"""`{% error_summary form [formset ...] %}`: the summary of a refused form's errors, linked to
their fields (plgportal.error_summary); nothing when there are none."""

from django import template

from plgportal.error_summary import summary_links

register = template.Library()


@register.inclusion_tag("partials/error_summary.html")
def error_summary(*forms):
    return {"errors": summary_links(*forms)}
