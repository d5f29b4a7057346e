from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from plgportal.accounts.enums import Role
from plgportal.outbox.services import email_queue


def user_display(user) -> str:
    return user.full_name or user.email


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Self-registration is for applicants only; other roles come by staff invitation.
        user.full_name = form.cleaned_data.get("full_name", "").strip()
        user.role = Role.APPLICANT
        return super().save_user(request, user, form, commit)

    def send_mail(self, template_prefix, email, context):
        """Confirmation and password-reset mails go through the outbox like every other mail."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                "site_url": settings.SITE_URL,
                **context,
            },
        )
        html = next(
            (
                body
                for body, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        email_queue(to=email, subject=message.subject, body_text=message.body, body_html=html)
