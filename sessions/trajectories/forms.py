"""Forms of the trajectory pages: coach assignment, participant replacement, meeting planning and
the call's joint events."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from plgportal.accounts.enums import Role
from plgportal.accounts.models import User
from sessions.services import school_address


def _helper(label, action=None, name="save"):
    helper = FormHelper()
    if action:
        helper.form_action = action
    helper.add_input(Submit(name, label))
    return helper


class CoachAssignForm(forms.Form):
    coach = forms.ModelChoiceField(
        label=_("Coach"),
        queryset=User.objects.filter(role=Role.COACH, is_active=True),
        required=False,
        empty_label=_("(geen coach)"),
    )


class ParticipantReplaceForm(forms.Form):
    full_name = forms.CharField(label=_("Volledige naam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"))
    function = forms.CharField(label=_("Functie"), max_length=20, required=False)
    from_date = forms.DateField(
        label=_("Deelnemer vanaf"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Vervangen"), action)


TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingPlanForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE)
    start_time = forms.TimeField(label=_("Begin"), widget=TIME)
    end_time = forms.TimeField(label=_("Einde"), widget=TIME)
    host_school = forms.ModelChoiceField(
        label=_("Gastschool"), queryset=None, required=False, empty_label=_("(nog niet gekozen)")
    )
    address = forms.CharField(
        label=_("Adres"),
        max_length=255,
        required=False,
        help_text=_("Leeg gelaten: het adres van de gastschool."),
    )
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_school"].queryset = schools
        self.helper = _helper(_("Bijeenkomst bewaren"))

    def clean(self):
        data = super().clean()
        if not data.get("address") and data.get("host_school"):
            data["address"] = school_address(data["host_school"])
        return data


class JointEventForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE)
    start_time = forms.TimeField(label=_("Begin"), widget=TIME, required=False)
    end_time = forms.TimeField(label=_("Einde"), widget=TIME, required=False)
    address = forms.CharField(label=_("Adres"), max_length=255, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, kind, action, **kwargs):
        super().__init__(*args, prefix=kind, **kwargs)
        # Both events share the page: the button's name tells which one was posted.
        self.helper = _helper(_("Bewaren"), action, name=f"save_{kind}")
        self.kind = kind
