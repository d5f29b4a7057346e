"""The forms of a meeting's page: attendance, roles, preparation and minutes (one POST each)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from plgportal.upload_names import validate_upload_name
from plgportal.uploads import MAX_UPLOAD_BYTES, CheckedFile, inspect_attachment, name_for_type
from sessions.enums import AttendanceStatus, MeetingRole
from sessions.meetings.services import roles_duplicated
from sessions.models import Minutes


class AttachmentField(forms.FileField):
    """An optional file of an allowed type, judged by its content (`inspect_attachment`), never
    by its name. Cleans to a `CheckedFile` (the bytes judged are the bytes stored), or None."""

    default_validators = [validate_upload_name]
    widget = forms.FileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _(
                "Optioneel, hoogstens 10 MB: een PDF, afbeelding, Office-document of "
                "tekstbestand. Een nieuw bestand vervangt het vorige."
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        upload.seek(0)
        content = upload.read(MAX_UPLOAD_BYTES + 1)
        inspection = inspect_attachment(content)
        if not inspection.ok:
            raise forms.ValidationError(inspection.reason, code="refused_content")
        file_type = inspection.file_type
        return CheckedFile(content, file_type, name_for_type(upload.name, file_type))


def _helper():
    # Templates place fields per school and draw their own buttons.
    helper = FormHelper()
    helper.form_tag = False
    return helper


class AttendanceForm(forms.Form):
    """A status (radio) and a note per participant: fields `status_<pk>` and `note_<pk>`."""

    def __init__(self, *args, participants, attendances, **kwargs):
        super().__init__(*args, prefix="aanwezigheid", **kwargs)
        self.participants = participants
        recorded = {attendance.participant_id: attendance for attendance in attendances}
        for participant in participants:
            existing = recorded.get(participant.pk)
            self.fields[f"status_{participant.pk}"] = forms.ChoiceField(
                label=participant.full_name,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                initial=existing.status if existing else None,
                error_messages={"required": _("Kies aanwezig, afwezig of verontschuldigd.")},
            )
            self.fields[f"note_{participant.pk}"] = forms.CharField(
                label=_("Opmerking"),
                max_length=255,
                required=False,
                initial=existing.note if existing else "",
            )
        self.helper = _helper()

    def rows(self):
        """(participant, status field, note field) for the template."""
        return [
            (participant, self[f"status_{participant.pk}"], self[f"note_{participant.pk}"])
            for participant in self.participants
        ]

    def entries(self):
        return [
            (
                participant,
                self.cleaned_data[f"status_{participant.pk}"],
                self.cleaned_data[f"note_{participant.pk}"],
            )
            for participant in self.participants
        ]


class RolesForm(forms.Form):
    """One role select per school: fields `role_<school pk>`."""

    def __init__(self, *args, schools, roles_taken, **kwargs):
        super().__init__(*args, prefix="rollen", **kwargs)
        self.schools = schools
        current = {role.school_id: role.role for role in roles_taken}
        for school in schools:
            self.fields[f"role_{school.pk}"] = forms.ChoiceField(
                label=school.name,
                choices=[("", _("Geen rol"))] + MeetingRole.choices,
                required=False,
                initial=current.get(school.pk, ""),
            )
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        duplicated = roles_duplicated(cleaned.get(f"role_{school.pk}") for school in self.schools)
        for school in self.schools:
            if cleaned.get(f"role_{school.pk}") in duplicated:
                self.add_error(
                    f"role_{school.pk}", _("Deze rol is al aan een andere school gegeven.")
                )
        return cleaned

    def roles(self):
        return {school: self.cleaned_data[f"role_{school.pk}"] for school in self.schools}


PREPARATION_FIELDS = {
    "source_title": lambda: forms.CharField(label=_("Kennisbron: titel"), max_length=255),
    "source_author": lambda: forms.CharField(label=_("Kennisbron: auteur"), max_length=255),
    "source_link": lambda: forms.URLField(
        label=_("Kennisbron: link"),
        assume_scheme="https",
        error_messages={"invalid": _("Geef een volledige link, bv. https://www.voorbeeld.be.")},
    ),
    "data_collected": lambda: forms.CharField(
        label=_("Verzamelde data (kort)"), widget=forms.Textarea(attrs={"rows": 3})
    ),
    "source_file": lambda: AttachmentField(label=_("Kennisbron: bestand")),
}


class PreparationForm(forms.Form):
    """Per school a knowledge source and/or data collected: fields `<name>_<school pk>`."""

    def __init__(self, *args, schools, preparations, **kwargs):
        super().__init__(*args, prefix="voorbereiding", **kwargs)
        self.schools = schools
        current = {preparation.school_id: preparation for preparation in preparations}
        for school in schools:
            for name, make_field in PREPARATION_FIELDS.items():
                field = make_field()
                field.required = False
                if name != "source_file":
                    field.initial = getattr(current.get(school.pk), name, "")
                self.fields[f"{name}_{school.pk}"] = field
        self.helper = _helper()

    def full_clean(self):
        self._asking_files_again = True  # not while the fields are being cleaned
        try:
            super().full_clean()
        finally:
            self._asking_files_again = False
        self._ask_files_again()

    def add_error(self, field, error):
        super().add_error(field, error)
        # A service refusal comes after full_clean: the chosen files are lost with it too.
        if hasattr(self, "cleaned_data") and not getattr(self, "_asking_files_again", False):
            self._ask_files_again()

    def _ask_files_again(self):
        """A browser never sends a chosen file back: when the form returns with errors, say
        beside each file field where a file was chosen that it must be chosen again."""
        if not self._errors:
            return
        self._asking_files_again = True
        try:
            for school in self.schools:
                name = f"source_file_{school.pk}"
                if self.files.get(self.add_prefix(name)) and name not in self._errors:
                    self.add_error(
                        name,
                        _(
                            "Kies het bestand opnieuw: het gekozen bestand is niet bewaard "
                            "omdat het formulier fouten bevat."
                        ),
                    )
        finally:
            self._asking_files_again = False

    def school_fields(self, school):
        return [self[f"{name}_{school.pk}"] for name in PREPARATION_FIELDS]

    def per_school(self):
        return {
            school: {name: self.cleaned_data[f"{name}_{school.pk}"] for name in PREPARATION_FIELDS}
            for school in self.schools
        }


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Minutes
        fields = ["text", "decisions", "next_steps"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="verslag", **kwargs)
        self.helper = _helper()
