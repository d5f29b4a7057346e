from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, UpdateView

from plgportal.accounts.enums import INVITED_ROLES, Role
from plgportal.accounts.forms import InvitationAcceptForm, InvitationForm, ProfileForm
from plgportal.accounts.mfa import has_second_factor
from plgportal.accounts.models import User
from plgportal.accounts.rules import must_use_two_factor
from plgportal.accounts.selectors import team_members
from plgportal.accounts.services import (
    invitation_accept,
    invitation_send,
    user_invite,
    user_set_notification_preferences,
)
from plgportal.accounts.tokens import invitation_token_generator
from plgportal.permissions import PermissionRequiredMixin
from plgportal.service_forms import ServiceFormMixin


class TeamView(ServiceFormMixin, PermissionRequiredMixin, FormView):
    """Staff see jurors, coaches and colleagues, and invite new ones."""

    permission_required = "accounts.manage_team"
    template_name = "accounts/team.html"
    form_class = InvitationForm
    success_url = reverse_lazy("accounts:team")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = team_members()
        return context

    def call_service(self, form):
        user = user_invite(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            role=Role(form.cleaned_data["role"]),
            invited_by=self.request.user,
        )
        return _("Uitnodiging verstuurd naar %(email)s.") % {"email": user.email}


class InvitationResendView(PermissionRequiredMixin, View):
    permission_required = "accounts.manage_team"
    http_method_names = ["post"]

    def post(self, request, pk):
        user = get_object_or_404(User, pk=pk, role__in=INVITED_ROLES)
        if not user.invitation_pending:
            messages.info(
                request,
                _("%(name)s heeft de uitnodiging al aanvaard.") % {"name": user.get_full_name()},
            )
            return redirect("accounts:team")
        invitation_send(user=user, invited_by=request.user)
        messages.success(
            request, _("Uitnodiging opnieuw verstuurd naar %(email)s.") % {"email": user.email}
        )
        return redirect("accounts:team")


class InvitationAcceptView(FormView):
    """The link from the invitation email: the invitee chooses a password and is signed in."""

    template_name = "accounts/invitation_accept.html"
    form_class = InvitationAcceptForm

    def dispatch(self, request, *args, **kwargs):
        self.invitee = self._invitee(kwargs["uidb64"], kwargs["token"])
        if self.invitee is None:
            return self.response_class(
                request=request, template="accounts/invitation_invalid.html", status=400
            )
        if request.user.is_authenticated:
            # Accepting would silently switch this browser to another account.
            return self.response_class(
                request=request,
                template="accounts/invitation_signed_in.html",
                context={"invitee": self.invitee},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def _invitee(uidb64, token):
        try:
            user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
        except (ValueError, TypeError, OverflowError, User.DoesNotExist):
            return None
        if user.has_usable_password() or not user.is_active:
            return None
        return user if invitation_token_generator.check_token(user, token) else None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.invitee}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "invitee": self.invitee}

    def form_valid(self, form):
        with transaction.atomic():
            user = invitation_accept(user=self.invitee, password=form.cleaned_data["new_password1"])
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            self.request,
            _("Welkom, %(name)s. Uw account is klaar.") % {"name": user.get_short_name()},
        )
        return redirect("home")


class ProfileView(LoginRequiredMixin, UpdateView):
    """The signed-in user's own name, mail language and reminders: never anyone else's."""

    template_name = "accounts/profile.html"
    form_class = ProfileForm
    success_url = reverse_lazy("accounts:profile")

    def get_object(self, queryset=None):
        return self.request.user

    def get_form_kwargs(self):
        opted_out = set(self.request.user.notification_opt_outs.values_list("kind", flat=True))
        return {**super().get_form_kwargs(), "opted_out": opted_out}

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            two_factor_on=has_second_factor(user),
            two_factor_required=must_use_two_factor(user),
            **kwargs,
        )

    def form_valid(self, form):
        with transaction.atomic():
            user = form.save()
            user_set_notification_preferences(
                user=user,
                language=form.cleaned_data["language"],
                enabled_kinds=form.enabled_kinds(),
            )
        messages.success(self.request, _("Uw gegevens zijn bewaard."))
        return redirect(self.success_url)
