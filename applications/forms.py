"""Forms of the applicant's dossier sections: input and crispy layout only.

Every section form carries, signed (hidden field `base`), the values of its fields as they were
when it was opened, so a save merges field by field with what co-editors saved meanwhile (see
`applications.merge`), and the section version (hidden field `version`), used only for a page
without a base. After a save where both editors changed the same field, the form shows both
versions beside that field and asks which to keep (`keep_<field>`: the text in the field, or
the other version). Every field is optional: sections are saved as drafts; the eligibility
checklist says what is still missing.
"""

from dataclasses import dataclass
from datetime import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.core import signing
from django.core.validators import RegexValidator
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.services import (
    EditConflict,
    answer_key,
    commitment_key,
    commitment_values,
    motivation_values,
    plg_values,
)
from plgportal.layout import Snippet

PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9 ./()-]{6,}$",
    _("Geef een geldig telefoonnummer op, bv. 09 123 45 67 of +32 9 123 45 67."),
)
BASE_SALT = "applications.section-base"
KEEP_FIELD, KEEP_THEIRS = "field", "theirs"


def sign_base(dossier, section, values: dict) -> str:
    """The hidden `base` of a section form: `values` (a section's values, see
    `applications.services.plg_values`), signed for this dossier and section."""
    payload = {"dossier": dossier.pk, "section": str(section), "values": values}
    return signing.dumps(payload, salt=BASE_SALT, compress=True)


def form_value(value):
    """A section value as a form field shows it (ids as text, nothing as empty)."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


@dataclass(frozen=True)
class ConflictShown:
    """One field both editors changed, as the page shows it beside the field."""

    name: str
    label: str
    field_id: str
    mine_text: str
    theirs_text: str
    mine_value: str  # what the buttons put in the field ("" when the field takes no text)
    theirs_value: str
    saved_by: str
    saved_at: datetime | None
    fillable: bool


class AnswerField(forms.CharField):
    """A long text whose length counts line breaks once, as the browser's counter does."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class SectionForm(forms.Form):
    """Shared shape of a section form: the base and version it was opened on, the fields both
    editors changed (`conflicts`, from `applications.services.SectionSave`), a read-only mode.

    `hold_conflicts` (the autosave): a field whose conflict is still shown is sent as it was
    opened, so only an explicit save resolves it.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    base = forms.CharField(widget=forms.HiddenInput, required=False)
    submit_label = _("Bewaren")

    def __init__(
        self,
        data=None,
        *args,
        dossier,
        section,
        readonly=False,
        action="",
        hx_attrs=None,
        conflicts=None,
        hold_conflicts=False,
        **kwargs,
    ):
        self.dossier = dossier
        self.section = section
        stored = self.stored_values(dossier)
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {
            "version": dossier.section_version(section),
            "base": sign_base(dossier, section, stored),
            **{name: form_value(value) for name, value in stored.items()},
            **kwargs["initial"],
        }
        if data is not None:
            data = self._keep_chosen_versions(data, hold_conflicts)
        super().__init__(data, *args, **kwargs)
        self.add_section_fields(dossier)
        self.conflicts = conflicts or {}
        self.readonly = readonly
        if readonly:
            for field in self.fields.values():
                field.disabled = True
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "section-form-element"
        self.helper.attrs = hx_attrs or {}
        self.helper.layout = self.build_layout()
        if self.conflicts:
            self._show_conflicts(self.helper.layout)
        if not readonly:
            self.helper.add_input(Submit("save", self.submit_label))

    def stored_values(self, dossier) -> dict:
        """The section's values as stored (`applications.services.*_values`)."""
        return {}

    def add_section_fields(self, dossier) -> None:
        """Fields that depend on the dossier's call (criteria, commitments, schools)."""

    def build_layout(self) -> Layout:
        return Layout(*self.fields)

    # The base, and the versions chosen after a conflict -----------------------------------

    def posted_base(self, data) -> dict | None:
        """The base the page was opened on, if its signature holds for this dossier and
        section; None for a page without one (or a forged one)."""
        try:
            payload = signing.loads(data.get("base") or "", salt=BASE_SALT)
        except signing.BadSignature:
            return None
        if payload.get("dossier") != self.dossier.pk or payload.get("section") != self.section:
            return None
        return payload.get("values")

    def base_values(self) -> dict | None:
        return self.posted_base(self.data)

    def _keep_chosen_versions(self, data, hold_conflicts: bool):
        """Where the user kept the other version (or the autosave holds a conflict), send the
        value the page was opened on, which after a conflict is the other version: the merge
        then keeps what is stored."""
        kept = [
            key[len("keep_") :]
            for key, choice in data.items()
            if key.startswith("keep_") and (hold_conflicts or choice == KEEP_THEIRS)
        ]
        base = self.posted_base(data) if kept else None
        if not base:
            return data
        data = data.copy()
        for name in kept:
            if name not in base:
                continue
            value = base[name]
            if isinstance(value, bool):
                if value:
                    data[name] = "on"
                else:
                    data.pop(name, None)
            else:
                data[name] = form_value(value)
        return data

    # Showing a conflict ---------------------------------------------------------------------

    def display_value(self, name, value) -> str:
        field = self.fields[name]
        if isinstance(field, forms.BooleanField):
            return gettext("Ja") if value else gettext("Nee")
        if isinstance(field, forms.ChoiceField):
            return str(dict(field.choices).get(form_value(value), "")) or "—"
        return str(value or "") or gettext("(leeg)")

    def conflicts_shown(self) -> list[ConflictShown]:
        shown = []
        for name, conflict in self.conflicts.items():
            if name not in self.fields:
                continue
            field = self.fields[name]
            fillable = not isinstance(field, forms.BooleanField)
            shown.append(
                ConflictShown(
                    name=name,
                    label=str(field.label),
                    field_id=self[name].auto_id,
                    mine_text=self.display_value(name, conflict.mine),
                    theirs_text=self.display_value(name, conflict.theirs),
                    mine_value=form_value(conflict.mine) if fillable else "",
                    theirs_value=form_value(conflict.theirs) if fillable else "",
                    saved_by=_saver_name(conflict),
                    saved_at=localtime(conflict.saved_at) if conflict.saved_at else None,
                    fillable=fillable,
                )
            )
        return shown

    def _show_conflicts(self, layout_object) -> None:
        """Put both versions of each conflicting field just above that field."""
        shown = {conflict.name: conflict for conflict in self.conflicts_shown()}
        for index, item in enumerate(layout_object.fields):
            names = [item] if isinstance(item, str) else getattr(item, "fields", None)
            if names is None:
                continue
            if isinstance(item, str | Field) and names and names[0] in shown:
                layout_object.fields[index] = Div(
                    Snippet("applications/_field_conflict.html", conflict=shown[names[0]]),
                    item,
                    css_class="field-conflict border border-warning rounded p-3 mb-3",
                    css_id=f"conflict-{names[0]}",
                )
            elif not isinstance(item, str | Field):
                self._show_conflicts(item)


def _saver_name(conflict: EditConflict) -> str:
    if conflict.saved_by is None:
        return gettext("iemand anders")
    return conflict.saved_by.get_full_name() or conflict.saved_by.email


class PlgSectionForm(SectionForm):
    working_title = forms.CharField(
        label=_("Werktitel van de PLG"),
        max_length=200,
        required=False,
        help_text=_("Een korte titel die het thema van de PLG samenvat."),
    )
    contact_function = forms.CharField(
        label=_("Uw functie"), max_length=100, required=False, help_text=_("Bv. directeur.")
    )
    contact_phone = forms.CharField(
        label=_("Uw telefoonnummer"),
        max_length=30,
        required=False,
        validators=[PHONE_VALIDATOR],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    lead_school = forms.ChoiceField(
        label=_("Trekkende school"),
        required=False,
        help_text=_("Voeg eerst de scholen toe; daarna kiest u hier de trekkende school."),
    )

    def __init__(self, *args, viewer_is_contact: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not viewer_is_contact:
            # A partner director (or staff) sees the contact person's details, not their own:
            # no "Uw ...", and no browser filling in the viewer's own number.
            self.fields["contact_function"].label = _("Functie van de contactpersoon")
            self.fields["contact_phone"].label = _("Telefoonnummer van de contactpersoon")
            self.fields["contact_phone"].widget.attrs["autocomplete"] = "off"

    def stored_values(self, dossier):
        return plg_values(dossier)

    def add_section_fields(self, dossier):
        self.fields["lead_school"].choices = [("", _("— Nog niet gekozen —"))] + [
            (str(school.pk), school.name) for school in dossier.schools.all()
        ]

    def build_layout(self):
        contact = self.dossier.created_by
        return Layout(
            "version",
            "base",
            "working_title",
            Snippet(
                "applications/_contact_person.html",
                name=contact.get_full_name(),
                email=contact.email,
            ),
            "contact_function",
            "contact_phone",
            "lead_school",
        )

    def clean_lead_school(self):
        value = self.cleaned_data["lead_school"]
        return int(value) if value else None


class MotivationSectionForm(SectionForm):
    theme = forms.ChoiceField(label=_("Thema uit de oproep"), required=False)
    own_theme = forms.CharField(
        label=_("Of een eigen thema"),
        max_length=200,
        required=False,
        help_text=_("Laat leeg als u een thema uit de lijst kiest."),
    )

    def stored_values(self, dossier):
        return motivation_values(dossier)

    @staticmethod
    def answer_field_name(criterion) -> str:
        return answer_key(criterion.pk)

    def add_section_fields(self, dossier):
        self.fields["theme"].choices = [("", _("— Geen thema uit de lijst —"))] + [
            (str(theme.pk), theme.title) for theme in dossier.call.example_themes.all()
        ]
        self.criteria = list(dossier.call.criteria.all())
        for criterion in self.criteria:
            self.fields[self.answer_field_name(criterion)] = AnswerField(
                label=criterion.title,
                # Crispy prints help text unescaped: the call's text is data, escaped here.
                help_text=escape(criterion.description),
                required=False,
                max_length=criterion.answer_max_chars,
                strip=False,
                widget=forms.Textarea(
                    attrs={"rows": 8, "data-max-chars": criterion.answer_max_chars}
                ),
            )

    def build_layout(self):
        answers = []
        for criterion in self.criteria:
            name = self.answer_field_name(criterion)
            text = self[name].value() or ""
            answers += [
                Field(name, aria_describedby=f"id_{name}_helptext {name}-counter"),
                Snippet(
                    "applications/_char_counter.html",
                    name=name,
                    length=len(text.replace("\r\n", "\n")),
                    max_chars=criterion.answer_max_chars,
                ),
            ]
        return Layout("version", "base", Div("theme", "own_theme", css_class="mb-3"), *answers)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("theme") and (cleaned.get("own_theme") or "").strip():
            self.add_error(
                "own_theme",
                _("Kies een thema uit de lijst of beschrijf een eigen thema, niet allebei."),
            )
        return cleaned

    def clean_theme(self):
        value = self.cleaned_data["theme"]
        return int(value) if value else None

    def answers(self) -> dict[int, str]:
        return {
            criterion.pk: self.cleaned_data[self.answer_field_name(criterion)]
            for criterion in self.criteria
        }


class CommitmentsSectionForm(SectionForm):
    def __init__(self, *args, confirmations=(), **kwargs):
        # Confirmations with their confirming user, fetched by the view in one query.
        self.confirmations = {c.commitment_id: c for c in confirmations}
        super().__init__(*args, **kwargs)

    @staticmethod
    def commitment_field_name(commitment) -> str:
        return commitment_key(commitment.pk)

    def stored_values(self, dossier):
        return commitment_values(dossier)

    def add_section_fields(self, dossier):
        self.commitments = list(dossier.call.commitments.all())
        for commitment in self.commitments:
            self.fields[self.commitment_field_name(commitment)] = forms.BooleanField(
                label=commitment.title,
                required=False,
                help_text=self._help_text(commitment),
            )

    def _help_text(self, commitment):
        confirmation = self.confirmations.get(commitment.pk)
        if confirmation is None:
            return escape(commitment.description)  # printed unescaped, like any help text
        return format_html(
            '{}<br><span class="text-success">{}</span>',
            commitment.description,
            gettext("Bevestigd door %(name)s op %(when)s")
            % {
                "name": confirmation.confirmed_by.get_full_name(),
                "when": date_format(localtime(confirmation.confirmed_at), "j F Y, H:i"),
            },
        )

    def confirmed_ids(self) -> set[int]:
        return {
            commitment.pk
            for commitment in self.commitments
            if self.cleaned_data[self.commitment_field_name(commitment)]
        }
