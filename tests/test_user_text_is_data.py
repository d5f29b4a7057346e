"""User text is data, never code (STYLE.md rule 14): a name, school name, working title and
theme of `{{ request.COOKIES }}{% debug %}<b>x</b>` shows up literally, escaped in HTML, on
every page, PDF, email and spreadsheet that shows it, and runs nowhere.

The payloads and the signs of their execution are in tests/user_text.py. `{% debug %}` prints
nothing with DEBUG off, so every test here switches DEBUG on.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from applications.collaboration.services import collaborator_invite
from applications.documents.pdf import dossier_pdf
from applications.letters.services import letter_send_reminder
from applications.models import Dossier, School
from applications.selectors import dossiers_full
from applications.services import dossier_submit
from jury.deliberation.selectors import ranking_data
from jury.enums import JuryPhase, Outcome
from jury.exports import export_pdf
from jury.models import Decision, Jury
from jury.publication.services import results_publish
from jury.services import jury_set_phase
from plgportal.accounts.enums import Role
from plgportal.accounts.models import User
from plgportal.accounts.services import user_invite
from plgportal.calls.models import Call
from plgportal.outbox.models import Email
from plgportal.reminders.services import reminders_send_due
from plgportal.spreadsheets.registry import DATASETS, FORMATS, build_file
from sessions.documents import attendance_sheet_pdf, evaluation_report_pdf, trajectory_overview_pdf
from sessions.enums import AttendanceStatus, ProductStage
from sessions.models import Attendance, Product, Trajectory
from sessions.services import trajectory_assign_coach
from tests.factories import (
    TEST_PASSWORD,
    CallFactory,
    DelegateFactory,
    DossierFactory,
    SchoolFactory,
    UserFactory,
    brussels,
    eligible_dossier,
)
from tests.jury.factories import AssignmentFactory, admissible_dossier, submitted_review
from tests.pdfs import demo_dossier, demo_ranking, demo_trajectory
from tests.sessions.factories import trajectory_for
from tests.spreadsheets.helpers import csv_rows, xlsx_rows
from tests.test_access_matrix import CASES, Objects
from tests.user_text import (
    CANARY_COOKIE,
    COACH,
    CONTACT,
    DELEGATE,
    JUROR,
    NAME,
    SCHOOL,
    SIGNER,
    STAFF,
    THEME,
    TITLE,
    UNESCAPED_HTML,
    document_text,
    payload,
    put_payloads_everywhere,
    response_body,
    response_text,
    shown_in_text,
    signs_of_execution,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_tag_speaks(settings):
    settings.DEBUG = True


def signed_in_client(user) -> Client:
    client = Client()
    client.cookies[CANARY_COOKIE[0]] = CANARY_COOKIE[1]
    if user is not None:
        client.force_login(user)
    return client


def assert_data_not_code(response, where: str) -> str:
    """The response shows no trace of run template code nor unescaped markup; its text."""
    text, is_html = response_text(response)
    assert signs_of_execution(text) == [], f"{where}: user text ran as template code"
    if is_html:
        unescaped = [markup for markup in UNESCAPED_HTML if markup in text]
        assert unescaped == [], f"{where}: user text reached the page unescaped"
    return text


# 1. Every page ------------------------------------------------------------------------------
# Each URL of the access matrix that answers 200 to a GET, for every principal it answers so,
# with every name and title in the database replaced by its payload once the URL's objects
# exist. Besides those, every page gets director A's draft dossier, a trajectory and a juror's
# assignment, so lists, tables and the admin's change lists have rows to show. One test per
# URL: the objects are made once for all its principals.


def pages_answering_get() -> dict[str, tuple]:
    """{"key[label]": (key, access, [principals])}: the matrix rows a GET answers with 200."""
    pages: dict[str, tuple] = {}
    for case in CASES:
        key, access, principal = case.values
        if access.method == "get" and access.answers[principal] == 200:
            pages.setdefault(f"{key}{access.label}", (key, access, []))[2].append(principal)
    return pages


@pytest.mark.parametrize(
    ("key", "access", "principals"),
    [pytest.param(*page, id=page_id) for page_id, page in pages_answering_get().items()],
)
def test_every_page_shows_user_text_as_data(request, key, access, principals):
    objects = Objects(request)
    users = {principal: objects.user(principal) for principal in principals}
    path = access.path(objects) if access.path else reverse(key, kwargs=access.kwargs(objects))
    for rows_to_show in ("dossier", "trajectory", "assignment"):
        getattr(objects, rows_to_show)
    put_payloads_everywhere()
    for principal, user in users.items():
        response = signed_in_client(user).get(path)
        assert response.status_code == 200, f"{path} as {principal}"
        assert_data_not_code(response, f"{path} as {principal}")


# 2. Pages that show them ---------------------------------------------------------------------
# Each signed-in principal gets a name of their own, so "the contact person's name" on a page
# is told apart from the viewer's own name in the menu. Everyone else keeps NAME.
PEOPLE = {"staff": STAFF, "director_a": CONTACT, "juror_assigned": JUROR, "coach": COACH}
MENU = "the viewer's name in the menu"


def name_the_people(objects: Objects) -> None:
    for principal, name in PEOPLE.items():
        User.objects.filter(pk=objects.user(principal).pk).update(full_name=name)


@dataclass(frozen=True)
class Shows:
    """A page, whom it is for, and what it must show: (what, the payload that is it). A payload
    named twice must be there twice."""

    url_name: str
    viewer: str
    kwargs: Callable[[Objects], dict]
    texts: tuple[tuple[str, str], ...]
    # Makes what the page shows beyond what its URL names (before the payloads go in).
    prepare: Callable[[Objects], object] = lambda o: None

    @property
    def id(self) -> str:
        return f"{self.url_name}-{self.viewer}"


def draft(o):
    """Director A's draft (o.dossier): one school with one delegate and a signed letter."""
    return {"pk": o.dossier.pk}


def selected(o):
    """Director A's eligible dossier of three schools, now o.trajectory, coached by the coach."""
    return {"pk": o.trajectory.dossier.pk}


def coached(o):
    """o.trajectory: made from director A's eligible dossier, coached by the coach."""
    return {"pk": o.trajectory.pk}


def scored(o):
    """Juror A's assignment to o.jury_dossier (another applicant's), scoring open."""
    return {"pk": o.scoring_assignment.pk}


# Texts staff write on a decision, which reach the applicant.
MOTIVATION, FEEDBACK = payload("motivation"), payload("feedback")


def jury_call(o):
    """The call of o.jury_dossier, whose jury (scoring open) holds juror A's assignment."""
    return {"slug": o.scoring_assignment.jury.call.slug}


def other_juror_scored(o):
    """Juror B (keeping the name NAME) submitted scores for o.jury_dossier."""
    o.jury.members.add(o.user("juror_unassigned"))
    submitted_review(dossier=o.jury_dossier, juror=o.user("juror_unassigned"), values=[5, 4, 4, 3])


SHOWING_PAGES = (
    # The applicant's dossier. The PLG section is where the contact person's name ran as code.
    Shows(
        "applications:dossier_section_plg",
        "staff",
        draft,
        (
            ("the contact person's name above the contact fields", CONTACT),
            ("the working title in its field", TITLE),
            ("the school to choose as lead school", SCHOOL),
            (MENU, STAFF),
        ),
    ),
    Shows(
        "applications:dossier_section_plg",
        "director_a",
        draft,
        (
            ("the contact person's own name above the contact fields", CONTACT),
            (MENU, CONTACT),
            ("the working title in its field", TITLE),
        ),
    ),
    Shows(
        "applications:dossier_review",
        "director_a",
        draft,
        (
            ("the contact person", CONTACT),
            (MENU, CONTACT),
            ("the working title", TITLE),
            ("the own theme", THEME),
            ("the school", SCHOOL),
            ("the school's delegate", DELEGATE),
        ),
    ),
    Shows(
        "home",
        "director_a",
        lambda o: {},
        (("the dossier in my list", TITLE),),
        lambda o: o.dossier,
    ),
    Shows("applications:dossier_detail", "director_a", draft, (("the working title", TITLE),)),
    # The checklist's messages name schools and delegates: an unrecognised school is a
    # problem, delegates sharing a name (all are DELEGATE here) a warning.
    Shows(
        "applications:dossier_checklist",
        "director_a",
        selected,
        (("the school named in a problem", SCHOOL), ("the name named in a warning", DELEGATE)),
        lambda o: o.trajectory.dossier.schools.filter(position=1).update(recognised=False),
    ),
    Shows(
        "applications:dossier_section_motivation",
        "director_a",
        draft,
        (("the own theme in its field", THEME),),
    ),
    Shows(
        "applications:dossier_section_commitments",
        "staff",
        selected,
        (("who confirmed each commitment", CONTACT),),
    ),
    Shows(
        "applications:dossier_section_schools",
        "director_a",
        draft,
        (("the school in its field", SCHOOL),),
    ),
    Shows(
        "applications:dossier_section_delegates",
        "director_a",
        draft,
        (("the school", SCHOOL), ("its delegate", DELEGATE)),
    ),
    Shows(
        "applications:dossier_section_letters",
        "director_a",
        draft,
        (("the school", SCHOOL), ("who signed its letter", SIGNER)),
    ),
    Shows(
        "applications:dossier_collaborators",
        "director_a",
        draft,
        (("the school a partner can represent", SCHOOL),),
    ),
    # Staff's dossier pages.
    Shows(
        "applications:staff_dossier_list",
        "staff",
        lambda o: {"slug": o.call.slug},
        (("the working title", TITLE), ("the contact person", CONTACT)),
        lambda o: o.dossier,
    ),
    Shows(
        "applications:staff_dossier_detail",
        "staff",
        draft,
        (
            ("the contact person", CONTACT),
            ("the working title", TITLE),
            ("the own theme", THEME),
            ("the school", SCHOOL),
            ("the school's delegate", DELEGATE),
            ("who signed the letter", SIGNER),
        ),
    ),
    # Accounts.
    Shows(
        "accounts:profile",
        "director_a",
        lambda o: {},
        (("my name in its field", CONTACT), (MENU, CONTACT)),
    ),
    Shows(
        "accounts:team",
        "staff",
        lambda o: {},
        (("the juror", JUROR), ("the coach", COACH), ("the staff member", STAFF), (MENU, STAFF)),
    ),
    # The jury.
    Shows(
        "home",
        "juror_assigned",
        lambda o: {},
        (("the dossier to score", TITLE),),
        lambda o: o.scoring_assignment,
    ),
    Shows(
        "jury:conflict_declare",
        "juror_assigned",
        scored,
        (("the working title", TITLE), ("the schools", SCHOOL)),
    ),
    Shows(
        "jury:score",
        "juror_assigned",
        scored,
        (
            ("the working title", TITLE),
            ("the own theme", THEME),
            ("the schools", SCHOOL),
            ("their delegates", DELEGATE),
            ("who signed the letters", SIGNER),
            (MENU, JUROR),
        ),
    ),
    Shows(
        "jury:setup",
        "staff",
        jury_call,
        (("the jury member", JUROR), ("the assigned dossier", TITLE)),
    ),
    Shows(
        "jury:ranking",
        "staff",
        jury_call,
        (("the ranked dossier", TITLE), ("the juror's progress", JUROR)),
        other_juror_scored,
    ),
    Shows(
        "jury:ranking_dossier",
        "staff",
        lambda o: jury_call(o) | {"pk": o.jury_dossier.pk},
        (
            ("the working title", TITLE),
            ("the juror still to score", JUROR),
            ("the juror who scored, above their scores", NAME),
            ("the juror who scored, in the chart", NAME),
        ),
        other_juror_scored,
    ),
    Shows("jury:publish", "staff", jury_call, (("the dossier to decide on", TITLE),)),
    Shows(
        "jury:decision_feedback",
        "staff",
        lambda o: {"slug": o.jury.call.slug, "pk": o.jury_decision.dossier_id},
        (
            ("the working title", TITLE),
            ("the decision's motivation, in the preview", MOTIVATION),
            ("staff's feedback in the form", FEEDBACK),
            ("staff's feedback in the preview", FEEDBACK),
        ),
        lambda o: Decision.objects.filter(pk=o.jury_decision.pk).update(
            motivation=MOTIVATION, feedback=FEEDBACK, feedback_edited_at=timezone.now()
        ),
    ),
    # The trajectories.
    Shows(
        "sessions:trajectory_list",
        "staff",
        lambda o: {},
        (("the trajectory", TITLE), ("its coach", COACH)),
        lambda o: o.trajectory,
    ),
    Shows(
        "sessions:trajectory_detail",
        "staff",
        coached,
        (
            ("the working title", TITLE),
            ("the coach", COACH),
            ("the schools", SCHOOL),
            ("the participants", DELEGATE),
        ),
    ),
    Shows(
        "sessions:meeting_detail",
        "coach",
        lambda o: {"pk": o.trajectory.pk, "meeting_pk": o.meeting.pk},
        (("the working title", TITLE), ("the schools", SCHOOL), ("the participants", DELEGATE)),
    ),
    Shows(
        "sessions:trajectory_products",
        "coach",
        coached,
        (("the working title", TITLE), ("the schools a product is of", SCHOOL)),
    ),
    Shows(
        "sessions:trajectory_report",
        "coach",
        coached,
        (("the working title", TITLE), ("the schools in the figures", SCHOOL)),
    ),
    Shows(
        "sessions:overview",
        "staff",
        lambda o: {"slug": o.trajectory.dossier.call.slug},
        (("the trajectory", TITLE), ("its coach", COACH)),
    ),
    Shows(
        "sessions:trajectory_overview",
        "staff",
        coached,
        (
            ("the working title", TITLE),
            ("the coach", COACH),
            ("the schools", SCHOOL),
            ("the participants", DELEGATE),
        ),
    ),
)


def missing_texts(html: str, texts) -> list[str]:
    """What of `texts` the page lacks, literally and escaped, as many times as it is named."""
    wanted: dict[str, list[str]] = {}
    for what, text in texts:
        wanted.setdefault(text, []).append(what)
    missing = []
    for text, whats in wanted.items():
        found = html.count(escape(text))
        if found < len(whats):
            missing.append(f"{' / '.join(whats)}: {text!r} found {found} of {len(whats)} times")
    return missing


@pytest.mark.parametrize("page", SHOWING_PAGES, ids=lambda page: page.id)
def test_page_shows_user_text_literally(request, page):
    objects = Objects(request)
    for principal in PEOPLE:
        objects.user(principal)
    page.prepare(objects)
    path = reverse(page.url_name, kwargs=page.kwargs(objects))
    put_payloads_everywhere()
    name_the_people(objects)

    response = signed_in_client(objects.user(page.viewer)).get(path)

    assert response.status_code == 200, path
    html = assert_data_not_code(response, f"{path} as {page.viewer}")
    assert missing_texts(html, page.texts) == [], f"{path} as {page.viewer}"


def test_sign_in_message_shows_the_name_literally(applicant):
    """allauth's "signed in as <name>" message, rendered from a template with the name."""
    put_payloads_everywhere()
    client = signed_in_client(None)

    response = client.post(
        reverse("account_login"),
        {"login": applicant.email, "password": TEST_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain, "not signed in"
    html = assert_data_not_code(response, "the page after signing in")
    assert missing_texts(html, (("the signed-in message", NAME), (MENU, NAME))) == []


def test_school_lookup_offers_the_name_literally(request):
    """The schools page's lookup (JSON, put in the page with textContent) offers a school of
    the applicant's other dossier by its number: its name as is, the script escapes nothing."""
    objects = Objects(request)
    known = objects.school
    other = DossierFactory(created_by=objects.director_a)
    put_payloads_everywhere()

    response = signed_in_client(objects.director_a).get(
        reverse("applications:dossier_school_lookup", kwargs={"pk": other.pk}),
        {"nummer": known.institution_number},
    )

    assert response.status_code == 200
    assert signs_of_execution(response.content.decode()) == []
    answer = response.json()
    assert answer["school"]["name"] == SCHOOL
    assert SCHOOL in answer["offer"]


def test_call_texts_in_form_help_are_escaped(request):
    """The call's criteria and commitments (staff write them in the admin) are data too: the
    dossier's forms show their descriptions as help text, which crispy prints unescaped."""
    objects = Objects(request)
    dossier = objects.trajectory.dossier  # every commitment confirmed by director A
    unconfirmed = dossier.call.commitments.first()  # its help text is the bare description
    dossier.confirmations.filter(commitment=unconfirmed).delete()
    call_text = payload("calltext")
    dossier.call.criteria.update(description=call_text)
    dossier.call.commitments.update(description=call_text)
    client = signed_in_client(objects.director_a)

    for url_name, count in (
        ("applications:dossier_section_motivation", dossier.call.criteria.count()),
        ("applications:dossier_section_commitments", dossier.call.commitments.count()),
    ):
        response = client.get(reverse(url_name, kwargs={"pk": dossier.pk}))
        html = assert_data_not_code(response, url_name)
        assert "<b>calltext</b>" not in html, f"{url_name}: a description reached it unescaped"
        assert html.count(escape(call_text)) == count, url_name


# 3. Every PDF that shows them ----------------------------------------------------------------
# Rendered from demo-sized data (tests/pdfs.py) after every name and title became its payload;
# PDF text is compared without whitespace (a line may break inside a payload).


def assert_pdf_shows(content: bytes, texts: dict[str, str]) -> None:
    text = document_text(content, "pdf")
    assert signs_of_execution(text) == [], "user text ran as template code"
    missing = [what for what, value in texts.items() if not shown_in_text(text, value)]
    assert missing == [], f"the PDF lacks, literally: {missing}"


def test_dossier_pdf_shows_user_text_literally():
    dossier = demo_dossier()
    put_payloads_everywhere()

    content = dossier_pdf(dossiers_full().get(pk=dossier.pk))

    assert_pdf_shows(
        content,
        {
            "the contact person": NAME,
            "the working title": TITLE,
            "the own theme": THEME,
            "the schools": SCHOOL,
            "their delegates": DELEGATE,
            "who signed the letters": SIGNER,
        },
    )


def test_ranking_pdf_shows_user_text_literally(staff_user):
    data, _dossiers = demo_ranking(staff=staff_user)
    put_payloads_everywhere()

    content = export_pdf(ranking_data(Jury.objects.get(call=data.call)))

    assert_pdf_shows(content, {"the ranked dossiers' working titles": TITLE})


@pytest.mark.parametrize(
    ("document", "texts"),
    [
        pytest.param(
            lambda trajectory: trajectory_overview_pdf(trajectory),
            {"working title": TITLE, "coach": NAME, "schools": SCHOOL, "participants": DELEGATE},
            id="trajectory-overview",
        ),
        pytest.param(
            lambda trajectory: evaluation_report_pdf(trajectory.report),
            {"working title": TITLE, "coach": NAME, "schools": SCHOOL},
            id="evaluation-report",
        ),
        pytest.param(
            lambda trajectory: attendance_sheet_pdf(trajectory.meetings.get(position=1)),
            {"working title": TITLE, "coach": NAME, "schools": SCHOOL, "participants": DELEGATE},
            id="attendance-sheet",
        ),
    ],
)
def test_trajectory_pdf_shows_user_text_literally(coach, document, texts):
    trajectory = demo_trajectory(coach=coach)
    put_payloads_everywhere()

    assert_pdf_shows(document(Trajectory.objects.get(pk=trajectory.pk)), texts)


# 4. Every email that shows them --------------------------------------------------------------
# The real senders, with every name and title already its payload; the outbox rows are what is
# sent. Subjects and plain text show a payload as is, the HTML part escaped.


def assert_mail_shows(email: Email, *, subject=(), body=()) -> None:
    where = f"mail {email.event_key or email.subject!r} to {email.to}"
    for part in (email.subject, email.body_text, email.body_html):
        assert signs_of_execution(part) == [], f"{where}: user text ran as template code"
    unescaped = [markup for markup in UNESCAPED_HTML if markup in email.body_html]
    assert unescaped == [], f"{where}: user text reached the HTML part unescaped"
    assert [text for text in subject if text not in email.subject] == [], where
    assert [text for text in body if text not in email.body_text] == [], f"{where} (text)"
    assert [text for text in body if escape(text) not in email.body_html] == [], f"{where} (HTML)"


def test_invitation_mail_shows_the_inviter_literally(staff_user):
    put_payloads_everywhere()
    staff_user.refresh_from_db()

    invitee = user_invite(
        email="coach.2@example.org", full_name=NAME, role=Role.COACH, invited_by=staff_user
    )

    assert_mail_shows(Email.objects.get(to=invitee.email), body=[NAME])


def test_collaborator_invitation_shows_title_inviter_and_school_literally(applicant):
    dossier = DossierFactory(created_by=applicant)
    SchoolFactory(dossier=dossier)
    put_payloads_everywhere()
    applicant.refresh_from_db()

    collaborator_invite(
        dossier=Dossier.objects.get(pk=dossier.pk),
        email="partner@school.be",
        school=School.objects.get(dossier=dossier),
        invited_by=applicant,
    )

    assert_mail_shows(
        Email.objects.get(to="partner@school.be"), subject=[TITLE], body=[NAME, SCHOOL]
    )


def test_submission_confirmation_shows_title_and_pdf_literally(
    applicant, django_capture_on_commit_callbacks
):
    dossier = eligible_dossier(created_by=applicant)
    put_payloads_everywhere()

    with django_capture_on_commit_callbacks(execute=True):
        dossier_submit(dossier=Dossier.objects.get(pk=dossier.pk), user=applicant)

    email = Email.objects.get(to=applicant.email)
    assert_mail_shows(email, body=[TITLE])
    [attachment] = email.attachments.all()
    assert_pdf_shows(
        bytes(attachment.content),
        {"the contact person": NAME, "the working title": TITLE, "the schools": SCHOOL},
    )


def test_letter_reminder_shows_school_title_sender_and_delegate_literally(applicant):
    dossier = DossierFactory(created_by=applicant)
    DelegateFactory(school__dossier=dossier, function="director", email="directie@school.be")
    put_payloads_everywhere()
    applicant.refresh_from_db()

    letter_send_reminder(school=School.objects.get(dossier=dossier), by=applicant)

    assert_mail_shows(
        Email.objects.get(to="directie@school.be"),
        subject=[SCHOOL],
        body=[DELEGATE, NAME, SCHOOL, TITLE],
    )


def test_jury_result_shows_title_literally(
    staff_user, juror, applicant, django_capture_on_commit_callbacks
):
    dossier = admissible_dossier(by=staff_user, created_by=applicant)
    submitted_review(dossier=dossier, juror=juror, values=[5, 4, 4, 3])
    jury = Jury.objects.get(call=dossier.call)
    jury.members.add(juror)
    Jury.objects.filter(pk=jury.pk).update(phase=JuryPhase.DELIBERATION)
    Call.objects.filter(pk=dossier.call_id).update(
        results_date=timezone.localdate() - timedelta(days=1)
    )
    Decision.objects.create(
        dossier=dossier,
        outcome=Outcome.SELECTED,
        motivation=MOTIVATION,
        feedback=FEEDBACK,
        decided_by=staff_user,
    )
    put_payloads_everywhere()

    with django_capture_on_commit_callbacks(execute=True):
        results_publish(
            jury=Jury.objects.get(pk=jury.pk), by=staff_user, count_exception="Eén dossier."
        )

    assert_mail_shows(Email.objects.get(to=applicant.email), body=[TITLE, MOTIVATION, FEEDBACK])


def test_scoring_opened_mail_shows_juror_and_title_literally(staff_user, juror, applicant):
    dossier = admissible_dossier(by=staff_user, created_by=applicant)
    AssignmentFactory(dossier=dossier, juror=juror)
    put_payloads_everywhere()

    jury_set_phase(jury=Jury.objects.get(call=dossier.call), phase=JuryPhase.SCORING, by=staff_user)

    assert_mail_shows(Email.objects.get(to=juror.email), body=[NAME, TITLE])


def test_coach_assigned_mail_shows_coach_title_and_schools_literally(coach, applicant):
    trajectory = trajectory_for(created_by=applicant)
    put_payloads_everywhere()
    coach.refresh_from_db()

    trajectory_assign_coach(trajectory=Trajectory.objects.get(pk=trajectory.pk), coach=coach)

    assert_mail_shows(
        Email.objects.get(to=coach.email, event_key__startswith="trajectory-coach:"),
        subject=[TITLE],
        body=[NAME, TITLE, SCHOOL],
    )


# The reminders, through the hourly run (reminders_send_due) at a moment one is due.


def draft_deadline_due():
    call = CallFactory(opens_at=brussels(2026, 1, 5, 9), deadline=brussels(2026, 3, 20, 23, 59))
    DossierFactory(call=call)
    return brussels(2026, 3, 17, 9, 5)


def scoring_deadline_due():
    call = CallFactory(opens_at=brussels(2026, 1, 5, 9), deadline=brussels(2026, 3, 1, 23))
    Jury.objects.create(
        call=call, phase=JuryPhase.SCORING, scoring_deadline=brussels(2026, 4, 15, 17)
    )
    AssignmentFactory(dossier=DossierFactory(call=call), has_conflict=False)
    return brussels(2026, 4, 13, 9)


def trajectory_meeting_on(day):
    trajectory = trajectory_for(coach=UserFactory(role="coach"))
    trajectory.meetings.filter(position=1).update(date=day, start_time=time(19), end_time=time(21))
    return trajectory


def meeting_upcoming_due():
    trajectory_meeting_on(date(2026, 3, 10))
    return brussels(2026, 3, 3)


def minutes_missing_due():
    trajectory_meeting_on(date(2026, 3, 10))
    return brussels(2026, 3, 13, 8)


def report_due_due():
    trajectory_for(coach=UserFactory(role="coach"))  # the 2024 rules: due 30 June 2026
    return brussels(2026, 6, 16)


@pytest.mark.parametrize(
    ("kind", "due", "subject", "body"),
    [
        ("draft_deadline", draft_deadline_due, [TITLE], [NAME, TITLE]),
        ("scoring_deadline", scoring_deadline_due, [], [NAME, TITLE]),
        ("meeting_upcoming", meeting_upcoming_due, [], [DELEGATE, TITLE]),
        ("minutes_missing", minutes_missing_due, [], [NAME, TITLE]),
        ("report_due", report_due_due, [TITLE], [NAME, TITLE]),
    ],
)
def test_reminder_shows_user_text_literally(kind, due, subject, body):
    now = due()
    put_payloads_everywhere()

    reminders_send_due(now=now)

    emails = Email.objects.filter(event_key__startswith=f"reminder:{kind}:")
    assert emails.exists(), f"no {kind} reminder was due"
    for email in emails:
        assert_mail_shows(email, subject=subject, body=body)
        for attachment in email.attachments.all():  # the meeting's invitation (.ics)
            text = bytes(attachment.content).decode()
            assert signs_of_execution(text) == []
            assert shown_in_text(text.replace("\r\n ", ""), TITLE)


# allauth's account mails (templates/account/email/, through plgportal/accounts/adapter.py).


def test_signup_confirmation_shows_the_name_literally(django_capture_on_commit_callbacks):
    """The confirmation mail names the new user, and so does the page its link opens."""
    client = signed_in_client(None)
    password = "lange-zin-als-wachtwoord"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "full_name": NAME,
                "email": "greet@school.be",
                "password1": password,
                "password2": password,
            },
        )

    assert response.status_code == 302
    assert User.objects.get(email="greet@school.be").full_name == NAME
    email = Email.objects.get(to="greet@school.be")
    assert_mail_shows(email, body=[NAME])
    [link] = re.findall(r"https?://\S+(/account/confirm-email/\S+)", email.body_text)
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    html = assert_data_not_code(confirm_page, "the email confirmation page")
    assert missing_texts(html, (("whose address it is", NAME),)) == []


def test_password_reset_mail_runs_no_user_text(applicant, django_capture_on_commit_callbacks):
    """allauth renders its mails with the request in the context: the canary cookie is there."""
    put_payloads_everywhere()

    with django_capture_on_commit_callbacks(execute=True):
        signed_in_client(None).post(reverse("account_reset_password"), {"email": applicant.email})

    [email] = Email.objects.filter(to=applicant.email)
    assert "/account/password/reset/key/" in email.body_text
    assert_mail_shows(email)


# 5. Every spreadsheet ------------------------------------------------------------------------
# Each dataset of the registry, as XLSX and CSV, from a call where every table has rows: an
# admissible dossier (lead school set) scored by a juror, made a trajectory with attendance and
# a product. A payload starts with "{", which the CSV writer leaves alone (it only neutralises
# = + - @ at the start of a cell).

DATASET_TEXTS = {
    "dossiers": {
        "Werktitel": TITLE,
        "Contactpersoon": NAME,
        "Trekkende school": SCHOOL,
        "Scholen": SCHOOL,
        "Thema": THEME,
    },
    "scholen": {"Werktitel": TITLE, "School": SCHOOL, "Letter of intent ondertekend door": SIGNER},
    "afgevaardigden": {"Werktitel": TITLE, "School": SCHOOL, "Naam": DELEGATE},
    "scores": {"Werktitel": TITLE, "Jurylid": NAME},
    "rangschikking": {"Werktitel": TITLE},
    "trajecten": {"Titel": TITLE, "Coach": NAME},
    "aanwezigheden": {"Deelnemer": DELEGATE, "School": SCHOOL},
    "producten": {"School": SCHOOL},
    "indicatoren": {"PLG": TITLE, "School": SCHOOL},
}


@pytest.fixture
def filled_call(staff_user, juror, coach):
    dossier = admissible_dossier(by=staff_user)
    lead = dossier.schools.order_by("position").first()
    Dossier.objects.filter(pk=dossier.pk).update(lead_school=lead)
    submitted_review(dossier=dossier, juror=juror, values=[5, 4, 4, 3])
    trajectory = trajectory_for(dossier=dossier, coach=coach)
    meeting = trajectory.meetings.get(position=1)
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, participant=participant, status=AttendanceStatus.PRESENT)
        for participant in trajectory.participants.all()
    )
    Product.objects.create(
        trajectory=trajectory, school=lead, title="Mentorplan", stage=ProductStage.IDEA
    )
    put_payloads_everywhere()
    return Call.objects.get(pk=dossier.call_id)


def table_rows(content: bytes, fmt: str) -> list[list[str]]:
    if fmt == "csv":
        return csv_rows(content)
    return [["" if value is None else str(value) for value in row] for row in xlsx_rows(content)]


def assert_cells_show(rows: list[list], texts: dict[str, str], where: str) -> None:
    """Every row has the payload, literally, in each of the named columns; no cell ran code."""
    header, *body = rows
    assert body, f"{where}: no rows"
    for row in body:
        for cell in row:
            assert signs_of_execution(cell) == [], f"{where}: {cell!r}"
        cells = dict(zip(header, row, strict=True))
        wrong = {
            column: cells.get(column)
            for column, text in texts.items()
            if text not in (cells.get(column) or "")
        }
        assert wrong == {}, f"{where}: these columns lack their text literally"


def test_every_dataset_is_listed_here():
    assert set(DATASET_TEXTS) == set(DATASETS)


@pytest.mark.parametrize("dataset", list(DATASET_TEXTS))
def test_dataset_shows_user_text_literally(filled_call, dataset):
    for fmt in FORMATS:
        _name, content = build_file(call=filled_call, dataset=dataset, fmt=fmt)
        assert_cells_show(table_rows(content, fmt), DATASET_TEXTS[dataset], f"{dataset}.{fmt}")


@pytest.mark.parametrize(
    ("url_name", "kwargs", "query", "texts"),
    [
        ("applications:staff_dossier_export", "slug", "formaat=csv", DATASET_TEXTS["dossiers"]),
        ("applications:staff_dossier_export", "slug", "formaat=xlsx", DATASET_TEXTS["dossiers"]),
        ("jury:ranking_export", "slug", "formaat=xlsx", DATASET_TEXTS["rangschikking"]),
        ("sessions:overview_xlsx", "slug", "", DATASET_TEXTS["trajecten"]),
    ],
    ids=["dossier-list-csv", "dossier-list-xlsx", "ranking-xlsx", "trajectories-overview-xlsx"],
)
def test_page_export_shows_user_text_literally(
    filled_call, staff_user, url_name, kwargs, query, texts
):
    """The staff's downloads outside the registry: the same columns, through their views."""
    client = signed_in_client(staff_user)

    response = client.get(f"{reverse(url_name, kwargs={kwargs: filled_call.slug})}?{query}")

    assert response.status_code == 200
    fmt = "xlsx" if "spreadsheetml" in response["Content-Type"] else "csv"
    assert_cells_show(table_rows(response_body(response), fmt), texts, url_name)
