"""`{% fix_url dossier target %}`: where the applicant fixes a checklist problem, as an address
with the field's anchor, e.g. "/dossiers/7/afgevaardigden/#id_school-12-2-full_name".

`applications.eligibility.Target` says which section, field and row; the anchors are the ids the
section forms give their fields (applications.forms, applications.composition.forms,
applications.letters.forms). tests/applications/test_dossier_links.py checks that every kind of
target lands on a field of its page.
"""

from django import template
from django.urls import reverse

from applications.enums import Section
from applications.services import answer_key, commitment_key

register = template.Library()

# A list of checkboxes has no input of its own: it is reached through its first box.
_CHECKBOX_LISTS = {"levels"}


def target_anchor(target) -> str:
    """The id of the field a target names; "" for a section as a whole."""
    if not target.field:
        return ""
    field = f"{target.field}_0" if target.field in _CHECKBOX_LISTS else target.field
    match target.section:
        case Section.SCHOOLS:
            return f"id_schools-{target.row}-{field}"
        case Section.DELEGATES:
            return f"id_school-{target.school}-{target.row}-{field}"
        case Section.LETTERS:
            return f"id_letter{target.school}_{field}"
        case Section.PLANNING:
            return f"id_meetings-{target.row}-{field}"
        case Section.COMMITMENTS:
            return f"id_{commitment_key(target.item)}"
        case Section.MOTIVATION if target.item is not None:
            return f"id_{answer_key(target.item)}"
    return f"id_{field}"


def target_url(dossier_pk: int, target) -> str:
    url = reverse(f"applications:dossier_section_{target.section}", kwargs={"pk": dossier_pk})
    anchor = target_anchor(target)
    return f"{url}#{anchor}" if anchor else url


@register.simple_tag
def fix_url(dossier, target) -> str:
    """The address that fixes `target` in `dossier`; "" when there is no target (a problem
    that is not fixed in one place)."""
    return target_url(dossier.pk, target) if target else ""
