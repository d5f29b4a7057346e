"""Letters of intent: the dossier section, upload, download, staff check and reminder."""

from dataclasses import dataclass
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from applications.enums import Section
from applications.letters.forms import LetterUploadForm
from applications.letters.services import (
    download_name,
    letter_mark_checked,
    letter_send_reminder,
    letter_upload,
)
from applications.mixins import DossierMixin
from applications.models import LetterOfIntent, School
from plgportal.downloads import file_response
from plgportal.service_forms import ServiceFormMixin


@dataclass(frozen=True)
class LetterRow:
    school: School
    letter: LetterOfIntent | None
    form: LetterUploadForm


class LetterSectionView(DossierMixin, TemplateView):
    """Section 4: each school's letter status, with an upload form per school for members
    who may edit, a reminder button for the contact person and a check button for staff."""

    template_name = "applications/letters/section.html"
    partial_template_name = "applications/letters/_school_letter.html"
    section = Section.LETTERS
    # A refused upload, shown again with its errors and what was typed: {school pk: form}.
    bound_forms: dict[int, LetterUploadForm] = {}

    def letter_rows(self) -> list[LetterRow]:
        rows = []
        for school in self.dossier.schools.all():
            letter = school.letter_or_none
            form = self.bound_forms.get(school.pk) or self.blank_form(school, letter)
            rows.append(LetterRow(school, letter, form))
        return rows

    @staticmethod
    def blank_form(school, letter):
        # A replacement is usually signed by the same person: offer what is on record.
        initial = (
            {"signer_name": letter.signer_name, "signer_function": letter.signer_function}
            if letter
            else {}
        )
        return LetterUploadForm(school=school, replacing=letter is not None, initial=initial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            rows=self.letter_rows(),
            can_remind=context["can_edit"]
            and user.has_perm("applications.manage_collaborators", self.dossier),
            can_check=user.has_perm("applications.decide_admissibility", self.dossier),
        )
        return context


class LetterSchoolMixin:
    """For views about one school of the dossier (URL kwarg `school_pk`)."""

    @cached_property
    def school(self) -> School:
        for school in self.dossier.schools.all():
            if school.pk == self.kwargs["school_pk"]:
                return school
        raise Http404

    def require(self, permission: str) -> None:
        """The user may see the dossier (else 404 already); without `permission`, 403."""
        if not self.request.user.has_perm(permission, self.dossier):
            raise PermissionDenied

    def back_to_section(self):
        return redirect("applications:dossier_section_letters", pk=self.dossier.pk)


class LetterUploadView(ServiceFormMixin, LetterSchoolMixin, LetterSectionView):
    """Upload or replace one school's letter. htmx requests get that school's card back."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.require("applications.work_on_draft")
        return super().post(request, *args, **kwargs)

    def posted_form(self):
        school = self.school
        replacing = school.letter_or_none is not None
        return LetterUploadForm(
            self.request.POST, self.request.FILES, school=school, replacing=replacing
        )

    def call_service(self, form):
        return letter_upload(
            school=self.school,
            user=self.request.user,
            uploaded_file=form.cleaned_data["file"],
            signer_name=form.cleaned_data["signer_name"],
            signer_function=form.cleaned_data["signer_function"],
        )

    def form_invalid(self, form):
        school = self.school
        self.bound_forms = {school.pk: form}
        if self.request.htmx:
            return self.render_card(school, school.letter_or_none, form)
        return self.render_to_response(self.get_context_data())

    def service_succeeded(self, form, letter):
        return self.uploaded(self.school, letter)

    def uploaded(self, school, letter):
        school.letter = letter
        if self.request.htmx:
            response = self.render_card(school, letter, self.blank_form(school, letter), True)
            response["HX-Trigger"] = "dossier-changed"
            return response
        messages.success(
            self.request,
            _("De letter of intent van %(school)s is opgeladen.") % {"school": school.name},
        )
        return self.back_to_section()

    def render_card(self, school, letter, form, just_uploaded=False):
        context = self.get_context_data()
        context.update(row=LetterRow(school, letter, form), just_uploaded=just_uploaded)
        return render(self.request, self.partial_template_name, context)


class LetterDownloadView(LetterSchoolMixin, DossierMixin, View):
    """The only way to a letter's file: for people who may see the dossier, as an attachment."""

    permission_required = "applications.download_letter"

    def get(self, request, *args, **kwargs):
        letter = self.school.letter_or_none
        if letter is None:
            raise Http404
        try:
            handle = letter.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        return file_response(handle, filename=download_name(letter), content_type="application/pdf")


class LetterCheckView(LetterSchoolMixin, DossierMixin, View):
    """Staff mark a letter as checked, or withdraw that check."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.require("applications.decide_admissibility")
        letter = self.school.letter_or_none
        if letter is None:
            raise Http404
        checked = letter.checked_at is None
        with transaction.atomic():
            letter_mark_checked(letter=letter, by=request.user, checked=checked)
        if checked:
            message = _("De letter of intent van %(school)s is nagekeken.")
        else:
            message = _("De letter of intent van %(school)s staat weer als niet nagekeken.")
        messages.success(request, message % {"school": self.school.name})
        return self.back_to_section()


class LetterReminderView(LetterSchoolMixin, DossierMixin, View):
    """The contact person reminds a partner school to upload its letter."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.require("applications.manage_collaborators")
        try:
            with transaction.atomic():
                sent = letter_send_reminder(school=self.school, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "Herinnering verstuurd naar %(count)d persoon van %(school)s.",
                    "Herinnering verstuurd naar %(count)d personen van %(school)s.",
                    sent,
                )
                % {"count": sent, "school": self.school.name},
            )
        return self.back_to_section()
