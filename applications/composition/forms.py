"""Forms of the composition sections (schools, delegates, planning): input and layout only.

Each section is a formset of plain forms; `*_data(formset)` turns a valid one into the values
the section's service takes. A formset built with `editable=False` shows disabled fields.
"""

from crispy_forms.bootstrap import FieldWithButtons, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Field, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from applications.composition.services import (
    DelegateData,
    MeetingData,
    SchoolData,
    date_in_school_year,
    postcode_is_valid,
)
from applications.eligibility import institution_number_normalise
from applications.enums import DelegateFunction
from plgportal.calls.enums import EducationLevel, EducationNetwork
from plgportal.text import strip_invisible


def _filled(text: str) -> str:
    """A required text without invisible characters around it; refused when nothing else is
    left (`plgportal.text.is_blank`: the checklist would count it empty)."""
    text = strip_invisible(text)
    if not text:
        raise ValidationError(forms.Field.default_error_messages["required"], code="required")
    return text


def _row_helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


class _RowForm(forms.Form):
    """One row of a section formset: an optional id of the row it edits."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editable=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not editable:
            for field in self.fields.values():
                field.disabled = True

    def is_kept(self) -> bool:
        """Saved: an existing row not marked for deletion, or a new row with input."""
        if self.cleaned_data.get("DELETE"):
            return False
        return bool(self.cleaned_data.get("id")) or self.has_changed()


class BaseRowFormSet(forms.BaseFormSet):
    """Rows that can be removed: existing rows get a delete checkbox in their layout."""

    delete_label = _("Verwijderen")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.delete_label
            form.helper.layout.append("DELETE")


def _row_formset(
    form_class, formset_class, *, initial, rows: int, prefix, data, editable, form_kwargs=None
):
    """A formset with one row per `initial` entry, then empty rows up to `rows` (never fewer rows
    than entries, nor more rows posted back); existing rows may be removed when `editable`."""
    total = max(rows, len(initial))
    factory = forms.formset_factory(
        form_class,
        formset=formset_class,
        extra=total - len(initial),
        max_num=total,
        validate_max=True,
        can_delete=editable,
        can_delete_extra=False,
    )
    return factory(
        data=data,
        initial=initial,
        prefix=prefix,
        form_kwargs={**(form_kwargs or {}), "editable": editable},
    )


# Schools -----------------------------------------------------------------------------------------


class SchoolForm(_RowForm):
    name = forms.CharField(label=_("Naam van de school"), max_length=200)
    institution_number = forms.CharField(
        label=_("Instellingsnummer"),
        max_length=20,
        help_text=_("Tot 6 cijfers, bv. 012345. Is de school al gekend, dan vullen we haar in."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "data-school-lookup": "1"}),
    )
    levels = forms.MultipleChoiceField(
        label=_("Onderwijsniveaus"), required=False, widget=forms.CheckboxSelectMultiple
    )
    network = forms.ChoiceField(
        label=_("Onderwijsnet"),
        required=False,
        choices=[("", "—"), *EducationNetwork.choices],
    )
    street = forms.CharField(label=_("Straat en nummer"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=4, required=False)
    city = forms.CharField(label=_("Gemeente"), max_length=100, required=False)
    recognised = forms.BooleanField(
        label=_("Deze school is erkend en gesubsidieerd door de Vlaamse overheid."),
        required=False,
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookup_message = ""
        self.fields["levels"].choices = [
            (code, EducationLevel(code).label)
            for code in call.eligible_levels
            if code in EducationLevel.values
        ]
        number = Field("institution_number")
        if not self.fields["name"].disabled:
            number = FieldWithButtons(
                "institution_number",
                StrictButton(
                    _("Opzoeken"),
                    type="submit",
                    name="lookup",
                    value=self.prefix,
                    css_class="btn-outline-secondary",
                    formnovalidate="formnovalidate",
                ),
            )
        self.helper = _row_helper(
            "id",
            Row(Column("name", css_class="col-md-7"), Column(number, css_class="col-md-5")),
            Div(css_class="lookup-offer mb-3", data_lookup_offer=self.prefix),
            Row(Column("levels", css_class="col-md-7"), Column("network", css_class="col-md-5")),
            Row(
                Column("street", css_class="col-md-6"),
                Column("postcode", css_class="col-md-2"),
                Column("city", css_class="col-md-4"),
            ),
            "recognised",
        )

    def clean_name(self):
        return _filled(self.cleaned_data["name"])

    def clean_institution_number(self):
        return institution_number_normalise(self.cleaned_data["institution_number"])

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if postcode and not postcode_is_valid(postcode):
            raise ValidationError(_("Geef een Belgische postcode van 4 cijfers, bv. 9000."))
        return postcode


class BaseSchoolFormSet(BaseRowFormSet):
    delete_label = _(
        "Deze school verwijderen, samen met haar afgevaardigden en haar letter of intent"
    )

    def clean(self):
        if any(self.errors):
            return
        seen = {}
        for form in self.forms:
            if not form.is_kept():
                continue
            number = form.cleaned_data["institution_number"]
            if number in seen:
                form.add_error(
                    "institution_number",
                    _("Dit instellingsnummer staat al bij %(school)s in dit dossier.")
                    % {"school": seen[number]},
                )
            seen.setdefault(number, form.cleaned_data["name"])


def school_formset(*, call, schools, data=None, editable=True):
    """One row per school, then empty rows up to the call's maximum."""
    initial = [
        {
            "id": school.pk,
            "name": school.name,
            "institution_number": school.institution_number,
            "levels": school.levels,
            "network": school.network,
            "street": school.street,
            "postcode": school.postcode,
            "city": school.city,
            "recognised": school.recognised,
        }
        for school in schools
    ]
    return _row_formset(
        SchoolForm,
        BaseSchoolFormSet,
        initial=initial,
        rows=call.max_schools,
        prefix="schools",
        data=data,
        editable=editable,
        form_kwargs={"call": call},
    )


def school_data(formset) -> list[SchoolData]:
    return [
        SchoolData(
            id=form.cleaned_data["id"],
            name=form.cleaned_data["name"],
            institution_number=form.cleaned_data["institution_number"],
            levels=tuple(form.cleaned_data["levels"]),
            network=form.cleaned_data["network"],
            street=form.cleaned_data["street"],
            postcode=form.cleaned_data["postcode"],
            city=form.cleaned_data["city"],
            recognised=form.cleaned_data["recognised"],
        )
        for form in formset.forms
        if form.is_kept()
    ]


# Delegates ---------------------------------------------------------------------------------------


class DelegateForm(_RowForm):
    full_name = forms.CharField(label=_("Volledige naam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"))
    function = forms.ChoiceField(label=_("Functie"), choices=[("", "—"), *DelegateFunction.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _row_helper(
            "id",
            Row(
                Column("full_name", css_class="col-md-4"),
                Column("email", css_class="col-md-4"),
                Column("function", css_class="col-md-4"),
            ),
        )

    def clean_full_name(self):
        return _filled(self.cleaned_data["full_name"])


def delegate_formset(*, school, expected: int, data=None, editable=True):
    """The delegates of one school, with empty rows up to the number the call asks for."""
    initial = [
        {
            "id": delegate.pk,
            "full_name": delegate.full_name,
            "email": delegate.email,
            "function": delegate.function,
        }
        for delegate in school.delegates.all()
    ]
    return _row_formset(
        DelegateForm,
        BaseRowFormSet,
        initial=initial,
        rows=expected,
        prefix=f"school-{school.pk}",
        data=data,
        editable=editable,
    )


def delegate_data(formset, *, school_id: int) -> list[DelegateData]:
    return [
        DelegateData(
            id=form.cleaned_data["id"],
            school_id=school_id,
            full_name=form.cleaned_data["full_name"],
            email=form.cleaned_data["email"],
            function=form.cleaned_data["function"],
        )
        for form in formset.forms
        if form.is_kept()
    ]


# Planning ----------------------------------------------------------------------------------------


class MeetingForm(forms.Form):
    date = forms.DateField(
        label=_("Datum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_time = forms.TimeField(
        label=_("Beginuur"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    host_school = forms.TypedChoiceField(
        label=_("Gastschool"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, call, schools, editable=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["host_school"].choices = [("", "—")] + [
            (school.pk, school.name) for school in schools
        ]
        if call.school_year_start:
            self.fields["date"].widget.attrs.update(
                min=call.school_year_start.isoformat(), max=call.school_year_end.isoformat()
            )
        if not editable:
            for field in self.fields.values():
                field.disabled = True
        self.helper = _row_helper(
            Row(
                Column("date", css_class="col-md-4"),
                Column("start_time", css_class="col-md-3"),
                Column("host_school", css_class="col-md-5"),
            )
        )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day is not None and not date_in_school_year(self.call, day):
            raise ValidationError(
                _("Kies een datum in schooljaar %(year)s: van %(start)s tot en met %(end)s.")
                % {
                    "year": self.call.school_year_label,
                    "start": date_format(self.call.school_year_start, "j F Y"),
                    "end": date_format(self.call.school_year_end, "j F Y"),
                }
            )
        return day


def meeting_formset(*, call, meetings, schools, data=None, editable=True):
    """Exactly the call's number of meetings, by position (a missing row shows empty)."""
    by_position = {meeting.position: meeting for meeting in meetings}
    initial = []
    for position in range(1, call.meeting_count + 1):
        meeting = by_position.get(position)
        initial.append(
            {
                "date": meeting.date if meeting else None,
                "start_time": meeting.start_time if meeting else None,
                "host_school": meeting.host_school_id if meeting else None,
            }
        )
    formset_class = forms.formset_factory(
        MeetingForm,
        extra=0,
        min_num=call.meeting_count,
        max_num=call.meeting_count,
        validate_min=True,
        validate_max=True,
    )
    return formset_class(
        data=data,
        initial=initial,
        prefix="meetings",
        form_kwargs={"call": call, "schools": schools, "editable": editable},
    )


def meeting_data(formset) -> list[MeetingData]:
    """The meetings of the rows without errors: each meeting is saved on its own, so a wrong
    row keeps its error (and what was typed) while the others are stored."""
    return [
        MeetingData(
            position=position,
            date=form.cleaned_data["date"],
            start_time=form.cleaned_data["start_time"],
            host_school_id=form.cleaned_data["host_school"],
        )
        for position, form in enumerate(formset.forms, start=1)
        if form.is_valid()
    ]
