"""`{% jury_result dossier as result %}`: the published decision and feedback of a dossier, or
None before publication (see jury.publication.services.dossier_result)."""

from django import template

from jury.publication.services import dossier_result

register = template.Library()


@register.simple_tag
def jury_result(dossier):
    return dossier_result(dossier)
