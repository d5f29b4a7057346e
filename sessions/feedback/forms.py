"""The participants' questionnaire (one field per question of the call) and the coach's choice
of lines to quote in the evaluation report."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from sessions.enums import FeedbackQuestionKind

SCORE_CHOICES = [(str(score), str(score)) for score in range(1, 6)]
LINE_MAX = 255
COMMENT_MAX = 2000


def _field(question, initial) -> forms.Field:
    required_message = {"required": _("Beantwoord deze vraag.")}
    if question.kind == FeedbackQuestionKind.SCORE:
        return forms.ChoiceField(
            label=question.text,
            choices=SCORE_CHOICES,
            widget=forms.RadioSelect,
            required=question.required,
            initial=None if initial is None else str(initial),
            help_text=_("1 = helemaal niet, 5 = heel erg"),
            error_messages=required_message | {"invalid_choice": _("Kies een score van 1 tot 5.")},
        )
    is_comment = question.kind == FeedbackQuestionKind.COMMENT
    return forms.CharField(
        label=question.text,
        max_length=COMMENT_MAX if is_comment else LINE_MAX,
        required=question.required,
        initial=initial or "",
        widget=forms.Textarea(attrs={"rows": 3}) if is_comment else forms.TextInput,
        error_messages=required_message,
    )


class QuestionnaireForm(forms.Form):
    """One field `q<pk>` per question, in the call's order, holding the earlier answers."""

    def __init__(self, *args, questions, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        answers = answers or {}
        self.questions = list(questions)
        layout = []
        for question in self.questions:
            name = f"q{question.pk}"
            self.fields[name] = _field(question, answers.get(question.pk))
            layout.append(InlineRadios(name) if question.is_score else Field(name))
        self.helper = FormHelper()
        self.helper.form_id = "questionnaire-form"
        self.helper.layout = Layout(*layout)
        self.helper.add_input(Submit("save", _("Antwoorden versturen"), css_class="btn-lg w-100"))

    def answers(self) -> dict[int, str]:
        """Question pk -> the answer as given (the service checks and converts it)."""
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class QuotesForm(forms.Form):
    """Checkboxes over the lines that may be quoted (sessions.feedback.selectors.quotable)."""

    quoted = forms.TypedMultipleChoiceField(
        label=_("Citaten in het verslag"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["quoted"]
        field.choices = [(line.pk, line.text) for line in lines]
        field.initial = [line.pk for line in lines if line.quoted]
