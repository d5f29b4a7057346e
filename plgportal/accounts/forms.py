from allauth.account.forms import SignupForm as AllauthSignupForm
from crispy_bootstrap5.bootstrap5 import Switch
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from plgportal.accounts.enums import INVITED_ROLES, NotificationKind, Role
from plgportal.accounts.models import User
from plgportal.layout import Snippet


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(
        label=_("Volledige naam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["full_name", "email", "password1", "password2"]


class InvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Volledige naam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"))
    role = forms.ChoiceField(
        label=_("Rol"), choices=[(role.value, role.label) for role in INVITED_ROLES]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].initial = Role.JURY
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Uitnodiging versturen")))


class InvitationAcceptForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Wachtwoord instellen en aanmelden")))


# The reminders that concern each role: the only ones its profile shows. A reminder of another
# kind switched off (through a reminder's link, or in an earlier role) stays as it was.
ROLE_NOTIFICATIONS = {
    Role.APPLICANT: (
        NotificationKind.DRAFT_DEADLINE,
        NotificationKind.MEETING_UPCOMING,
        NotificationKind.MINUTES_MISSING,
        NotificationKind.REPORT_DUE,
    ),
    Role.JURY: (NotificationKind.SCORING_DEADLINE,),
    Role.COACH: (
        NotificationKind.MEETING_UPCOMING,
        NotificationKind.MINUTES_MISSING,
        NotificationKind.REPORT_DUE,
    ),
    Role.STAFF: (),
}
NOTIFICATION_FIELD_PREFIX = "melding_"


def notification_kinds_for(role: str) -> list[NotificationKind]:
    """The optional reminders a user of `role` can receive, in the enum's order."""
    relevant = ROLE_NOTIFICATIONS.get(role, ())
    return [kind for kind in NotificationKind if kind in relevant]


class ProfileForm(forms.ModelForm):
    """The user's own name, the language of their mails, and a switch per optional reminder.

    The form edits only its instance (the signed-in user); language and switches are saved by
    `user_set_notification_preferences`, the name by the form.
    """

    language = forms.ChoiceField(
        label=_("Taal van uw e-mails"),
        choices=settings.LANGUAGES,
        help_text=_("De pagina's van de portal volgen de taalkeuze bovenaan het scherm."),
    )

    class Meta:
        model = User
        fields = ["full_name"]

    def __init__(self, *args, opted_out: set[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = self.instance.language
        self.opted_out = set(opted_out)
        self.kinds = notification_kinds_for(self.instance.role)
        for kind in self.kinds:
            self.fields[NOTIFICATION_FIELD_PREFIX + kind.value] = forms.BooleanField(
                label=kind.label, required=False, initial=kind.value not in opted_out
            )
        self.helper = FormHelper()
        self.helper.layout = Layout("full_name", "language")
        if self.kinds:
            self.helper.layout.append(
                Fieldset(
                    _("Herinneringen per e-mail"),
                    Snippet("accounts/_notification_intro.html"),
                    *(Switch(NOTIFICATION_FIELD_PREFIX + kind.value) for kind in self.kinds),
                    css_class="notification-switches",
                )
            )
        self.helper.add_input(Submit("submit", _("Opslaan")))

    def enabled_kinds(self) -> set[str]:
        """The reminders switched on: those shown as ticked, the others as they were."""
        shown = {kind.value for kind in self.kinds}
        return {
            kind.value
            for kind in NotificationKind
            if (
                self.cleaned_data.get(NOTIFICATION_FIELD_PREFIX + kind.value)
                if kind.value in shown
                else kind.value not in self.opted_out
            )
        }
