from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from applications.letters.services import MAX_LETTER_BYTES
from plgportal.upload_names import validate_upload_name

lazy_interpolate = lazy(lambda text, values: str(text) % values, str)


class LetterUploadForm(forms.Form):
    """One school's letter of intent. Whether the file is a real PDF is decided by the service
    (`plgportal.uploads.inspect_pdf`), never by the name or type the browser sends; the field
    only refuses a file name the upload could not carry (`validate_upload_name`)."""

    file = forms.FileField(
        label=_("Letter of intent (PDF)"),
        # Lazy interpolation: the text follows each request's language, not the one at import.
        help_text=lazy_interpolate(
            _("Eén PDF-bestand van hoogstens %(mb)d MB, niet beveiligd met een wachtwoord."),
            {"mb": MAX_LETTER_BYTES // (1024 * 1024)},
        ),
        error_messages={
            "required": _("Kies een PDF-bestand."),
            "empty": _("Het bestand is leeg."),
            "invalid": _("Kies een PDF-bestand."),
        },
        validators=[validate_upload_name],
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    signer_name = forms.CharField(
        label=_("Ondertekend door"),
        max_length=150,
        error_messages={"required": _("Vul de naam van de ondertekenaar in.")},
    )
    signer_function = forms.CharField(
        label=_("Functie van de ondertekenaar"),
        max_length=100,
        error_messages={"required": _("Vul de functie van de ondertekenaar in.")},
    )

    def __init__(self, *args, school, replacing=False, **kwargs):
        # One form per school on the page: ids must differ, field names stay plain.
        kwargs.setdefault("auto_id", f"id_letter{school.pk}_%s")
        super().__init__(*args, **kwargs)
        url = reverse(
            "applications:letter_upload", kwargs={"pk": school.dossier_id, "school_pk": school.pk}
        )
        self.helper = FormHelper()
        self.helper.form_action = url
        self.helper.form_id = f"letter-form-{school.pk}"
        self.helper.attrs = {
            "hx-post": url,
            "hx-encoding": "multipart/form-data",
            "hx-target": f"#letter-school-{school.pk}",
            "hx-swap": "outerHTML",
        }
        label = _("Vervangen") if replacing else _("Opladen")
        self.helper.add_input(
            Submit("submit", label, css_class="btn-sm", css_id=f"letter-submit-{school.pk}")
        )
