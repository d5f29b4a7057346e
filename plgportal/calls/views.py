from django.views.generic import DetailView

from plgportal.calls.selectors import calls_with_rules


class CallDetailView(DetailView):
    """The public page of a call: dates, who may apply, commitments and criteria."""

    template_name = "calls/detail.html"
    context_object_name = "call"

    def get_queryset(self):
        return calls_with_rules()
