"""The applicant's dossier: start it, fill in its sections as drafts, review and submit it.

Every page also works without JavaScript (POST, then redirect). With htmx, saving views answer
with the section's form fragment and the `HX-Trigger: dossier-changed` header, which makes the
eligibility checklist refresh itself.
"""

from abc import ABCMeta, abstractmethod

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from applications.enums import DossierStatus, Section
from applications.forms import CommitmentsSectionForm, MotivationSectionForm, PlgSectionForm
from applications.mixins import DossierMixin
from applications.rules import is_dossier_member
from applications.selectors import eligibility_facts
from applications.services import (
    PlgSection,
    SectionConflict,
    dossier_create,
    dossier_save_commitments,
    dossier_save_motivation,
    dossier_save_plg,
    dossier_submit,
)
from plgportal.accounts.rules import is_applicant
from plgportal.calls.models import Call
from plgportal.permissions import PermissionRequiredMixin
from plgportal.text import is_blank

DOSSIER_CHANGED = {"HX-Trigger": "dossier-changed"}
CONFLICT_MESSAGE = _(
    "Iemand anders heeft dit onderdeel intussen bewaard. Uw wijzigingen zijn nog niet bewaard: "
    "vergelijk hieronder beide versies en bewaar opnieuw om uw versie te behouden."
)


class DossierStartView(PermissionRequiredMixin, View):
    """An applicant starts a new dossier (one per PLG) on an open call."""

    http_method_names = ["post"]

    def has_permission(self):
        return is_applicant(self.request.user)

    def post(self, request, slug):
        call = get_object_or_404(Call, slug=slug)
        try:
            dossier = dossier_create(call=call, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("home")
        messages.success(
            request,
            _("Uw dossier is aangemaakt. U kunt het in stappen invullen en tussendoor bewaren."),
        )
        return redirect("dossier_detail", pk=dossier.pk)


def section_summaries(dossier) -> dict[str, str]:
    """A short status per section ("3 scholen", "2 van 4 teksten"), from prefetched data."""
    facts = eligibility_facts(dossier)
    rules = facts.rules
    schools = len(facts.schools)
    texts = sum(1 for pk in rules.criteria if not is_blank(facts.answers.get(pk)))
    return {
        Section.PLG: dossier.working_title or _("Nog geen werktitel"),
        Section.SCHOOLS: ngettext("%(count)d school", "%(count)d scholen", schools)
        % {"count": schools},
        Section.DELEGATES: _("%(count)d afgevaardigden")
        % {"count": sum(school.delegate_count for school in facts.schools)},
        Section.LETTERS: _("%(done)d van %(total)d letters")
        % {"done": sum(school.has_letter for school in facts.schools), "total": schools},
        Section.MOTIVATION: _("%(done)d van %(total)d teksten")
        % {"done": texts, "total": len(rules.criteria)},
        Section.PLANNING: _("%(done)d van %(total)d bijeenkomsten gepland")
        % {
            "done": sum(1 for day in facts.meeting_dates if day is not None),
            "total": rules.meeting_count,
        },
        Section.COMMITMENTS: _("%(done)d van %(total)d bevestigd")
        % {
            "done": len(facts.confirmed_commitments & set(rules.commitments)),
            "total": len(rules.commitments),
        },
    }


class DossierDetailView(DossierMixin, TemplateView):
    """Overview: every section with its status and link, the collaborators, the checklist."""

    template_name = "applications/dossier_detail.html"

    def get_context_data(self, **kwargs):
        summaries = section_summaries(self.dossier)
        return super().get_context_data(
            section_rows=[(value, label, summaries[value]) for value, label in Section.choices],
            **kwargs,
        )


class DossierChecklistView(DossierMixin, TemplateView):
    """The checklist alone, for its htmx refresh."""

    template_name = "applications/_checklist.html"


class SectionView(DossierMixin, TemplateView, metaclass=ABCMeta):
    """GET shows a section's form; POST saves it through its service with the version the form
    was opened on. A conflict keeps the user's input and shows the stored version beside it."""

    form_class = None
    template_name = "applications/section_page.html"
    fragment_template = "applications/_section_form.html"
    redirect_after_save = True  # without htmx: POST, redirect, GET

    def get_form(self, data=None, **kwargs):
        return self.form_class(
            data,
            dossier=self.dossier,
            section=self.section,
            readonly=not self.can_edit,
            action=self.request.path,
            hx_attrs={} if not self.can_edit else self.get_hx_attrs(),
            **self.get_form_kwargs(),
            **kwargs,
        )

    def get_form_kwargs(self) -> dict:
        return {}

    def get_hx_attrs(self) -> dict:
        """With htmx the form saves in place and answers its own fragment."""
        return {"hx-post": self.request.path, "hx-target": "#section-form", "hx-swap": "outerHTML"}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(**kwargs)

    @abstractmethod
    def save(self, form) -> int:
        """Call the section's service; returns the new section version. Each section defines
        it."""
        ...

    def render_form(self, status=200, headers=None, **context):
        template = self.fragment_template if self.request.htmx else self.template_name
        return TemplateResponse(
            self.request,
            template,
            self.get_context_data(**context),
            status=status,
            headers=headers,
        )

    def post(self, request, *args, **kwargs):
        self.ensure_can_edit()
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_form(form=form)
        try:
            self.save(form)
        except SectionConflict as conflict:
            return self.conflict(form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form=form)
        if request.htmx or not self.redirect_after_save:
            self.refresh()
            return self.render_form(saved_at=timezone.now(), headers=DOSSIER_CHANGED)
        messages.success(request, _("Bewaard."))
        return redirect(request.path)

    def conflict(self, form, conflict):
        """Show the stored version and keep the user's typed values; the form now carries the
        current version, so saving again is a deliberate choice to keep the user's version."""
        self.refresh()
        data = form.data.copy()
        data["version"] = str(conflict.current_version)
        return self.render_form(
            form=self.get_form(data),
            conflict_message=CONFLICT_MESSAGE,
            stored_values=self.get_form().display_values(),
        )


def add_service_errors(form, error: ValidationError) -> None:
    """A service's ValidationError next to its field, or above the form."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


class PlgSectionView(SectionView):
    section = Section.PLG
    form_class = PlgSectionForm

    def save(self, form):
        data = form.cleaned_data
        return dossier_save_plg(
            dossier=self.dossier,
            version=data["version"],
            data=PlgSection(
                working_title=data["working_title"],
                contact_function=data["contact_function"],
                contact_phone=data["contact_phone"],
                lead_school_id=data["lead_school"],
            ),
        )


class MotivationSectionView(SectionView):
    section = Section.MOTIVATION
    form_class = MotivationSectionForm
    template_name = "applications/section_motivation.html"

    def get_hx_attrs(self):
        # The explicit save is a plain POST; typing saves in the background after 3 idle seconds.
        return {
            "hx-post": reverse("dossier_motivation_autosave", kwargs={"pk": self.dossier.pk}),
            "hx-trigger": "keyup changed delay:3s",
            "hx-target": "#autosave-status",
            "hx-swap": "innerHTML",
        }

    def save(self, form):
        return dossier_save_motivation(
            dossier=self.dossier,
            version=form.cleaned_data["version"],
            theme_id=form.cleaned_data["theme"],
            own_theme=form.cleaned_data["own_theme"],
            answers=form.answers(),
        )


class MotivationAutosaveView(MotivationSectionView):
    """Background save of the motivation while the user types (htmx): answers a small status
    fragment and, out of band, the new section version for the next save."""

    http_method_names = ["post"]
    fragment_template = "applications/_autosave_status.html"
    template_name = fragment_template
    redirect_after_save = False

    def render_form(self, status=200, headers=None, **context):
        form = context.get("form")
        if context.get("conflict_message"):
            context["problem"] = _(
                "Iemand anders heeft dit onderdeel intussen bewaard; uw tekst is niet "
                "automatisch bewaard. Klik op “Bewaren” om beide versies te vergelijken."
            )
        elif form is not None and form.errors:
            context["problem"] = _("Niet automatisch bewaard: %(errors)s") % {
                "errors": " ".join(
                    str(message) for messages_ in form.errors.values() for message in messages_
                )
            }
        if "saved_at" in context:
            context["version"] = self.dossier.section_version(self.section)
        return TemplateResponse(
            self.request, self.fragment_template, context, status=status, headers=headers
        )

    def conflict(self, form, conflict):
        return self.render_form(form=form, conflict_message=CONFLICT_MESSAGE)


class CommitmentsSectionView(SectionView):
    section = Section.COMMITMENTS
    form_class = CommitmentsSectionForm

    def get_form_kwargs(self):
        return {"confirmations": self.dossier.confirmations.select_related("confirmed_by")}

    def save(self, form):
        return dossier_save_commitments(
            dossier=self.dossier,
            version=form.cleaned_data["version"],
            user=self.request.user,
            confirmed_ids=form.confirmed_ids(),
        )


class DossierReviewView(DossierMixin, TemplateView):
    """The whole dossier on one page with the checklist; members submit it from here."""

    template_name = "applications/dossier_review.html"
    section = "review"

    def get_context_data(self, **kwargs):
        dossier = self.dossier
        schools = list(dossier.schools.all())
        by_id = {school.pk: school for school in schools}
        answers = {answer.criterion_id: answer.text for answer in dossier.answers.all()}
        confirmed = {c.commitment_id for c in dossier.confirmations.all()}
        return super().get_context_data(
            schools=schools,
            meetings=[
                (meeting, by_id.get(meeting.host_school_id)) for meeting in dossier.meetings.all()
            ],
            answers=[
                (criterion, answers.get(criterion.pk, ""))
                for criterion in dossier.call.criteria.all()
            ],
            commitments=[(c, c.pk in confirmed) for c in dossier.call.commitments.all()],
            can_submit=self.can_edit and self.report.is_eligible,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not is_dossier_member(request.user, self.dossier):
            raise PermissionDenied
        if self.dossier.status != DossierStatus.DRAFT:
            messages.info(
                request,
                _("Dit dossier is al ingediend (dossiernummer %(reference)s).")
                % {"reference": self.dossier.reference},
            )
            return redirect("dossier_detail", pk=self.dossier.pk)
        try:
            dossier = dossier_submit(dossier=self.dossier, user=request.user)
        except ValidationError as error:
            messages.error(request, _("Het dossier is niet ingediend."))
            for message in error.messages:
                messages.error(request, message)
            return redirect("dossier_review", pk=self.dossier.pk)
        messages.success(
            request,
            _("Uw dossier is ingediend. Uw dossiernummer is %(reference)s.")
            % {"reference": dossier.reference},
        )
        return redirect(reverse("dossier_detail", kwargs={"pk": dossier.pk}))
