"""The outbox for foundation staff: every mail the portal sent or tried to send, one mail with
its headers, bodies and attachments, and resending a failed mail. Anyone else: 403, or the
login page."""

from io import BytesIO

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import DetailView, ListView

from plgportal.downloads import file_response
from plgportal.outbox.enums import EmailStatus
from plgportal.outbox.filters import FILTER_PARAMS, EmailFilter
from plgportal.outbox.models import Email, EmailAttachment
from plgportal.outbox.selectors import attachments_with_size, outbox_counts
from plgportal.outbox.services import email_resend
from plgportal.permissions import PermissionRequiredMixin

PAGE_SIZE = 50


class OutboxListView(PermissionRequiredMixin, ListView):
    permission_required = "outbox.view_outbox"
    template_name = "outbox/list.html"
    context_object_name = "emails"
    paginate_by = PAGE_SIZE

    @cached_property
    def filterset(self) -> EmailFilter:
        return EmailFilter(self.request.GET or None)

    def get_queryset(self):
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        counts = outbox_counts()
        return super().get_context_data(
            filter=self.filterset,
            counts=[(status, status.label, counts[status]) for status in EmailStatus],
            filtered=any(self.request.GET.get(key) for key in FILTER_PARAMS),
            **kwargs,
        )


class OutboxDetailView(PermissionRequiredMixin, DetailView):
    """One mail as it left (or will leave): headers, both bodies, attachments."""

    permission_required = "outbox.view_outbox"
    template_name = "outbox/detail.html"
    model = Email
    context_object_name = "email"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            from_email=settings.DEFAULT_FROM_EMAIL,
            attachments=attachments_with_size(self.object),
            **kwargs,
        )


# A mail's HTML as it left, for the outbox page's preview frame only: its styles are inline, as
# mail clients need, so it gets a policy of its own, which runs nothing and fetches nothing. The
# frame's sandbox attribute and the policy's sandbox directive both give it an opaque origin.
# Only the mail itself gets this policy (get, not dispatch): a refusal keeps the portal's.
MAIL_PREVIEW_POLICY = {
    "default-src": [NONE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["data:"],
    "form-action": [NONE],
    "base-uri": [NONE],
    "frame-ancestors": [SELF],
    "sandbox": [],
}


@method_decorator([xframe_options_sameorigin, csp(MAIL_PREVIEW_POLICY)], name="get")
class OutboxHtmlView(PermissionRequiredMixin, DetailView):
    """One mail's HTML body, framed by its outbox page."""

    permission_required = "outbox.view_outbox"
    model = Email

    def render_to_response(self, context):
        return HttpResponse(self.object.body_html, content_type="text/html; charset=utf-8")


class OutboxResendView(PermissionRequiredMixin, View):
    """Queue a failed (or stuck) mail again; a sent mail is never sent twice."""

    permission_required = "outbox.resend_outbox_email"
    http_method_names = ["post"]

    def post(self, request, pk):
        email = get_object_or_404(Email, pk=pk)
        if email.is_sent:
            messages.error(
                request, _("Deze e-mail is al verzonden: hij wordt niet opnieuw verstuurd.")
            )
        elif not email.is_resendable:
            messages.info(
                request,
                _(
                    "Deze e-mail staat nog maar net in de wachtrij en vertrekt binnen enkele "
                    "minuten."
                ),
            )
        else:
            with transaction.atomic():
                email_resend(email=email)
            messages.success(
                request,
                _("De e-mail aan %(to)s staat opnieuw in de wachtrij.") % {"to": email.to},
            )
        return redirect("outbox:detail", pk=email.pk)


class OutboxAttachmentView(PermissionRequiredMixin, View):
    """One attachment, downloaded exactly as it went with the mail."""

    permission_required = "outbox.view_outbox"

    def get(self, request, pk, attachment_pk):
        attachment = get_object_or_404(EmailAttachment, pk=attachment_pk, email_id=pk)
        return file_response(
            BytesIO(bytes(attachment.content)),
            filename=attachment.filename,
            content_type=attachment.mimetype,
        )
