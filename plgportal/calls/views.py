from django.views.generic import DetailView

from plgportal.accounts.rules import is_applicant
from plgportal.calls.selectors import calls_with_terms


class CallDetailView(DetailView):
    """The public page of a call: dates, who may apply, commitments and criteria; on an open
    call, the way to a dossier (register or sign in first, or start one as an applicant)."""

    template_name = "calls/detail.html"
    context_object_name = "call"

    def get_queryset(self):
        return calls_with_terms()

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_start_dossier=is_applicant(self.request.user), **kwargs)
