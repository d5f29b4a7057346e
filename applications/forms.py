"""Forms of the applicant's dossier sections: input and crispy layout only.

Every section form carries the version of its section it was opened on (hidden field
`version`), so a save based on an outdated page is refused instead of overwriting (see
`applications.services.section_lock`). Every field is optional: sections are saved as drafts;
the eligibility checklist says what is still missing.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.core.validators import RegexValidator
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plgportal.layout import Snippet

PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9 ./()-]{6,}$",
    _("Geef een geldig telefoonnummer op, bv. 09 123 45 67 of +32 9 123 45 67."),
)


class AnswerField(forms.CharField):
    """A long text whose length counts line breaks once, as the browser's counter does."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class SectionForm(forms.Form):
    """Shared shape of a section form: the section version and a disabled read-only mode."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    submit_label = _("Bewaren")

    def __init__(self, *args, dossier, section, readonly=False, action="", hx_attrs=None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {
            "version": dossier.section_version(section),
            **self.initial_from(dossier),
            **kwargs["initial"],
        }
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        self.add_section_fields(dossier)
        self.readonly = readonly
        if readonly:
            for field in self.fields.values():
                field.disabled = True
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "section-form-element"
        self.helper.attrs = hx_attrs or {}
        self.helper.layout = self.build_layout()
        if not readonly:
            self.helper.add_input(Submit("save", self.submit_label))

    def initial_from(self, dossier) -> dict:
        return {}

    def add_section_fields(self, dossier) -> None:
        """Fields that depend on the dossier's call (criteria, commitments, schools)."""

    def build_layout(self) -> Layout:
        return Layout(*self.fields)

    def display_values(self) -> list[tuple[str, str]]:
        """(label, stored value as text) of every visible field, from the form's initial data:
        shows someone else's saved version beside the user's own after a conflict."""
        values = []
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            value = self.get_initial_for_field(field, name)
            if isinstance(field, forms.BooleanField):
                text = gettext("Ja") if value else gettext("Nee")
            elif isinstance(field, forms.ChoiceField):
                text = str(dict(field.choices).get(str(value or ""), ""))
            else:
                text = str(value or "")
            values.append((str(field.label), text or "—"))
        return values


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

    def initial_from(self, dossier):
        return {
            "working_title": dossier.working_title,
            "contact_function": dossier.contact_function,
            "contact_phone": dossier.contact_phone,
            "lead_school": str(dossier.lead_school_id or ""),
        }

    def add_section_fields(self, dossier):
        self.fields["lead_school"].choices = [("", _("— Nog niet gekozen —"))] + [
            (str(school.pk), school.name) for school in dossier.schools.all()
        ]

    def build_layout(self):
        contact = self.dossier.created_by
        return Layout(
            "version",
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

    def initial_from(self, dossier):
        texts = {answer.criterion_id: answer.text for answer in dossier.answers.all()}
        return {
            "theme": str(dossier.theme_id or ""),
            "own_theme": dossier.own_theme,
            **{
                self.answer_field_name(criterion): texts.get(criterion.pk, "")
                for criterion in dossier.call.criteria.all()
            },
        }

    @staticmethod
    def answer_field_name(criterion) -> str:
        return f"answer_{criterion.pk}"

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
        return Layout("version", Div("theme", "own_theme", css_class="mb-3"), *answers)

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
        return f"commitment_{commitment.pk}"

    def initial_from(self, dossier):
        confirmed = {c.commitment_id for c in dossier.confirmations.all()}
        return {
            self.commitment_field_name(commitment): commitment.pk in confirmed
            for commitment in dossier.call.commitments.all()
        }

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
