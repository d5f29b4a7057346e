"""The applicant's dossier: start it, fill in its sections as drafts, review and submit it.

Every page also works without JavaScript (POST, then redirect). With htmx, saving views answer
with the section's form fragment and the `HX-Trigger: dossier-changed` header, which makes the
eligibility checklist refresh itself.
"""

from abc import ABCMeta, abstractmethod
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from applications.enums import Section
from applications.forms import (
    CommitmentsSectionForm,
    MotivationSectionForm,
    PlgSectionForm,
    form_value,
    sign_base,
)
from applications.merge import rebase
from applications.mixins import DossierMixin
from applications.selectors import dossiers_for_call_of_user, eligibility_facts
from applications.services import (
    PlgSection,
    SectionSave,
    dossier_create,
    dossier_ensure_call_open,
    dossier_save_commitments,
    dossier_save_motivation,
    dossier_save_plg,
    dossier_submit,
)
from plgportal.calls.models import Call
from plgportal.permissions import PermissionRequiredMixin
from plgportal.service_forms import ServiceFormMixin, show_refusal
from plgportal.text import is_blank

DOSSIER_CHANGED = {"HX-Trigger": "dossier-changed"}


class DossierStartView(PermissionRequiredMixin, TemplateView):
    """An applicant starts a new dossier (one per PLG) on an open call, with a button (POST) or
    from this view's page (GET: where the call's page sends a visitor after registering or
    signing in). Whoever already works on a dossier for the call, as contact person or invited
    partner, is shown those dossiers first and starts another one only on confirmation."""

    permission_required = "applications.start_dossier"
    template_name = "applications/dossier_start.html"

    @cached_property
    def call(self):
        return get_object_or_404(Call, slug=self.kwargs["slug"])

    @cached_property
    def existing(self) -> list:
        return list(dossiers_for_call_of_user(user=self.request.user, call=self.call))

    def refuse(self, error: ValidationError):
        show_refusal(self.request, error)
        return redirect("home")

    def get(self, request, *args, **kwargs):
        try:
            dossier_ensure_call_open(self.call)
        except ValidationError as error:
            return self.refuse(error)
        return self.render_to_response(
            self.get_context_data(call=self.call, existing=self.existing)
        )

    def post(self, request, *args, **kwargs):
        if self.existing and not request.POST.get("confirmed"):
            return redirect("applications:dossier_start", slug=self.call.slug)
        try:
            dossier = dossier_create(call=self.call, user=request.user)
        except ValidationError as error:
            return self.refuse(error)
        messages.success(
            request,
            _("Uw dossier is aangemaakt. U kunt het in stappen invullen en tussendoor bewaren."),
        )
        return redirect("applications:dossier_detail", pk=dossier.pk)


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
            can_confirm_final=self.can_confirm_final,
            # Inviting partners: the contact person, while the dossier can still change.
            can_invite=self.can_edit
            and self.request.user.has_perm("applications.manage_collaborators", self.dossier),
            **kwargs,
        )


class DossierChecklistView(DossierMixin, TemplateView):
    """The checklist alone, for its htmx refresh."""

    template_name = "applications/_checklist.html"


class SectionView(ServiceFormMixin, DossierMixin, TemplateView, metaclass=ABCMeta):
    """GET shows a section's form; POST saves it through its service, merged field by field
    with what co-editors saved since the form was opened (its signed base). Changes that do not
    collide are saved at once; a field both editors changed stays as stored and the page shows
    both versions beside it, with the user's own in the field, until the user chooses."""

    form_class = None
    template_name = "applications/section_page.html"
    fragment_template = "applications/_section_form.html"

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
    def save(self, form) -> SectionSave:
        """Call the section's service with the form's values and base. Each section defines
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
        return super().post(request, *args, **kwargs)

    def posted_form(self):
        return self.get_form(self.request.POST)

    def call_service(self, form) -> SectionSave:
        return self.save(form)

    def form_invalid(self, form):
        return self.render_form(form=form)

    def service_succeeded(self, form, saved: SectionSave):
        self.refresh()
        if saved.conflicts:
            return self.conflict(form, saved)
        return self.saved(form, saved)

    def saved(self, form, saved: SectionSave):
        kept = kept_note(form, saved)
        if self.request.htmx:
            return self.render_form(
                saved_at=timezone.now(), kept_note=kept, headers=DOSSIER_CHANGED
            )
        messages.success(self.request, _("Bewaard."))
        if kept:
            messages.info(self.request, kept)
        return redirect(self.request.path)

    def conflict(self, form, saved: SectionSave):
        """The section as stored now (what did not collide is saved), except each field both
        editors changed: the user's version in the field, the other beside it, and a choice.
        The form's base is what is stored, so saving again keeps what the user chose."""
        initial = {name: form_value(conflict.mine) for name, conflict in saved.conflicts.items()}
        return self.render_form(
            form=self.get_form(initial=initial, conflicts=saved.conflicts),
            headers=DOSSIER_CHANGED,
        )


def kept_note(form, saved: SectionSave) -> str:
    """Names the fields someone else changed meanwhile whose version was kept, if any."""
    labels = [str(form.fields[name].label) for name in form.fields if name in saved.theirs_changed]
    if not labels:
        return ""
    return _("Wat iemand anders intussen wijzigde, is behouden: %(fields)s.") % {
        "fields": ", ".join(labels)
    }


class PlgSectionView(SectionView):
    section = Section.PLG
    form_class = PlgSectionForm

    def get_form_kwargs(self):
        return {"viewer_is_contact": self.dossier.created_by_id == self.request.user.pk}

    def save(self, form):
        data = form.cleaned_data
        return dossier_save_plg(
            dossier=self.dossier,
            version=data["version"],
            base=form.base_values(),
            by=self.request.user,
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
            "hx-post": reverse(
                "applications:dossier_motivation_autosave", kwargs={"pk": self.dossier.pk}
            ),
            "hx-trigger": "keyup changed delay:3s",
            "hx-target": "#autosave-status",
            "hx-swap": "innerHTML",
        }

    def save(self, form):
        return dossier_save_motivation(
            dossier=self.dossier,
            version=form.cleaned_data["version"],
            base=form.base_values(),
            by=self.request.user,
            theme_id=form.cleaned_data["theme"],
            own_theme=form.cleaned_data["own_theme"],
            answers=form.answers(),
        )


class MotivationAutosaveView(MotivationSectionView):
    """Background save of the motivation while the user types (htmx): answers a small status
    fragment and, out of band, the version and base for the next save.

    It merges like an explicit save, but never resolves a conflict: a field whose two versions
    are still shown is sent as it was (`hold_conflicts`), and a field that collides now stays as
    stored, the status saying so. The new base keeps, for every field the page does not show as
    stored, the base it had, so the next save still sees what the other changed there.
    """

    http_method_names = ["post"]
    fragment_template = "applications/_autosave_status.html"
    template_name = fragment_template

    def get_form(self, data=None, **kwargs):
        return super().get_form(data, hold_conflicts=True, **kwargs)

    def render_form(self, status=200, headers=None, **context):
        """Only for a form or a save refused: nothing was saved."""
        form = context["form"]
        context["problem"] = _("Niet automatisch bewaard: %(errors)s") % {
            "errors": " ".join(
                str(message) for messages_ in form.errors.values() for message in messages_
            )
        }
        return TemplateResponse(
            self.request, self.fragment_template, context, status=status, headers=headers
        )

    def saved(self, form, saved):
        labels = {name: str(field.label) for name, field in form.fields.items()}
        held = [labels[name] for name in labels if f"keep_{name}" in self.request.POST]
        base = rebase(saved.base, saved.mine, saved.values)
        context = {
            "saved_at": timezone.now(),
            "version": saved.version,
            "base": sign_base(self.dossier, self.section, base),
            "kept_note": kept_note(form, saved),
            "held": ", ".join(held),
            "conflicting": ", ".join(labels[name] for name in labels if name in saved.conflicts),
        }
        return TemplateResponse(
            self.request, self.fragment_template, context, headers=DOSSIER_CHANGED
        )

    conflict = saved


class CommitmentsSectionView(SectionView):
    section = Section.COMMITMENTS
    form_class = CommitmentsSectionForm

    def get_form_kwargs(self):
        return {"confirmations": self.dossier.confirmations.select_related("confirmed_by")}

    def save(self, form):
        return dossier_save_commitments(
            dossier=self.dossier,
            version=form.cleaned_data["version"],
            base=form.base_values(),
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
            can_confirm_final=self.can_confirm_final,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("applications.submit_dossier", self.dossier):
            raise PermissionDenied
        if not self.dossier.is_draft:
            messages.info(
                request,
                _("Dit dossier is al ingediend (dossiernummer %(reference)s).")
                % {"reference": self.dossier.reference},
            )
            return redirect("applications:dossier_detail", pk=self.dossier.pk)
        try:
            dossier = dossier_submit(dossier=self.dossier, user=request.user)
        except ValidationError as error:
            messages.error(request, _("Het dossier is niet ingediend."))
            show_refusal(request, error)
            return redirect("applications:dossier_review", pk=self.dossier.pk)
        messages.success(
            request,
            _("Uw dossier is ingediend. Uw dossiernummer is %(reference)s.")
            % {"reference": dossier.reference},
        )
        return redirect(reverse("applications:dossier_detail", kwargs={"pk": dossier.pk}))
