from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from plgportal.accounts.enums import Role
from plgportal.accounts.selectors import languages_by_email
from plgportal.outbox.services import email_queue
from plgportal.urls_absolute import on_site_url

# The links allauth puts in its mails, built from the request's host and port.
MAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")


@dataclass(frozen=True)
class PortalSite:
    """What allauth's mail templates call `current_site` ("... on {{ site_domain }}"): the
    portal as its mails name it, by SITE_URL, never the host and port a request came in on."""

    name: str
    domain: str


def user_display(user) -> str:
    return user.full_name or user.email


def page_language() -> str:
    """The language the visitor sees the portal in, as one of settings.LANGUAGES."""
    try:
        return translation.get_supported_language_variant(translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def mail_language(email: str, context: dict) -> str:
    """The recipient's mail language when the account is known, else the page's language
    (e.g. a password reset asked for an address without an account)."""
    user = context.get("user")
    if language := getattr(user, "language", None):
        return language
    return languages_by_email([email]).get(email.lower()) or page_language()


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Self-registration is for applicants only; other roles come by staff invitation.
        user.full_name = form.cleaned_data.get("full_name", "").strip()
        user.role = Role.APPLICANT
        # Mails follow the language the applicant registered in (changeable in the profile).
        user.language = page_language()
        return super().save_user(request, user, form, commit)

    def send_mail(self, template_prefix, email, context):
        """Confirmation and password-reset mails go through the outbox like every other mail,
        in the recipient's language, naming and linking the portal by SITE_URL."""
        links = {key: on_site_url(context[key]) for key in MAIL_LINKS if context.get(key)}
        with translation.override(mail_language(email, context)):
            message = self.render_mail(
                template_prefix,
                email,
                {
                    "request": allauth_context.request,
                    "email": email,
                    "current_site": PortalSite(name="PLG Portal", domain=settings.SITE_URL),
                    "site_url": settings.SITE_URL,
                    **context,
                    **links,
                },
            )
            html = next(
                (
                    body
                    for body, mimetype in getattr(message, "alternatives", [])
                    if mimetype == "text/html"
                ),
                None,
            ) or render_to_string("emails/account_message.html", {"body": message.body})
        email_queue(to=email, subject=message.subject, body_text=message.body, body_html=html)
