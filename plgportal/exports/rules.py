"""Who may start, follow and download exports."""

import rules

from plgportal.accounts.rules import is_foundation_staff


@rules.predicate
def is_export_requester(user, export):
    return export is not None and user.is_authenticated and export.requested_by_id == user.pk


rules.add_perm("exports.start_export", is_foundation_staff)
# Staff see every export in the list; anyone else their own (`exports_for_user`).
rules.add_perm("exports.view_all_exports", is_foundation_staff)
# Object: an Export. Its files hold whole dossiers: anyone else gets 404.
rules.add_perm("exports.view_export", is_foundation_staff | is_export_requester)
rules.add_perm("exports.retry_export", is_foundation_staff | is_export_requester)
