"""Pages of the composition sections: schools, delegates, planning, and the school lookup.

Every section page shows a formset, saves it in one go through its service under the section's
optimistic lock, and works with and without JavaScript: a plain POST is answered with a redirect
and the message "Bewaard"; an htmx POST gets the section's form back, with the header
`HX-Trigger: dossier-changed` so the checklist refreshes itself. A refused save shows each error
beside its field and all of them in the error summary above the form, linked to their fields.
The planning saves meeting by meeting: a wrong meeting keeps its error, the others are stored.
"""

from functools import cached_property
from http import HTTPStatus

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView
from django_htmx.http import HttpResponseClientRedirect

from applications.composition.forms import (
    delegate_data,
    delegate_formset,
    meeting_data,
    meeting_formset,
    school_data,
    school_formset,
)
from applications.composition.services import (
    PlanningSaved,
    delegate_function_counts,
    dossier_save_delegates,
    dossier_save_planning,
    dossier_save_schools,
    meeting_end_time,
)
from applications.eligibility import institution_number_normalise, schools_hosting_none
from applications.enums import Section
from applications.mixins import DossierMixin
from applications.selectors import school_known
from applications.services import DossierLocked, SectionConflict
from plgportal.error_summary import ErrorLink, formset_error_links
from plgportal.text import and_list, strip_invisible
from plgportal.throttle import Limit, throttle_allows

# Filling in a dossier takes a lookup per school, a few more for typos; colleagues of one school
# may share an address.
LOOKUPS_PER_USER = Limit(amount=30, seconds=60)
LOOKUPS_PER_ADDRESS = Limit(amount=120, seconds=60)
TOO_MANY_LOOKUPS = gettext_lazy(
    "U hebt te veel scholen kort na elkaar opgezocht. Wacht een minuut en probeer het opnieuw, "
    "of vul de gegevens zelf in."
)


def lookup_allowed(request) -> bool:
    """Both ways of looking up a school (the button and the script) share one throttle."""
    return throttle_allows(
        request,
        scope="school-lookup",
        per_user=LOOKUPS_PER_USER,
        per_address=LOOKUPS_PER_ADDRESS,
    )


class SectionFormView(DossierMixin, TemplateView):
    """One section's formset(s): GET shows them, POST saves them all at once.

    Subclasses build their forms (`build`), say whether they are valid (`valid`) and save them
    through their service (`save`), which returns the new version of the section.
    """

    partial_template_name: str

    def valid(self, built) -> bool:
        """Most sections build one formset; the delegates section overrides this."""
        return built.is_valid()

    def get(self, request, *args, **kwargs):
        return self.render(self.build())

    def post(self, request, *args, **kwargs):
        if not self.can_edit:
            raise PermissionDenied
        built = self.build(data=request.POST)
        if not self.valid(built):
            return self.refused(built, version=self.posted_version())
        try:
            self.save(built, self.posted_version())
        except SectionConflict as conflict:
            return self.render(
                built,
                version=conflict.current_version,
                conflict=True,
                status=200 if request.htmx else 409,
            )
        except DossierLocked as locked:
            # Submitted or closed meanwhile: the page, reloaded, shows itself read-only.
            messages.error(request, locked.messages[0])
            if request.htmx:
                return HttpResponseClientRedirect(request.path)
            return redirect(request.path)
        except ValidationError as error:
            unplaced = self.add_row_errors(built, error)
            return self.refused(
                built, version=self.posted_version(), errors=error.messages, unplaced=unplaced
            )
        return self.saved(built)

    def refused(self, built, *, version, errors=(), unplaced=(), **extra):
        """The section as posted, each error beside its field and all of them in the summary
        above the form (`unplaced`: the service's errors that belong to no one field)."""
        links = [ErrorLink(str(message)) for message in unplaced] + self.error_links(built)
        return self.render(built, version=version, errors=list(errors), error_links=links, **extra)

    def error_links(self, built) -> list[ErrorLink]:
        """The summary's links: most sections build one formset, one row per form."""
        return formset_error_links(built, row_label=self.row_label)

    def row_label(self, index: int, form) -> str:
        """How the summary names a row of the formset."""
        return ""

    def row_forms(self, built) -> list:
        """The forms behind the rows the service was given, in its order."""
        return [form for form in built.forms if form.is_kept()]

    def add_row_errors(self, built, error: ValidationError) -> list[str]:
        """Show each problem the service raised about one row next to its field; returns the
        messages that belong to no one row."""
        if hasattr(error, "error_dict"):
            return error.messages
        forms_ = self.row_forms(built)
        unplaced = []
        for item in error.error_list:
            params = item.params or {}
            row, field = params.get("row"), params.get("field")
            if isinstance(row, int) and 0 <= row < len(forms_) and field in forms_[row].fields:
                forms_[row].add_error(field, item)
            else:
                unplaced += item.messages
        return unplaced

    def posted_version(self) -> int:
        try:
            return int(self.request.POST.get("version", ""))
        except ValueError:
            return -1  # never a real version: answered as a conflict

    def saved(self, built):
        if not self.request.htmx:
            messages.success(self.request, _("Bewaard"))
            return redirect(self.request.path)
        # Show the section as now saved: fetch the dossier again.
        for name in ("dossier", "report"):
            self.__dict__.pop(name, None)
        response = self.render(self.build(), saved=True)
        response["HX-Trigger"] = "dossier-changed"
        return response

    def render(self, built, *, version=None, status=200, **extra):
        context = self.get_context_data(
            built=built,
            version=self.dossier.section_version(self.section) if version is None else version,
            **extra,
        )
        template = self.partial_template_name if self.request.htmx else self.template_name
        return self.response_class(
            request=self.request, template=template, context=context, status=status
        )


class SchoolsView(SectionFormView):
    section = Section.SCHOOLS
    template_name = "applications/composition/schools.html"
    partial_template_name = "applications/composition/_schools_form.html"

    def build(self, data=None):
        return school_formset(
            call=self.dossier.call,
            schools=self.dossier.schools.all(),
            data=data,
            editable=self.can_edit,
        )

    def save(self, formset, version):
        return dossier_save_schools(
            dossier=self.dossier, version=version, schools=school_data(formset)
        )

    def row_label(self, index, form):
        """The school by the name typed in its row; by its place while it has none."""
        return strip_invisible(form["name"].value()) or _("School %(n)d") % {"n": index + 1}

    def post(self, request, *args, **kwargs):
        if not self.can_edit:
            raise PermissionDenied
        if "lookup" in request.POST:
            return self.lookup(request.POST["lookup"])
        formset = self.build(data=request.POST)
        if formset.is_valid() and not request.POST.get("confirm_remove"):
            removals = self.removals(formset)
            if removals:
                return self.render(formset, version=self.posted_version(), removals=removals)
        return super().post(request, *args, **kwargs)

    def removals(self, formset) -> list[str]:
        """What removing the schools marked for deletion also removes, one line per school."""
        schools = {school.pk: school for school in self.dossier.schools.all()}
        lines = []
        for form in formset.forms:
            school = schools.get(form.cleaned_data.get("id"))
            if school is None or not form.cleaned_data.get("DELETE"):
                continue
            delegates = len(school.delegates.all())
            parts = [
                ngettext("%(n)d afgevaardigde", "%(n)d afgevaardigden", delegates)
                % {"n": delegates}
            ]
            if school.letter_or_none is not None:
                parts.append(_("de letter of intent"))
            lines.append(
                _("%(school)s, met %(what)s")
                % {"school": school.name, "what": _(" en ").join(parts)}
            )
        return lines

    def build_quiet(self, data):
        """A bound formset that shows what was typed without complaining yet."""
        formset = self.build(data=data)
        for form in formset.forms:
            form.helper.form_show_errors = False
        return formset

    def lookup(self, prefix: str):
        """Without JavaScript: fill one row from the school known by its typed number."""
        formset = self.build_quiet(self.request.POST)
        form = next((f for f in formset.forms if f.prefix == prefix), None)
        if form is None:
            return self.render(self.build(), version=self.posted_version())
        if not lookup_allowed(self.request):
            form.lookup_message = TOO_MANY_LOOKUPS
            # htmx swaps only successful answers in.
            status = 200 if self.request.htmx else HTTPStatus.TOO_MANY_REQUESTS
            return self.render(formset, version=self.posted_version(), status=status)
        data = self.request.POST.copy()
        try:
            number = institution_number_normalise(data.get(f"{prefix}-institution_number", ""))
        except ValidationError as error:
            form.lookup_message = error.messages[0]
            return self.render(formset, version=self.posted_version())
        known = school_known(
            institution_number=number, user=self.request.user, exclude_dossier=self.dossier
        )
        if known is None:
            form.lookup_message = _(
                "Geen school met instellingsnummer %(number)s gevonden in het portaal: vul de "
                "gegevens zelf in."
            ) % {"number": number}
            return self.render(formset, version=self.posted_version())
        for name, value in school_fill_values(known, self.dossier.call).items():
            if isinstance(value, list):
                data.setlist(f"{prefix}-{name}", value)
            else:
                data[f"{prefix}-{name}"] = value
        formset = self.build_quiet(data)
        form = next(f for f in formset.forms if f.prefix == prefix)
        form.lookup_message = _(
            "Gegevens van %(name)s ingevuld. Kijk ze na, vink de verklaring aan en bewaar."
        ) % {"name": known.name}
        return self.render(formset, version=self.posted_version())


def school_fill_values(school, call) -> dict:
    """What a known school fills in: name, number, address, levels (of this call), network."""
    return {
        "name": school.name,
        "institution_number": school.institution_number,
        "levels": [level for level in school.levels if level in call.eligible_levels],
        "network": school.network,
        "street": school.street,
        "postcode": school.postcode,
        "city": school.city,
    }


class SchoolLookupView(DossierMixin, View):
    """JSON for the schools page's script: the school known by `?nummer=` from the user's own
    dossiers, if any; 429 with a message to show when looked up too often."""

    def get(self, request, *args, **kwargs):
        dossier = self.dossier
        if not request.user.has_perm("applications.edit_dossier", dossier):
            raise PermissionDenied
        if not lookup_allowed(request):
            response = JsonResponse(
                {"found": False, "message": str(TOO_MANY_LOOKUPS)},
                status=HTTPStatus.TOO_MANY_REQUESTS,
            )
            response["Retry-After"] = str(LOOKUPS_PER_USER.seconds)
            return response
        try:
            number = institution_number_normalise(request.GET.get("nummer", ""))
        except ValidationError as error:
            return JsonResponse({"found": False, "message": error.messages[0]})
        known = school_known(institution_number=number, user=request.user, exclude_dossier=dossier)
        if known is None:
            return JsonResponse({"found": False, "message": ""})
        return JsonResponse(
            {
                "found": True,
                "school": school_fill_values(known, dossier.call),
                "offer": _("Bekende school: %(name)s, %(city)s.")
                % {"name": known.name, "city": known.city},
            }
        )


class DelegatesView(SectionFormView):
    section = Section.DELEGATES
    template_name = "applications/composition/delegates.html"
    partial_template_name = "applications/composition/_delegates_form.html"

    @cached_property
    def schools(self):
        return list(self.dossier.schools.all())

    @cached_property
    def expected(self) -> int | None:
        return self.dossier.call.delegates_per_school(len(self.schools))

    def build(self, data=None):
        call = self.dossier.call
        rows = self.expected or max(
            (quota.delegates_per_school for quota in call.delegate_quotas.all()), default=1
        )
        return [
            (
                school,
                delegate_formset(school=school, expected=rows, data=data, editable=self.can_edit),
            )
            for school in self.schools
        ]

    def valid(self, built):
        return all([formset.is_valid() for _school, formset in built])

    def row_forms(self, built):
        return [form for _school, formset in built for form in formset.forms if form.is_kept()]

    def error_links(self, built):
        links = []
        for school, formset in built:

            def row_label(index, _form, name=school.name):
                return _("%(school)s, afgevaardigde %(n)d") % {"school": name, "n": index + 1}

            links += formset_error_links(formset, row_label=row_label)
        return links

    def save(self, built, version):
        delegates = [
            delegate
            for school, formset in built
            for delegate in delegate_data(formset, school_id=school.pk)
        ]
        return dossier_save_delegates(dossier=self.dossier, version=version, delegates=delegates)

    def saved(self, built):
        for name in ("schools", "expected"):
            self.__dict__.pop(name, None)
        return super().saved(built)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delegates = [d for school in self.schools for d in school.delegates.all()]
        context.update(
            expected=self.expected,
            school_count=len(self.schools),
            function_counts=delegate_function_counts(delegates),
        )
        return context


class PlanningView(SectionFormView):
    """The call's meetings, saved one by one: a wrong meeting keeps its error and what was typed
    in it, the others are stored, and the page says which were saved and which not."""

    section = Section.PLANNING
    template_name = "applications/composition/planning.html"
    partial_template_name = "applications/composition/_planning_form.html"
    outcome: PlanningSaved | None = None

    def build(self, data=None):
        return meeting_formset(
            call=self.dossier.call,
            meetings=self.dossier.meetings.all(),
            schools=self.dossier.schools.all(),
            data=data,
            editable=self.can_edit,
        )

    def valid(self, formset):
        """Saved when the formset holds together and one meeting at least is right."""
        formset.is_valid()
        return not formset.non_form_errors() and any(form.is_valid() for form in formset.forms)

    def save(self, formset, version):
        self.outcome = dossier_save_planning(
            dossier=self.dossier, version=version, meetings=meeting_data(formset)
        )
        return self.outcome.version

    def saved(self, formset):
        wrong = not all(form.is_valid() for form in formset.forms)
        if not (wrong or self.outcome.refused):
            return super().saved(formset)
        self.add_row_errors(formset, ValidationError(list(self.outcome.refused)))
        self.refresh()  # the stored meetings changed: the checklist, the hosting hint
        response = self.refused(formset, version=self.outcome.version)
        if self.request.htmx:
            response["HX-Trigger"] = "dossier-changed"
        return response

    def row_forms(self, formset):
        return [form for form in formset.forms if form.is_valid()]  # the meetings sent

    def row_label(self, index, form):
        return _("Bijeenkomst %(n)d") % {"n": index + 1}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        call = self.dossier.call
        formset = context["built"]
        refused, saved = [], []
        if "error_links" in context:  # after a save: which meetings were stored, which not
            refused = [n for n, form in enumerate(formset.forms, start=1) if form.errors]
            saved = list(self.outcome.saved) if self.outcome else []
        context["rows"] = [
            (
                position,
                form,
                meeting_end_time(call, _start_time(form)),
                "refused" if position in refused else "saved" if position in saved else "",
            )
            for position, form in enumerate(formset, start=1)
        ]
        context["planning_outcome"] = _planning_outcome(saved, refused)
        context["duration_minutes"] = int(call.meeting_duration.total_seconds() // 60)
        context["hosting_uneven"] = bool(
            schools_hosting_none(
                [school.pk for school in self.dossier.schools.all()],
                [meeting.host_school_id for meeting in self.dossier.meetings.all()],
            )
        )
        return context


def _planning_outcome(saved: list[int], refused: list[int]) -> list[str]:
    """What a save that refused some meetings says about each part: saved, not saved."""
    if not refused:
        return []
    lines = []
    if saved:
        lines.append(
            ngettext(
                "Bijeenkomst %(list)s is bewaard.",
                "Bijeenkomsten %(list)s zijn bewaard.",
                len(saved),
            )
            % {"list": and_list(saved)}
        )
    lines.append(
        ngettext(
            "Bijeenkomst %(list)s is niet bewaard: verbeter de fout en bewaar opnieuw.",
            "Bijeenkomsten %(list)s zijn niet bewaard: verbeter de fouten en bewaar opnieuw.",
            len(refused),
        )
        % {"list": and_list(refused)}
    )
    return lines


def _start_time(form):
    """The start time the form shows: typed (when valid) or saved."""
    value = form["start_time"].value()
    if isinstance(value, str):
        try:
            return forms.TimeField().to_python(value)
        except ValidationError:
            return None
    return value
