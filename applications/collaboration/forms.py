from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _


class CollaboratorInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres van de directeur"))
    school = forms.ModelChoiceField(
        label=_("Partnerschool"), queryset=None, required=False, empty_label=_("(nog geen school)")
    )

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = dossier.schools.all()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Uitnodigen")))
