"""User text as data (STYLE.md rule 14): the text that would run if a name reached a template
compiler, how to put it in every name and title at once, and how to tell that it ran.

Each field gets its own payload, `{{ request.COOKIES }}{% debug %}<b>name</b>` for a person's
name, `...<b>school</b>` for a school's, so a test can say which text a page shows. Shown as
data, a payload appears literally: escaped in HTML (`&lt;b&gt;name&lt;/b&gt;`), as is in PDFs,
plain-text mails and spreadsheets. Run as template code it prints the request's cookies and,
with DEBUG on (tests switch it on: the tag is silent otherwise), the whole template context.
"""

import io
import zipfile

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from applications.models import Delegate, Dossier, LetterOfIntent, School
from plgportal.accounts.models import User
from sessions.models import Participant
from tests.spreadsheets.helpers import xlsx_rows

TEMPLATE_CODE = "{{ request.COOKIES }}{% debug %}"


def payload(tag: str) -> str:
    return f"{TEMPLATE_CODE}<b>{tag}</b>"


# Which field holds which payload. A delegate becomes a participant of the trajectory, so both
# carry "delegate"; a user's name is a contact person's, a juror's, a coach's, a staff member's.
NAME, SCHOOL, TITLE, THEME, DELEGATE, SIGNER = (
    payload(tag) for tag in ("name", "school", "title", "theme", "delegate", "signer")
)
PAYLOAD_FIELDS = (
    (User, {"full_name": NAME}),
    (School, {"name": SCHOOL}),
    (Dossier, {"working_title": TITLE, "own_theme": THEME}),
    (Delegate, {"full_name": DELEGATE}),
    (Participant, {"full_name": DELEGATE}),
    (LetterOfIntent, {"signer_name": SIGNER}),
)
# Names of their own for some users, to tell e.g. a dossier's contact person apart from the
# signed-in viewer whose name every page's menu shows.
STAFF, CONTACT, JUROR, COACH = (payload(tag) for tag in ("staff", "contact", "juror", "coach"))
PAYLOADS = (NAME, SCHOOL, TITLE, THEME, DELEGATE, SIGNER, STAFF, CONTACT, JUROR, COACH)

# A cookie every request in these tests carries: only `{{ request.COOKIES }}` puts it in a page.
CANARY_COOKIE = ("plg_canary", "canary-7c1e04")

# What run template code leaves behind, as text and as escaped HTML ({% debug %} escapes its
# dump itself, a PDF shows the entities decoded).
EXECUTION_SIGNS = {
    "{% debug %}: the context dump": ("'True': True", "&#x27;True&#x27;: True"),
    "{% debug %}: the module dump": ("(built-in)>", "(built-in)&gt;"),
    "{{ request.COOKIES }}: a cookie's value": (CANARY_COOKIE[1],),
    "{{ request.COOKIES }}: the cookie dict": (
        "{'sessionid': '",
        "{&#x27;sessionid&#x27;: &#x27;",
        "'csrftoken': '",
        "&#x27;csrftoken&#x27;: &#x27;",
        f"'{CANARY_COOKIE[0]}': '",
        f"&#x27;{CANARY_COOKIE[0]}&#x27;: &#x27;",
    ),
}
# A payload's markup as it must never reach an HTML page or the HTML part of a mail.
UNESCAPED_HTML = tuple(text.removeprefix(TEMPLATE_CODE) for text in PAYLOADS)


def put_payloads_everywhere() -> None:
    """Every user's, school's, delegate's, participant's and signer's name and every dossier's
    working title and own theme becomes its payload (one UPDATE per table: no save() logic)."""
    for model, values in PAYLOAD_FIELDS:
        model.objects.update(**values)


def signs_of_execution(text: str) -> list[str]:
    return [sign for sign, marks in EXECUTION_SIGNS.items() if any(m in text for m in marks)]


def collapsed(text: str) -> str:
    """Without any whitespace: a PDF may break a line inside the payload."""
    return "".join(text.split())


def shown_in_text(text: str, value: str) -> bool:
    """`value` appears literally in text that is not HTML (a PDF, a plain-text mail, a cell)."""
    return collapsed(value) in collapsed(text)


# Reading a response as its user meets it ----------------------------------------------------


def xlsx_text(content: bytes) -> str:
    return "\n".join(str(value) for row in xlsx_rows(content) for value in row if value is not None)


def zip_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(
            document_text(archive.read(name), name.rsplit(".", 1)[-1])
            for name in archive.namelist()
        )


def pdf_text(content: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(content))
    except PyPdfError:  # a stored test file that only starts like a PDF
        return content.decode("utf-8", errors="replace")
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def document_text(content: bytes, kind: str) -> str:
    """The text of a file of `kind` (a content type or an extension) as its reader sees it.
    Stored uploads (letters, attachments) come back as they were uploaded: test files that are
    not always real PDFs, read as bytes."""
    if "pdf" in kind and content.startswith(b"%PDF"):
        return pdf_text(content)
    if ("spreadsheetml" in kind or kind == "xlsx") and zipfile.is_zipfile(io.BytesIO(content)):
        return xlsx_text(content)
    if "zip" in kind and zipfile.is_zipfile(io.BytesIO(content)):
        return zip_text(content)
    return content.decode("utf-8", errors="replace")


def response_body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def response_text(response) -> tuple[str, bool]:
    """(the response's text as its reader sees it, whether it is HTML)."""
    content_type = response.get("Content-Type", "")
    return document_text(response_body(response), content_type), content_type.startswith(
        "text/html"
    )
