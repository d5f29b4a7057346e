from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from applications.eligibility import evaluate
from applications.enums import Section
from applications.rules import partner_invitation_of
from applications.selectors import dossiers_full, eligibility_facts
from plgportal.permissions import PermissionRequiredMixin


class DossierMixin(PermissionRequiredMixin):
    """A page about one dossier (URL kwarg `pk`): fetched with everything it shows, visible
    only to its members and staff; anyone else gets 404, as if it did not exist."""

    permission_required = "applications.view_dossier"
    section: Section | None = None

    @cached_property
    def dossier(self):
        return get_object_or_404(dossiers_full(), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.dossier

    @cached_property
    def report(self):
        return evaluate(eligibility_facts(self.dossier))

    @cached_property
    def can_edit(self) -> bool:
        """`applications.edit_dossier`: a member, on a draft, before the deadline."""
        return self.request.user.has_perm("applications.edit_dossier", self.dossier)

    @cached_property
    def can_confirm_final(self) -> bool:
        """A partner director (not the contact person) who may still edit confirms the text."""
        return self.can_edit and partner_invitation_of(self.request.user, self.dossier) is not None

    def ensure_can_edit(self):
        if not self.can_edit:
            raise PermissionDenied(_("U kunt dit dossier niet (meer) wijzigen."))

    def refresh(self):
        """Forget the dossier fetched before a save, so the page shows what is stored now."""
        for name in ("dossier", "report", "can_edit", "can_confirm_final"):
            self.__dict__.pop(name, None)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            dossier=self.dossier,
            report=self.report,
            section=self.section,
            sections=Section,
            can_edit=self.can_edit,
            **kwargs,
        )
