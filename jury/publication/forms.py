"""The confirm step before publishing a call's results."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Ik bevestig dat alle beslissingen definitief zijn en dat elke contactpersoon en "
            "partnerdirecteur nu een e-mail met de beslissing en de feedback van de jury krijgt."
        ),
        error_messages={"required": _("Vink aan dat u de publicatie bevestigt.")},
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.add_input(Submit("publish", _("Resultaten publiceren")))
