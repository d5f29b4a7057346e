from functools import cached_property

from django.shortcuts import get_object_or_404

from applications.eligibility import evaluate
from applications.enums import Section
from applications.selectors import dossiers_full, eligibility_facts
from plgportal.permissions import PermissionRequiredMixin


class DossierMixin(PermissionRequiredMixin):
    """A page about one dossier (URL kwarg `pk`): fetched with everything it shows, visible
    only to its members and staff; anyone else gets 404, as if it did not exist."""

    permission_required = "applications.view_dossier"
    hide_forbidden_object = True
    section: Section | None = None

    @cached_property
    def dossier(self):
        return get_object_or_404(dossiers_full(), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.dossier

    @cached_property
    def report(self):
        return evaluate(eligibility_facts(self.dossier))

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            dossier=self.dossier,
            report=self.report,
            section=self.section,
            sections=Section,
            can_edit=user.has_perm("applications.edit_dossier", self.dossier)
            and self.dossier.call.is_open,
            **kwargs,
        )
