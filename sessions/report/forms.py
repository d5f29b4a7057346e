"""Input for products and the evaluation report."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from sessions.enums import ProductStage
from sessions.guards import REPORT_TEXT_FIELDS
from sessions.meetings.forms import AttachmentField

# Short prompts per section, from Guskey's levels, the quality features of professional
# development and the retention framework.
REPORT_PROMPTS = {
    "reactions": _(
        "Hoe tevreden waren de deelnemers over de PLG: de inhoud, de werkvorm, de duur, de "
        "begeleiding? Wat werkte goed, wat minder?"
    ),
    "learning": _(
        "Welke kennis en vaardigheden deden de deelnemers op? Welke kennisbronnen en data "
        "hielpen daarbij?"
    ),
    "organisation": _(
        "Hoe steunden de scholen de PLG (tijd, ruimte, directie, gedeelde visie)? Wat "
        "veranderde er in de organisatie?"
    ),
    "practice": _(
        "Wat gebruiken leerkrachten en teams nu anders in hun dagelijkse praktijk? Geef "
        "voorbeelden per school."
    ),
    "effects": _(
        "Welk effect ziet u op leerkrachten (welbevinden, samenwerking, blijven) en op "
        "leerlingen? Waarop baseert u dat?"
    ),
    "retention_link": _(
        "Hoe draagt het thema bij tot het behoud van leerkrachten: de start als leerkracht, een "
        "ondersteunend onderwijsbeleid, strategisch personeelsbeleid?"
    ),
    "anchoring": _(
        "Hoe zet de PLG het werk voort na de begeleiding? Wie neemt welke rol op, wanneer komt "
        "u samen, hoe deelt u de producten in de scholen?"
    ),
    "recommendations": _(
        "Wat raadt u de Stichting aan voor een volgende oproep: begeleiding, planning, "
        "ondersteuning, het portaal?"
    ),
}


class ReportForm(forms.Form):
    """The report's texts, one textarea per section of the foundation's template. `prefill`
    offers a first text for parts still empty (sessions.feedback.figures.report_prefill)."""

    def __init__(self, *args, report, prefill=None, **kwargs):
        super().__init__(*args, **kwargs)
        prefill = prefill or {}
        for name in REPORT_TEXT_FIELDS:
            model_field = report._meta.get_field(name)
            self.fields[name] = forms.CharField(
                label=capfirst(model_field.verbose_name),
                help_text=REPORT_PROMPTS[name],
                required=False,
                initial=getattr(report, name) or prefill.get(name, ""),
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        self.helper = FormHelper()
        self.helper.form_id = "report-form"
        self.helper.add_input(Submit("save", _("Verslag bewaren")))
        # Saves what is on screen, then asks to confirm (the report's submit page).
        self.helper.add_input(
            Submit("submit_report", _("Verslag indienen…"), css_class="btn-outline-primary")
        )


class ReportDecisionForm(forms.Form):
    DECISIONS = (("approved", _("Goedkeuren")), ("changes_requested", _("Aanpassingen vragen")))

    decision = forms.ChoiceField(
        label=_("Beslissing"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies goedkeuren of aanpassingen vragen.")},
    )
    comments = forms.CharField(
        label=_("Opmerkingen voor de PLG"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Verplicht als u aanpassingen vraagt."),
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, prefix="beslissing", **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "decision-form"
        self.helper.add_input(Submit("decide", _("Beslissing bewaren")))

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == "changes_requested"
            and not cleaned.get("comments", "").strip()
        ):
            self.add_error("comments", _("Zeg welke aanpassingen u vraagt."))
        return cleaned


class ProductForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Geef het product een titel.")},
    )
    description = forms.CharField(
        label=_("Beschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=None,
        required=False,
        empty_label=_("Alle scholen samen"),
        error_messages={"invalid_choice": _("Kies een school van dit traject.")},
    )
    stage = forms.ChoiceField(
        label=_("Stadium"),
        choices=ProductStage.choices,
        error_messages={"required": _("Kies het stadium van het product.")},
    )
    test_findings = forms.CharField(
        label=_("Bevindingen van de test"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat leerde de test in de eigen school?"),
    )

    attachment = AttachmentField(label=_("Bijlage"))

    def __init__(self, *args, trajectory, product=None, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = trajectory.dossier.schools.all()
        if product is not None:
            for name in ("title", "description", "stage", "test_findings"):
                self.initial.setdefault(name, getattr(product, name))
            self.initial.setdefault("school", product.school_id)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "product-form"
        self.helper.add_input(Submit("save", _("Product bewaren")))
