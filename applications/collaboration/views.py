from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from applications.collaboration.forms import CollaboratorInviteForm
from applications.collaboration.services import (
    collaborator_confirm_final,
    collaborator_invite,
    collaborator_remove,
)
from applications.mixins import DossierMixin
from plgportal.service_forms import ServiceFormMixin


class CollaboratorsView(ServiceFormMixin, DossierMixin, FormView):
    """Who works on the dossier; the contact person invites partner directors here."""

    template_name = "applications/collaboration/collaborators.html"
    form_class = CollaboratorInviteForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "dossier": self.dossier}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_invite=self.request.user.has_perm(
                "applications.manage_collaborators", self.dossier
            ),
            can_confirm_final=self.can_confirm_final,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("applications.manage_collaborators", self.dossier):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def call_service(self, form):
        collaborator = collaborator_invite(
            dossier=self.dossier,
            email=form.cleaned_data["email"],
            school=form.cleaned_data["school"],
            invited_by=self.request.user,
        )
        # The address as stored and mailed (trimmed, lower case), not as typed.
        return _("Uitnodiging verstuurd naar %(email)s.") % {"email": collaborator.email}

    def get_success_url(self):
        return reverse("applications:dossier_collaborators", args=[self.dossier.pk])


class CollaboratorRemoveView(DossierMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, collaborator_pk):
        if not request.user.has_perm("applications.manage_collaborators", self.dossier):
            raise PermissionDenied
        collaborator = get_object_or_404(self.dossier.collaborators, pk=collaborator_pk)
        try:
            collaborator_remove(collaborator=collaborator)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(email)s werkt niet meer mee.") % {"email": collaborator.email}
            )
        return redirect("applications:dossier_collaborators", pk=pk)


class ConfirmFinalTextView(DossierMixin, View):
    """A partner director confirms the dossier's text before the contact person submits."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not request.user.has_perm("applications.work_on_draft", self.dossier):
            raise PermissionDenied
        try:
            collaborator_confirm_final(dossier=self.dossier, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("U hebt de eindtekst van het dossier bevestigd."))
        return redirect("applications:dossier_collaborators", pk=pk)
