from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from plgportal.accounts.enums import NotificationKind
from plgportal.reminders.services import reminder_unsubscribe
from plgportal.reminders.unsubscribe import read_unsubscribe_token


class ReminderUnsubscribeView(TemplateView):
    """The link in a reminder: confirm, then that kind of reminder stops for that address.

    Switching off takes a POST: mail scanners open links in mails, and must not unsubscribe
    anyone. No sign-in needed; the signed token is the credential.
    """

    template_name = "reminders/unsubscribe.html"

    def dispatch(self, request, *args, **kwargs):
        found = read_unsubscribe_token(kwargs["token"])
        if found is None:
            return self.response_class(
                request=request, template="reminders/unsubscribe_invalid.html", status=400
            )
        self.email, self.kind = found
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            email=self.email, kind_label=NotificationKind(self.kind).label, **kwargs
        )

    def post(self, request, *args, **kwargs):
        reminder_unsubscribe(email=self.email, kind=self.kind)
        messages.success(
            request,
            _("U ontvangt deze herinnering niet meer op %(email)s.") % {"email": self.email},
        )
        return redirect(request.path)
