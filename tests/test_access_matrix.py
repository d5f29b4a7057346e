"""Who gets what, for every URL of the project: the written-down spec of access.

`walk_url_patterns()` finds every URL pattern; each must have a row in `EXPECTED` (or, for the
admin's generated model URLs, match an `ADMIN_MODEL_RULES` kind), so no page is added unchecked.
Each (url, principal) pair is one test case: `test_access[team-juror_unassigned]`.

Answers: a status code, LOGIN (302 to the portal login, or the admin login for admin URLs, with
`?next=` the requested path), or `Redirect("url_name")` (302 there).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cached_property
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from plgportal.accounts.enums import Role
from plgportal.accounts.services import FOUNDATION_STAFF_GROUP, user_invite
from plgportal.accounts.tokens import invitation_token_generator
from plgportal.calls.models import Call
from plgportal.outbox.models import Email
from plgportal.reminders.unsubscribe import unsubscribe_token
from tests.factories import (
    CallFactory,
    DelegateFactory,
    DossierFactory,
    LetterOfIntentFactory,
)

# Each principal and the conftest fixture that signs them in.
PRINCIPAL_FIXTURES = {
    "anonymous": None,
    "director_a": "applicant",
    "director_b": "other_applicant",
    # Both plain jurors until jury assignment exists; kept apart because their answers will differ.
    "juror_assigned": "juror",
    "juror_unassigned": "other_juror",
    "coach": "coach",
    "staff": "staff_user",
}
PRINCIPALS = tuple(PRINCIPAL_FIXTURES)
LOGIN = "login"
CHANGE_PAGE = "change page"  # the admin object's change page, for the admin rules below


class Objects:
    """What URLs are built from, each created on first use: most cases need one or two."""

    def __init__(self, request):
        self._request = request

    def user(self, principal):
        fixture = PRINCIPAL_FIXTURES[principal]
        return self._request.getfixturevalue(fixture) if fixture else None

    @cached_property
    def director_a(self):
        return self.user("director_a")

    @cached_property
    def director_a_address(self):
        return EmailAddress.objects.get(user=self.director_a)

    @cached_property
    def director_a_passkey(self):
        """A security key as allauth stores one (the credential itself is never read here)."""
        return Authenticator.objects.create(
            user=self.director_a,
            type=Authenticator.Type.WEBAUTHN,
            data={"name": "Sleutel", "credential": {}, "passwordless": False},
        )

    @cached_property
    def staff_group(self):
        self.user("staff")  # user_set_role creates the group for the first staff member
        return Group.objects.get(name=FOUNDATION_STAFF_GROUP)

    @cached_property
    def call(self):
        return CallFactory()

    @cached_property
    def dossier(self):
        """Director A's draft on an open call, with one school, delegate and letter."""
        dossier = DossierFactory(call=self.call, created_by=self.director_a)
        LetterOfIntentFactory(school=DelegateFactory(school__dossier=dossier).school)
        return dossier

    @cached_property
    def school(self):
        return self.dossier.schools.get()

    @cached_property
    def delegate(self):
        return self.school.delegates.get()

    @cached_property
    def jury_dossier(self):
        """An admissible dossier (on its own call with the 2024 rules) for the jury to score."""
        from tests.jury.factories import admissible_dossier

        return admissible_dossier(by=self.user("staff"))

    @cached_property
    def jury(self):
        """The jury of jury_dossier's call, with juror A as its only member."""
        from jury.services import jury_for_call

        jury = jury_for_call(self.jury_dossier.call)
        jury.members.add(self.user("juror_assigned"))
        return jury

    @cached_property
    def assignment(self):
        """Juror A on jury_dossier, having declared no conflict of interest."""
        from jury.models import Assignment

        return Assignment.objects.create(
            jury=self.jury,
            dossier=self.jury_dossier,
            juror=self.user("juror_assigned"),
            has_conflict=False,
        )

    @cached_property
    def submitted_review(self):
        """Juror A's submitted review of jury_dossier (o.jury still in set-up)."""
        from django.utils import timezone

        from jury.enums import ReviewStatus
        from jury.models import Review

        return Review.objects.create(
            assignment=self.assignment, status=ReviewStatus.SUBMITTED, submitted_at=timezone.now()
        )

    @cached_property
    def jury_decision(self):
        """The decision on jury_dossier (o.jury still in set-up: its feedback cannot be edited)."""
        from jury.enums import Outcome
        from jury.models import Decision

        return Decision.objects.create(
            dossier=self.jury_dossier, outcome=Outcome.SELECTED, decided_by=self.user("staff")
        )

    @cached_property
    def scoring_assignment(self):
        """o.assignment, with its jury's scoring open."""
        from jury.enums import JuryPhase
        from jury.services import jury_set_phase

        jury_set_phase(jury=self.jury, phase=JuryPhase.SCORING, by=self.user("staff"))
        return self.assignment

    @cached_property
    def trajectory(self):
        """A trajectory made from director A's eligible dossier, coached by the coach."""
        from tests.factories import eligible_dossier
        from tests.sessions.factories import trajectory_for

        return trajectory_for(
            dossier=eligible_dossier(created_by=self.director_a), coach=self.user("coach")
        )

    @cached_property
    def meeting(self):
        """The first PLG meeting of o.trajectory."""
        return self.trajectory.meetings.order_by("position").first()

    @cached_property
    def joint_meeting(self):
        """The kick-off of o.trajectory's call."""
        from sessions.models import Meeting

        return Meeting.objects.create(call=self.trajectory.dossier.call, kind="kickoff")

    @cached_property
    def indicator_definition(self):
        """The first indicator o.call asks of its schools."""
        from sessions.indicators.services import indicator_definitions_ensure

        return indicator_definitions_ensure(call=self.call)[0]

    @cached_property
    def feedback_question(self):
        """The first question asked after o.call's meetings."""
        from sessions.feedback.services import feedback_questions_ensure

        return feedback_questions_ensure(call=self.call)[0]

    def feedback_token(self, *, closed: bool) -> str:
        """The link to the questionnaire about o.meeting of o.trajectory's first participant,
        open (mailed an hour ago) or closed (its 14 days over)."""
        from datetime import timedelta

        from django.utils import timezone

        from sessions.feedback.services import feedback_questions_ensure
        from sessions.feedback.tokens import questionnaire_token
        from sessions.models import FeedbackRequest

        feedback_questions_ensure(call=self.meeting.call)
        shift = timedelta(days=15) if closed else timedelta()
        request, _created = FeedbackRequest.objects.update_or_create(
            participant=self.trajectory.participants.order_by("pk").first(),
            meeting=self.meeting,
            defaults={
                "opens_at": timezone.now() - timedelta(hours=1) - shift,
                "closes_at": timezone.now() + timedelta(days=14) - shift,
            },
        )
        return questionnaire_token(request.pk)

    def indicator_token(self, *, expired: bool) -> str:
        """The link to the indicators of o.trajectory's first school at the start, made now or
        31 days ago (its 30 days over)."""
        from datetime import timedelta

        from django.utils import timezone

        from sessions.indicators.tokens import indicator_token

        shift = timedelta(days=31) if expired else timedelta()
        return indicator_token(
            school_id=self.trajectory.dossier.schools.order_by("position").first().pk,
            moment="before",
            issued_at=timezone.now() - shift,
        )

    def indicator_kwargs(self) -> dict:
        """o.trajectory and its first school, at the start."""
        school = self.trajectory.dossier.schools.order_by("position").first()
        return {"pk": self.trajectory.pk, "school_pk": school.pk, "moment": "before"}

    @cached_property
    def product(self):
        """A product of o.trajectory."""
        from sessions.models import Product

        return Product.objects.create(trajectory=self.trajectory, title="Mentorplan", stage="idea")

    @cached_property
    def product_with_attachment(self):
        """A product of o.trajectory with an attached file."""
        from django.core.files.base import ContentFile

        from sessions.models import Product

        product = Product(trajectory=self.trajectory, title="Draaiboek", stage="prototype")
        product.attachment = ContentFile(b"plan", name="draaiboek.pdf")
        product.attachment_name = "draaiboek.pdf"
        product.save()
        return product

    @cached_property
    def preparation_with_file(self):
        """The first school's preparation of o.meeting, with a knowledge source file."""
        from django.core.files.base import ContentFile

        from sessions.models import Preparation

        preparation = Preparation(
            meeting=self.meeting, school=self.trajectory.dossier.schools.first()
        )
        preparation.source_file = ContentFile(b"bron", name="bron.pdf")
        preparation.source_file_name = "bron.pdf"
        preparation.save()
        return preparation

    @cached_property
    def export(self):
        """A finished export with its file, requested by the staff member."""
        from tests.exports.factories import done_export

        return done_export(requested_by=self.user("staff"))

    @cached_property
    def failed_export(self):
        """An export of the staff member that failed."""
        from tests.exports.factories import ExportFactory

        return ExportFactory(requested_by=self.user("staff"), status="failed", error="Kapot.")

    @cached_property
    def trajectory_calendar_token(self):
        from sessions.models import CalendarToken

        return CalendarToken.objects.get(trajectory=self.trajectory).token  # made with it

    @cached_property
    def user_calendar_token(self):
        """Director A's own calendar token."""
        from sessions.models import CalendarToken

        return CalendarToken.objects.create(user=self.director_a).token

    @cached_property
    def invitee(self):
        return user_invite(
            email="coach.2@example.org",
            full_name="Nieuwe Coach",
            role=Role.COACH,
            invited_by=self.user("staff"),
        )

    @cached_property
    def invitation_email(self):
        return Email.objects.get(to=self.invitee.email)

    @cached_property
    def email_attachment(self):
        """A PDF attached to o.invitation_email (which has none of its own)."""
        return self.invitation_email.attachments.create(filename="dossier.pdf", content=b"%PDF-")


def no_kwargs(objects):
    return {}


@dataclass(frozen=True)
class Redirect:
    """302 to this URL name (path compared, query ignored)."""

    target: str
    kwargs: Callable[["Objects"], dict] = no_kwargs
    back: bool = False  # carries ?next= the requested path (to come back after the step)


@dataclass(frozen=True)
class Access:
    answers: dict
    kwargs: Callable[["Objects"], dict] = no_kwargs
    method: str = "get"
    label: str = ""  # tells apart two rows for one URL: "[bogus-token]"
    path: Callable[["Objects"], str] | None = None  # for unnamed patterns


# Confirm the password first, then come back.
REAUTHENTICATE = Redirect("account_reauthenticate", back=True)


def everyone(answer, **overrides):
    return {principal: answer for principal in PRINCIPALS} | overrides


def signed_in(answer, **overrides):
    return everyone(answer, anonymous=LOGIN, **overrides)


def staff_only(answer, **overrides):
    return everyone(403, anonymous=LOGIN, staff=answer, **overrides)


def visitors_only(answer, **overrides):
    """Pages for signing in or up: signed-in users are sent home."""
    return everyone(Redirect("home"), anonymous=answer, **overrides)


def admin_only(answer, **overrides):
    return everyone(LOGIN, staff=answer, **overrides)


def invitation_kwargs(objects):
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(objects.invitee.pk)),
        "token": invitation_token_generator.make_token(objects.invitee),
    }


def newest_dossier(objects):
    return objects.call.dossiers.latest("pk").pk


def newest_export(objects):
    from plgportal.exports.models import Export

    return Export.objects.latest("pk").pk


def meeting_kwargs(objects):
    return {"pk": objects.trajectory.pk, "meeting_pk": objects.meeting.pk}


EXPECTED = {
    # Public pages.
    "home": Access(everyone(200)),
    "privacy": Access(everyone(200)),
    "health": Access(everyone(200)),
    "calls:detail": Access(everyone(200), kwargs=lambda o: {"slug": o.call.slug}),
    "set_language": Access(everyone(Redirect("home")), method="post"),
    # Accounts: the team is staff business; the invitation link is the invitee's credential.
    "accounts:team": Access(staff_only(200)),
    "accounts:invitation_resend": Access(
        staff_only(Redirect("accounts:team")), kwargs=lambda o: {"pk": o.invitee.pk}, method="post"
    ),
    "accounts:invitation_accept": [
        # Signed in as someone else: accepting would switch accounts, so it is refused.
        Access(everyone(403, anonymous=200), kwargs=invitation_kwargs),
        Access(
            everyone(400),
            kwargs=lambda o: invitation_kwargs(o) | {"token": "bogus-token"},
            label="[bogus-token]",
        ),
    ],
    "accounts:profile": Access(signed_in(200)),
    # The link in a reminder: the signed token is the credential, for anyone who has it.
    "reminders:unsubscribe": [
        Access(
            everyone(200),
            kwargs=lambda o: {
                "token": unsubscribe_token(email="deelnemer@school.be", kind="meeting_upcoming")
            },
        ),
        Access(everyone(400), kwargs=lambda o: {"token": "bogus-token"}, label="[bogus-token]"),
    ],
    # The outbox: staff only. o.invitation_email is freshly queued: resending it is refused with
    # a message, back to its page.
    "outbox:list": Access(staff_only(200)),
    "outbox:detail": [
        Access(staff_only(200), kwargs=lambda o: {"pk": o.invitation_email.pk}),
        Access(staff_only(404), kwargs=lambda o: {"pk": 999999}, label="[unknown-email]"),
    ],
    # The mail's HTML, framed by its outbox page.
    "outbox:html": Access(staff_only(200), kwargs=lambda o: {"pk": o.invitation_email.pk}),
    "outbox:resend": Access(
        staff_only(Redirect("outbox:detail", kwargs=lambda o: {"pk": o.invitation_email.pk})),
        kwargs=lambda o: {"pk": o.invitation_email.pk},
        method="post",
    ),
    "outbox:attachment": Access(
        staff_only(200),
        kwargs=lambda o: {"pk": o.invitation_email.pk, "attachment_pk": o.email_attachment.pk},
    ),
    # The applicant's dossier: applicants start one (and land on it); members fill it in, staff
    # look without changing (403 on POST); for anyone else the dossier does not exist.
    # GET: the page before starting (where the call's page sends a visitor after signing in).
    "applications:dossier_start": [
        Access(
            everyone(403, anonymous=LOGIN, director_a=200, director_b=200),
            kwargs=lambda o: {"slug": o.call.slug},
        ),
        Access(
            everyone(
                403,
                anonymous=LOGIN,
                director_a=Redirect(
                    "applications:dossier_detail", kwargs=lambda o: {"pk": newest_dossier(o)}
                ),
                director_b=Redirect(
                    "applications:dossier_detail", kwargs=lambda o: {"pk": newest_dossier(o)}
                ),
            ),
            kwargs=lambda o: {"slug": o.call.slug},
            method="post",
            label="[post]",
        ),
    ],
    **{
        name: Access(
            everyone(404, anonymous=LOGIN, director_a=200, staff=200),
            kwargs=lambda o: {"pk": o.dossier.pk},
        )
        for name in (
            "applications:dossier_detail",
            "applications:dossier_checklist",
            "applications:dossier_section_plg",
            "applications:dossier_section_motivation",
            "applications:dossier_section_commitments",
        )
    },
    "applications:dossier_review": [
        Access(
            everyone(404, anonymous=LOGIN, director_a=200, staff=200),
            kwargs=lambda o: {"pk": o.dossier.pk},
        ),
        # o.dossier is not eligible: refused with the checklist's messages, back to the review.
        Access(
            everyone(
                404,
                anonymous=LOGIN,
                director_a=Redirect(
                    "applications:dossier_review", kwargs=lambda o: {"pk": o.dossier.pk}
                ),
                staff=403,
            ),
            kwargs=lambda o: {"pk": o.dossier.pk},
            method="post",
            label="[post]",
        ),
    ],
    # An empty POST comes back as a fragment saying what is wrong; staff may not save.
    "applications:dossier_motivation_autosave": Access(
        everyone(404, anonymous=LOGIN, director_a=200, staff=403),
        kwargs=lambda o: {"pk": o.dossier.pk},
        method="post",
    ),
    # Letters of intent: members and staff see and download them; members upload, the contact
    # person reminds, staff check. For anyone else the dossier does not exist.
    "applications:dossier_section_letters": Access(
        everyone(404, anonymous=LOGIN, director_a=200, staff=200),
        kwargs=lambda o: {"pk": o.dossier.pk},
    ),
    # An empty upload comes back with its errors next to the fields.
    "applications:letter_upload": Access(
        everyone(404, anonymous=LOGIN, director_a=200, staff=403),
        kwargs=lambda o: {"pk": o.dossier.pk, "school_pk": o.school.pk},
        method="post",
    ),
    "applications:letter_download": [
        Access(
            everyone(404, anonymous=LOGIN, director_a=200, staff=200),
            kwargs=lambda o: {"pk": o.dossier.pk, "school_pk": o.school.pk},
        ),
        # A juror assigned without conflict downloads the letters of the dossier they score.
        Access(
            everyone(404, anonymous=LOGIN, juror_assigned=200, staff=200),
            kwargs=lambda o: {
                "pk": o.assignment.dossier_id,
                "school_pk": o.jury_dossier.schools.first().pk,
            },
            label="[jury-dossier]",
        ),
    ],
    "applications:letter_check": Access(
        everyone(
            404,
            anonymous=LOGIN,
            director_a=403,
            staff=Redirect(
                "applications:dossier_section_letters", kwargs=lambda o: {"pk": o.dossier.pk}
            ),
        ),
        kwargs=lambda o: {"pk": o.dossier.pk, "school_pk": o.school.pk},
        method="post",
    ),
    # o.school's letter is there: the reminder is refused, back to the section with a message.
    "applications:letter_reminder": Access(
        everyone(
            404,
            anonymous=LOGIN,
            director_a=Redirect(
                "applications:dossier_section_letters", kwargs=lambda o: {"pk": o.dossier.pk}
            ),
            staff=403,
        ),
        kwargs=lambda o: {"pk": o.dossier.pk, "school_pk": o.school.pk},
        method="post",
    ),
    # Partner directors: members see who works along; only the contact person invites/removes.
    "applications:dossier_collaborators": Access(
        everyone(404, anonymous=LOGIN, director_a=200, staff=200),
        kwargs=lambda o: {"pk": o.dossier.pk},
    ),
    "applications:dossier_collaborator_remove": Access(
        everyone(
            404,
            anonymous=LOGIN,
            # The contact person cannot be removed: back to the list with a message.
            director_a=Redirect(
                "applications:dossier_collaborators", kwargs=lambda o: {"pk": o.dossier.pk}
            ),
            staff=403,
        ),
        kwargs=lambda o: {"pk": o.dossier.pk, "collaborator_pk": o.dossier.collaborators.get().pk},
        method="post",
    ),
    "applications:dossier_confirm_final": Access(
        everyone(
            404,
            anonymous=LOGIN,
            # Only partner directors confirm: the contact person is sent back with a message.
            director_a=Redirect(
                "applications:dossier_collaborators", kwargs=lambda o: {"pk": o.dossier.pk}
            ),
            staff=403,
        ),
        kwargs=lambda o: {"pk": o.dossier.pk},
        method="post",
    ),
    # Composition sections (schools, delegates, planning): members save (an empty POST comes
    # back with its errors), staff look without saving; for anyone else the dossier does not exist.
    **{
        name: [
            Access(
                everyone(404, anonymous=LOGIN, director_a=200, staff=200),
                kwargs=lambda o: {"pk": o.dossier.pk},
            ),
            Access(
                everyone(404, anonymous=LOGIN, director_a=200, staff=403),
                kwargs=lambda o: {"pk": o.dossier.pk},
                method="post",
                label="[post]",
            ),
        ]
        for name in (
            "applications:dossier_section_schools",
            "applications:dossier_section_delegates",
            "applications:dossier_section_planning",
        )
    },
    # Known schools by institution number: only for those who may edit the dossier.
    "applications:dossier_school_lookup": Access(
        everyone(404, anonymous=LOGIN, director_a=200, staff=403),
        kwargs=lambda o: {"pk": o.dossier.pk},
    ),
    # The dossier as PDF: its members and staff; for anyone else it does not exist.
    "applications:dossier_pdf": Access(
        everyone(404, anonymous=LOGIN, director_a=200, staff=200),
        kwargs=lambda o: {"pk": o.dossier.pk},
    ),
    # Staff's dossier pages: 403 for everyone else, the dossier's own director included.
    "applications:staff_dossier_list": Access(
        staff_only(200), kwargs=lambda o: {"slug": o.call.slug}
    ),
    "applications:staff_dossier_export": Access(
        staff_only(200), kwargs=lambda o: {"slug": o.call.slug}
    ),
    # A call's table as a file (small: at once; the empty call of o.call is small).
    "spreadsheets:download": Access(
        staff_only(200), kwargs=lambda o: {"slug": o.call.slug, "dataset": "dossiers", "fmt": "csv"}
    ),
    "applications:staff_dossier_detail": Access(
        staff_only(200), kwargs=lambda o: {"pk": o.dossier.pk}
    ),
    # o.dossier is a draft: no decision yet, nothing to reopen; staff are sent back to its
    # page with an error message.
    "applications:staff_dossier_decide": Access(
        staff_only(
            Redirect("applications:staff_dossier_detail", kwargs=lambda o: {"pk": o.dossier.pk})
        ),
        kwargs=lambda o: {"pk": o.dossier.pk},
        method="post",
    ),
    "applications:staff_dossier_reopen": Access(
        staff_only(
            Redirect("applications:staff_dossier_detail", kwargs=lambda o: {"pk": o.dossier.pk})
        ),
        kwargs=lambda o: {"pk": o.dossier.pk},
        method="post",
    ),
    # Setting up a call's jury: staff only. On o.call (no dossiers) the page shows an empty
    # jury; empty POSTs come back with their errors (200) or back to the page with a message.
    "jury:setup": [
        Access(staff_only(200), kwargs=lambda o: {"slug": o.call.slug}),
        # A staff page answers by role before looking anything up: the same 403 for every
        # address, an unknown call included (only staff learn it does not exist).
        Access(staff_only(404), kwargs=lambda o: {"slug": "onbekend"}, label="[unknown-call]"),
    ],
    **{
        name: Access(staff_only(answer), kwargs=lambda o: {"slug": o.call.slug}, method="post")
        for name, answer in (
            ("jury:members", Redirect("jury:setup", kwargs=lambda o: {"slug": o.call.slug})),
            ("jury:assignments_generate", 200),
            (
                "jury:assignment_add",
                Redirect("jury:setup", kwargs=lambda o: {"slug": o.call.slug}),
            ),
            ("jury:settings", Redirect("jury:setup", kwargs=lambda o: {"slug": o.call.slug})),
            ("jury:phase", 200),
        )
    },
    # Removing o.assignment (or refusing to, with a message) leads back to its jury's page.
    "jury:assignment_remove": Access(
        staff_only(Redirect("jury:setup", kwargs=lambda o: {"slug": o.assignment.jury.call.slug})),
        kwargs=lambda o: {"pk": o.assignment.pk},
        method="post",
    ),
    "jury:conflict_record": Access(
        staff_only(200), kwargs=lambda o: {"pk": o.assignment.pk}, method="post"
    ),
    # Ranking and deliberation: staff only, jurors included in the 403. o.jury is still in
    # set-up: a decision is refused, back to the dossier's scores with a message.
    "jury:ranking": Access(staff_only(200), kwargs=lambda o: {"slug": o.jury.call.slug}),
    "jury:ranking_export": Access(staff_only(200), kwargs=lambda o: {"slug": o.jury.call.slug}),
    "jury:ranking_pdf_export_start": Access(
        staff_only(Redirect("exports:detail", kwargs=lambda o: {"pk": newest_export(o)})),
        kwargs=lambda o: {"slug": o.jury.call.slug},
        method="post",
    ),
    "jury:ranking_dossier": Access(
        staff_only(200), kwargs=lambda o: {"slug": o.jury.call.slug, "pk": o.jury_dossier.pk}
    ),
    "jury:decision": Access(
        staff_only(
            Redirect(
                "jury:ranking_dossier",
                kwargs=lambda o: {"slug": o.jury.call.slug, "pk": o.jury_dossier.pk},
            )
        ),
        kwargs=lambda o: {"slug": o.jury.call.slug, "pk": o.jury_dossier.pk},
        method="post",
    ),
    # Publishing results: staff only. o.jury is in set-up: the page lists why publishing is
    # refused; an unconfirmed POST comes back with its error. Reopening a review in set-up is
    # refused with a message, back to the dossier's scores.
    "jury:publish": [
        Access(staff_only(200), kwargs=lambda o: {"slug": o.jury.call.slug}),
        Access(
            staff_only(200),
            kwargs=lambda o: {"slug": o.jury.call.slug},
            method="post",
            label="[post]",
        ),
    ],
    # The feedback on one decided dossier: staff only. o.jury is in set-up: the page shows the
    # preview and the form; an edit is refused with its error (200). A dossier of the call
    # without a decision does not exist here (staff: 404).
    "jury:decision_feedback": [
        Access(
            staff_only(200),
            kwargs=lambda o: {"slug": o.jury.call.slug, "pk": o.jury_decision.dossier_id},
        ),
        Access(
            staff_only(200),
            kwargs=lambda o: {"slug": o.jury.call.slug, "pk": o.jury_decision.dossier_id},
            method="post",
            label="[post]",
        ),
        Access(
            staff_only(404),
            kwargs=lambda o: {"slug": o.jury.call.slug, "pk": o.jury_dossier.pk},
            label="[undecided]",
        ),
    ],
    "jury:review_reopen": Access(
        staff_only(
            Redirect(
                "jury:ranking_dossier",
                kwargs=lambda o: {"slug": o.jury.call.slug, "pk": o.jury_dossier.pk},
            )
        ),
        kwargs=lambda o: {"pk": o.submitted_review.pk},
        method="post",
    ),
    # The juror's own assignment (scoring open): for anyone else it does not exist. An empty
    # declaration comes back with its error; an empty scoring form saves a draft.
    "jury:conflict_declare": [
        Access(
            everyone(404, anonymous=LOGIN, juror_assigned=200),
            kwargs=lambda o: {"pk": o.scoring_assignment.pk},
        ),
        Access(
            everyone(404, anonymous=LOGIN, juror_assigned=200),
            kwargs=lambda o: {"pk": o.scoring_assignment.pk},
            method="post",
            label="[post]",
        ),
    ],
    "jury:score": [
        Access(
            everyone(404, anonymous=LOGIN, juror_assigned=200),
            kwargs=lambda o: {"pk": o.scoring_assignment.pk},
        ),
        Access(
            everyone(
                404,
                anonymous=LOGIN,
                juror_assigned=Redirect(
                    "jury:score", kwargs=lambda o: {"pk": o.scoring_assignment.pk}
                ),
            ),
            kwargs=lambda o: {"pk": o.scoring_assignment.pk},
            method="post",
            label="[post]",
        ),
    ],
    # A juror's list of their dossiers in a jury: its member only; for anyone else the jury's
    # list does not exist.
    "jury:my_dossiers": Access(
        everyone(404, anonymous=LOGIN, juror_assigned=200),
        kwargs=lambda o: {"pk": o.assignment.jury.pk},
    ),
    # A meeting of o.trajectory (director A's dossier, so A is a participant): participants see
    # the page and the roles matrix read-only; every POST, the attendance sheet and the joint
    # event's attendance are the coach's and staff's (404 for participants). Empty POSTs:
    # attendance comes back with its errors, the other sections save nothing and redirect.
    "sessions:meeting_detail": Access(
        everyone(404, anonymous=LOGIN, staff=200, coach=200, director_a=200),
        kwargs=lambda o: {"pk": o.trajectory.pk, "meeting_pk": o.meeting.pk},
    ),
    "sessions:meeting_attendance": Access(
        everyone(404, anonymous=LOGIN, staff=200, coach=200),
        kwargs=lambda o: {"pk": o.trajectory.pk, "meeting_pk": o.meeting.pk},
        method="post",
    ),
    **{
        name: Access(
            everyone(
                404,
                anonymous=LOGIN,
                staff=Redirect("sessions:meeting_detail", kwargs=meeting_kwargs),
                coach=Redirect("sessions:meeting_detail", kwargs=meeting_kwargs),
            ),
            kwargs=meeting_kwargs,
            method="post",
        )
        for name in (
            "sessions:meeting_roles",
            "sessions:meeting_preparation",
            "sessions:meeting_minutes",
        )
    },
    # A school's knowledge source file: everyone who sees the meeting (404 when it has none).
    "sessions:preparation_file": Access(
        everyone(404, anonymous=LOGIN, staff=200, coach=200, director_a=200),
        kwargs=lambda o: {
            "pk": o.trajectory.pk,
            "meeting_pk": o.meeting.pk,
            "school_pk": o.preparation_with_file.school_id,
        },
    ),
    "sessions:meeting_attendance_sheet": Access(
        everyone(404, anonymous=LOGIN, staff=200, coach=200),
        kwargs=lambda o: {"pk": o.trajectory.pk, "meeting_pk": o.meeting.pk},
    ),
    "sessions:joint_meeting_attendance": Access(
        everyone(404, anonymous=LOGIN, staff=200, coach=200),
        kwargs=lambda o: {"pk": o.trajectory.pk, "meeting_pk": o.joint_meeting.pk},
    ),
    "sessions:trajectory_roles": Access(
        everyone(404, anonymous=LOGIN, staff=200, coach=200, director_a=200),
        kwargs=lambda o: {"pk": o.trajectory.pk},
    ),
    # Trajectory lists and planning: everyone signed in gets the list (jurors an empty one);
    # staff assign coaches and plan the joint events; the coach and staff plan o.trajectory
    # (participants see it, 404 on the planning pages). Empty POSTs come back with errors (200).
    "sessions:trajectory_list": Access(signed_in(200)),
    "sessions:trajectory_detail": Access(
        everyone(404, anonymous=LOGIN, staff=200, coach=200, director_a=200),
        kwargs=lambda o: {"pk": o.trajectory.pk},
    ),
    "sessions:trajectory_assign_coach": Access(
        staff_only(Redirect("sessions:trajectory_list")),
        kwargs=lambda o: {"pk": o.trajectory.pk},
        method="post",
    ),
    "sessions:trajectory_participant_replace": Access(
        everyone(404, anonymous=LOGIN, staff=200, coach=200),
        kwargs=lambda o: {
            "pk": o.trajectory.pk,
            "participant_pk": o.trajectory.participants.first().pk,
        },
        method="post",
    ),
    "sessions:trajectory_meeting_edit": [
        Access(everyone(404, anonymous=LOGIN, staff=200, coach=200), kwargs=meeting_kwargs),
        Access(
            everyone(404, anonymous=LOGIN, staff=200, coach=200),
            kwargs=meeting_kwargs,
            method="post",
            label="[post]",
        ),
    ],
    # GET asks first (the confirmation page), POST adds the meeting.
    "sessions:trajectory_meeting_add": [
        Access(
            everyone(404, anonymous=LOGIN, staff=200, coach=200),
            kwargs=lambda o: {"pk": o.trajectory.pk},
        ),
        Access(
            everyone(
                404,
                anonymous=LOGIN,
                staff=Redirect(
                    "sessions:trajectory_detail", kwargs=lambda o: {"pk": o.trajectory.pk}
                ),
                coach=Redirect(
                    "sessions:trajectory_detail", kwargs=lambda o: {"pk": o.trajectory.pk}
                ),
            ),
            kwargs=lambda o: {"pk": o.trajectory.pk},
            method="post",
            label="[post]",
        ),
    ],
    # GET asks first (or says why not: o.meeting is one of the call's required meetings), POST
    # removes it or comes back with the reason; participants get 404.
    "sessions:trajectory_meeting_remove": [
        Access(everyone(404, anonymous=LOGIN, staff=200, coach=200), kwargs=meeting_kwargs),
        Access(
            everyone(
                404,
                anonymous=LOGIN,
                staff=Redirect(
                    "sessions:trajectory_detail", kwargs=lambda o: {"pk": o.trajectory.pk}
                ),
                coach=Redirect(
                    "sessions:trajectory_detail", kwargs=lambda o: {"pk": o.trajectory.pk}
                ),
            ),
            kwargs=meeting_kwargs,
            method="post",
            label="[post]",
        ),
    ],
    "sessions:joint_events": [
        Access(staff_only(200), kwargs=lambda o: {"slug": o.call.slug}),
        Access(
            staff_only(200), kwargs=lambda o: {"slug": o.call.slug}, method="post", label="[post]"
        ),
    ],
    # Products and the evaluation report of o.trajectory: staff, its coach and its participants
    # (director A) see them and add or edit products (empty POST: the form with its errors);
    # the report's texts are written by the coach and participants (empty POST saves: back to
    # the report; staff get 403), submitted by them, decided by staff only (empty POST: the page
    # with the form's errors).
    "sessions:trajectory_products": [
        Access(
            everyone(404, anonymous=LOGIN, staff=200, coach=200, director_a=200),
            kwargs=lambda o: {"pk": o.trajectory.pk},
            method=method,
            label=f"[{method}]",
        )
        for method in ("get", "post")
    ],
    "sessions:trajectory_product_edit": [
        Access(
            everyone(404, anonymous=LOGIN, staff=200, coach=200, director_a=200),
            kwargs=lambda o: {"pk": o.trajectory.pk, "product_pk": o.product.pk},
            method=method,
            label=f"[{method}]",
        )
        for method in ("get", "post")
    ],
    # Removing a product: the coach and staff only (participants 404); GET asks first, POST
    # removes it, back to the products.
    "sessions:trajectory_product_remove": [
        Access(
            everyone(404, anonymous=LOGIN, staff=200, coach=200),
            kwargs=lambda o: {"pk": o.trajectory.pk, "product_pk": o.product.pk},
        ),
        Access(
            everyone(
                404,
                anonymous=LOGIN,
                staff=Redirect(
                    "sessions:trajectory_products", kwargs=lambda o: {"pk": o.trajectory.pk}
                ),
                coach=Redirect(
                    "sessions:trajectory_products", kwargs=lambda o: {"pk": o.trajectory.pk}
                ),
            ),
            kwargs=lambda o: {"pk": o.trajectory.pk, "product_pk": o.product.pk},
            method="post",
            label="[post]",
        ),
    ],
    # The attachment of a product that has one (a product without one answers 404 to all).
    "sessions:trajectory_product_attachment": Access(
        everyone(404, anonymous=LOGIN, staff=200, coach=200, director_a=200),
        kwargs=lambda o: {"pk": o.trajectory.pk, "product_pk": o.product_with_attachment.pk},
    ),
    "sessions:trajectory_report": [
        Access(
            everyone(404, anonymous=LOGIN, staff=200, coach=200, director_a=200),
            kwargs=lambda o: {"pk": o.trajectory.pk},
        ),
        Access(
            everyone(
                404,
                anonymous=LOGIN,
                staff=403,
                **dict.fromkeys(
                    ("coach", "director_a"),
                    Redirect(
                        "sessions:trajectory_report", kwargs=lambda o: {"pk": o.trajectory.pk}
                    ),
                ),
            ),
            kwargs=lambda o: {"pk": o.trajectory.pk},
            method="post",
            label="[post]",
        ),
    ],
    "sessions:trajectory_report_pdf": Access(
        everyone(404, anonymous=LOGIN, staff=200, coach=200, director_a=200),
        kwargs=lambda o: {"pk": o.trajectory.pk},
    ),
    # GET: the confirmation page; o.trajectory's report is empty, so it may not be submitted
    # yet: its writers (and staff, who do not submit) are sent back to the report.
    "sessions:trajectory_report_submit": [
        Access(
            everyone(
                404,
                anonymous=LOGIN,
                **dict.fromkeys(
                    ("staff", "coach", "director_a"),
                    Redirect(
                        "sessions:trajectory_report", kwargs=lambda o: {"pk": o.trajectory.pk}
                    ),
                ),
            ),
            kwargs=lambda o: {"pk": o.trajectory.pk},
            method=method,
            label=f"[{method}]",
        )
        for method in ("get", "post")
    ],
    "sessions:trajectory_report_decide": Access(
        everyone(404, anonymous=LOGIN, staff=200),
        kwargs=lambda o: {"pk": o.trajectory.pk},
        method="post",
    ),
    # The overview for staff and coaches: the call's (public) overview is 403 for everyone else
    # (a coach sees only their own rows); a trajectory's overview is 404 for all but staff and
    # its coach, its participant (director A) included.
    **{
        name: Access(
            everyone(403, anonymous=LOGIN, staff=200, coach=200),
            kwargs=lambda o: {"slug": o.trajectory.dossier.call.slug},
        )
        for name in ("sessions:overview", "sessions:overview_xlsx")
    },
    **{
        name: Access(
            everyone(404, anonymous=LOGIN, staff=200, coach=200),
            kwargs=lambda o: {"pk": o.trajectory.pk},
        )
        for name in ("sessions:trajectory_overview", "sessions:trajectory_overview_pdf")
    },
    # The questionnaire after a meeting: the signed link is the credential (participants have no
    # account), for anyone who has it; an empty POST comes back with the form's errors. A closed
    # one says so (410), a link that is not ours 400.
    "sessions:feedback_questionnaire": [
        Access(
            everyone(200),
            kwargs=lambda o: {"token": o.feedback_token(closed=False)},
            method=method,
            label=f"[{method}]",
        )
        for method in ("get", "post")
    ]
    + [
        Access(
            everyone(410),
            kwargs=lambda o: {"token": o.feedback_token(closed=True)},
            label="[closed]",
        ),
        Access(everyone(400), kwargs=lambda o: {"token": "bogus-token"}, label="[bogus-token]"),
    ],
    # Which answers the evaluation report quotes: o.trajectory's coach chooses (an empty POST
    # quotes none: back to the report); staff and its participant (director A) see the
    # trajectory but may not choose (403); for anyone else it does not exist.
    "sessions:trajectory_report_quotes": [
        Access(
            everyone(404, anonymous=LOGIN, staff=403, director_a=403, coach=200),
            kwargs=lambda o: {"pk": o.trajectory.pk},
        ),
        Access(
            everyone(
                404,
                anonymous=LOGIN,
                staff=403,
                director_a=403,
                coach=Redirect(
                    "sessions:trajectory_report", kwargs=lambda o: {"pk": o.trajectory.pk}
                ),
            ),
            kwargs=lambda o: {"pk": o.trajectory.pk},
            method="post",
            label="[post]",
        ),
    ],
    # The answers after a call's meetings: staff (all trajectories) and coaches (their own), as
    # the overview; 403 for everyone else.
    "sessions:call_feedback": Access(
        everyone(403, anonymous=LOGIN, staff=200, coach=200),
        kwargs=lambda o: {"slug": o.trajectory.dossier.call.slug},
    ),
    # A school's indicators: the signed link in the mail is the credential (contact persons may
    # have no account), for anyone who has it; an empty POST comes back with the form's errors.
    # An expired link says so (410), a link that is not ours 400.
    "sessions:indicators_form": [
        Access(
            everyone(200),
            kwargs=lambda o: {"token": o.indicator_token(expired=False)},
            method=method,
            label=f"[{method}]",
        )
        for method in ("get", "post")
    ]
    + [
        Access(
            everyone(410),
            kwargs=lambda o: {"token": o.indicator_token(expired=True)},
            label="[expired]",
        ),
        Access(everyone(400), kwargs=lambda o: {"token": "bogus-token"}, label="[bogus-token]"),
    ],
    # Signed in: those who stand for the school (director A, the dossier's contact person, who
    # named no lead school); an empty POST comes back with the form's errors. Everyone else:
    # 404, the coach and staff included (they see who filled in, they do not fill in).
    "sessions:trajectory_indicators": [
        Access(
            everyone(404, anonymous=LOGIN, director_a=200),
            kwargs=lambda o: o.indicator_kwargs(),
            method=method,
            label=f"[{method}]",
        )
        for method in ("get", "post")
    ],
    # Sending a school its link again: the coach and staff, back to the trajectory (refused
    # there with a message when the kick-off has not taken place); its participant (director A)
    # sees the trajectory but may not (403); anyone else 404.
    "sessions:trajectory_indicators_send": Access(
        everyone(
            404,
            anonymous=LOGIN,
            director_a=403,
            **dict.fromkeys(
                ("staff", "coach"),
                Redirect("sessions:trajectory_detail", kwargs=lambda o: {"pk": o.trajectory.pk}),
            ),
        ),
        kwargs=lambda o: o.indicator_kwargs(),
        method="post",
    ),
    # Calendar feeds: the token in the address is the credential (calendar clients cannot sign
    # in), so everyone with a valid token gets the feed; an unknown token is 404.
    "sessions:calendar_links": Access(signed_in(200)),
    "sessions:calendar_trajectory": [
        Access(everyone(200), kwargs=lambda o: {"token": o.trajectory_calendar_token}),
        Access(everyone(404), kwargs=lambda o: {"token": "onbekend"}, label="[bogus-token]"),
    ],
    "sessions:calendar_user": [
        Access(everyone(200), kwargs=lambda o: {"token": o.user_calendar_token}),
        Access(everyone(404), kwargs=lambda o: {"token": "onbekend"}, label="[bogus-token]"),
    ],
    # Bulk exports: staff start them (o.call has no submitted dossiers: refused, back to the
    # export centre); an export is seen, downloaded and retried by its requester (here staff)
    # and other staff, and does not exist for anyone else. Everyone signed in has a list.
    "exports:list": Access(signed_in(200)),
    **{
        name: Access(
            everyone(404, anonymous=LOGIN, staff=200), kwargs=lambda o: {"pk": o.export.pk}
        )
        for name in ("exports:detail", "exports:progress", "exports:download")
    },
    "exports:retry": Access(
        everyone(
            404,
            anonymous=LOGIN,
            staff=Redirect("exports:detail", kwargs=lambda o: {"pk": o.failed_export.pk}),
        ),
        kwargs=lambda o: {"pk": o.failed_export.pk},
        method="post",
    ),
    "exports:call_exports": Access(staff_only(200), kwargs=lambda o: {"slug": o.call.slug}),
    "exports:call_export_start": Access(
        staff_only(Redirect("exports:call_exports", kwargs=lambda o: {"slug": o.call.slug})),
        kwargs=lambda o: {"slug": o.call.slug, "kind": "call_dossiers"},
        method="post",
    ),
    "sessions:trajectory_export_start": Access(
        staff_only(Redirect("exports:detail", kwargs=lambda o: {"pk": newest_export(o)})),
        kwargs=lambda o: {"pk": o.trajectory.pk},
        method="post",
    ),
    # allauth, under /account/.
    "account_login": Access(visitors_only(200)),
    "account_signup": Access(visitors_only(200)),
    "account_logout": Access(everyone(Redirect("home")), method="post"),
    "account_inactive": Access(everyone(200)),
    "account_reauthenticate": Access(signed_in(200)),
    # Reauthenticating is never weaker than signing in: no emailed code instead of a password.
    "account_request_reauthentication_code": Access(signed_in(403)),
    "account_confirm_reauthentication_code": Access(signed_in(403)),
    "account_email": Access(signed_in(200)),
    "account_email_verification_sent": Access(everyone(200)),
    "account_change_password": Access(signed_in(200)),
    "account_set_password": Access(signed_in(Redirect("account_change_password"))),
    "account_reset_password": Access(everyone(200)),
    "account_reset_password_done": Access(everyone(200)),
    "account_reset_password_from_key": Access(
        everyone(200), kwargs=lambda o: {"uidb36": "zz", "key": "bogus-key"}
    ),
    "account_reset_password_from_key_done": Access(everyone(200)),
    "account_confirm_email": Access(everyone(200), kwargs=lambda o: {"key": "bogus-key"}),
    # Login by code is not enabled: there is never a code to confirm.
    "account_confirm_login_code": Access(visitors_only(Redirect("account_login"))),
    # Two-factor sign-in (allauth MFA), under /account/2fa/. Setting up or changing a factor
    # asks for the password again first (a test session has no recent sign-in to rely on).
    "mfa_index": Access(signed_in(200)),
    "mfa_activate_totp": Access(signed_in(REAUTHENTICATE)),
    # Only accounts with an authenticator app (staff and jurors here) can switch it off.
    "mfa_deactivate_totp": Access(
        signed_in(
            404,
            juror_assigned=REAUTHENTICATE,
            juror_unassigned=REAUTHENTICATE,
            staff=REAUTHENTICATE,
        )
    ),
    "mfa_generate_recovery_codes": Access(signed_in(REAUTHENTICATE)),
    # Nobody here has generated recovery codes yet.
    "mfa_view_recovery_codes": Access(signed_in(404)),
    "mfa_download_recovery_codes": Access(signed_in(404)),
    "mfa_list_webauthn": Access(signed_in(200)),
    "mfa_add_webauthn": Access(signed_in(REAUTHENTICATE)),
    # Editing or removing a security key asks for the password first, whoever asks (its owner
    # only, then: tests/accounts/test_two_factor.py).
    "mfa_edit_webauthn": Access(
        signed_in(REAUTHENTICATE), kwargs=lambda o: {"pk": o.director_a_passkey.pk}
    ),
    "mfa_remove_webauthn": Access(
        signed_in(REAUTHENTICATE), kwargs=lambda o: {"pk": o.director_a_passkey.pk}
    ),
    "mfa_reauthenticate_webauthn": Access(signed_in(Redirect("account_reauthenticate"))),
    # Confirming with the app works for accounts that have one; the others use their password.
    "mfa_reauthenticate": Access(
        signed_in(
            Redirect("account_reauthenticate"),
            juror_assigned=200,
            juror_unassigned=200,
            staff=200,
        )
    ),
    # Steps of a sign-in in progress: without one there is nothing to confirm.
    "mfa_authenticate": Access(everyone(Redirect("home"), anonymous=Redirect("account_login"))),
    "mfa_login_webauthn": Access(everyone(Redirect("home"), anonymous=Redirect("account_login"))),
    # The admin site's own pages; model pages follow ADMIN_MODEL_RULES below. The admin signs
    # in through the portal's login (same throttles, same second factor).
    "admin:index": Access(admin_only(200)),
    "admin:login": Access(
        everyone(403, anonymous=Redirect("account_login", back=True), staff=Redirect("admin:index"))
    ),
    # LOGOUT_REDIRECT_URL sends staff home from the admin too.
    "admin:logout": Access(
        everyone(Redirect("admin:index"), staff=Redirect("home")), method="post"
    ),
    "admin:password_change": Access(admin_only(200)),
    "admin:password_change_done": Access(admin_only(200)),
    "admin:jsi18n": Access(admin_only(200)),
    "admin:app_list": Access(admin_only(200), kwargs=lambda o: {"app_label": "calls"}),
    # Without app_label/model_name/field_name the autocomplete refuses; no admin uses it yet.
    "admin:autocomplete": Access(admin_only(403)),
    # "View on site" from a call's admin page opens its public page.
    "admin:view_on_site": Access(
        admin_only(Redirect("calls:detail", kwargs=lambda o: {"slug": o.call.slug})),
        kwargs=lambda o: {
            "content_type_id": ContentType.objects.get_for_model(Call).pk,
            "object_id": o.call.pk,
        },
    ),
    "admin:auth_user_password_change": Access(
        admin_only(200), kwargs=lambda o: {"id": o.director_a.pk}
    ),
    "admin/(?P<url>.*)$": Access(admin_only(404), path=lambda o: "/admin/no-such-page/"),
}

# One rule per kind of URL the admin generates for each registered model; "object" is the
# unnamed `<app>/<model>/<object_id>/` pattern that redirects to the change page.
ADMIN_MODEL_RULES = {
    "changelist": admin_only(200),
    "add": admin_only(200),
    "change": admin_only(200),
    "delete": admin_only(200),
    "history": admin_only(200),
    "object": admin_only(CHANGE_PAGE),
}
# Where staff's answer differs from the rule (fnmatch patterns on the URL name).
ADMIN_STAFF_EXCEPTIONS = {
    # Groups follow from roles (user_set_role) and addresses from sign-up: not edited by hand.
    "admin:auth_group_*": 403,
    "admin:account_emailaddress_*": 403,
    # Second factors are their owner's business (a lost phone: recovery codes, or a superuser).
    "admin:mfa_authenticator_*": 403,
    # The outbox is a record of what was sent: no adding, no deleting.
    "admin:outbox_email_add": 403,
    "admin:outbox_email_delete": 403,
    # Exports are started in the portal and expire on their own: staff only look.
    "admin:exports_export_add": 403,
    "admin:exports_export_delete": 403,
}
# The object each model's change/delete/history pages are checked with.
ADMIN_OBJECTS = {
    "accounts_user": lambda o: o.director_a,
    "account_emailaddress": lambda o: o.director_a_address,
    "mfa_authenticator": lambda o: o.director_a_passkey,
    "auth_group": lambda o: o.staff_group,
    "calls_call": lambda o: o.call,
    "outbox_email": lambda o: o.invitation_email,
    "applications_dossier": lambda o: o.dossier,
    "applications_delegate": lambda o: o.delegate,
    "exports_export": lambda o: o.export,
    "plg_sessions_feedbackquestion": lambda o: o.feedback_question,
    "plg_sessions_indicatordefinition": lambda o: o.indicator_definition,
}
ADMIN_MODEL_URL = re.compile(r"admin:(?P<model>\w+)_(?P<kind>changelist|add|change|delete|history)")
ADMIN_OBJECT_ROUTE = re.compile(r"admin/(?P<app>\w+)/(?P<model>\w+)/<path:object_id>/")


def walk_url_patterns(patterns=None, namespace="", prefix=""):
    """Yield every URL pattern as its qualified name ("admin:index"), or its route if unnamed."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk_url_patterns(pattern.url_patterns, inner, route)
        else:
            yield f"{namespace}{pattern.name}" if pattern.name else route


def admin_rule(key):
    """The Access for a URL the admin generates for a registered model, or None."""
    if match := ADMIN_MODEL_URL.fullmatch(key):
        model, kind = match["model"], match["kind"]
    elif match := ADMIN_OBJECT_ROUTE.fullmatch(key):
        model, kind = f"{match['app']}_{match['model']}", "object"
    else:
        return None
    registered = {f"{m._meta.app_label}_{m._meta.model_name}" for m in admin.site._registry}
    if model not in registered:
        return None
    staff = next((a for p, a in ADMIN_STAFF_EXCEPTIONS.items() if fnmatch(key, p)), None)
    answers = ADMIN_MODEL_RULES[kind] | ({"staff": staff} if staff else {})
    if kind in ("changelist", "add"):
        return Access(answers)
    if model not in ADMIN_OBJECTS:
        return None

    def object_kwargs(objects):
        return {"object_id": ADMIN_OBJECTS[model](objects).pk}

    change = f"admin:{model}_change"
    change_page = Redirect(change, kwargs=object_kwargs)
    return Access(
        {p: change_page if a == CHANGE_PAGE else a for p, a in answers.items()},
        kwargs=object_kwargs,
        # The unnamed object pattern cannot be reversed: it is the change page minus "change/".
        path=(lambda o: reverse(change, kwargs=object_kwargs(o)).removesuffix("change/"))
        if kind == "object"
        else None,
    )


def access_rows():
    """(key, Access) for every walked pattern that the table or a rule covers."""
    for key in dict.fromkeys(walk_url_patterns()):
        entry = EXPECTED.get(key) or admin_rule(key)
        for access in entry if isinstance(entry, list) else [entry] if entry else []:
            yield key, access


CASES = [
    pytest.param(key, access, principal, id=f"{key}{access.label}-{principal}")
    for key, access in access_rows()
    for principal in PRINCIPALS
]


def assert_access(response, *, key, path, principal, expected, objects):
    """Compare as text: "200", "302 /path" (query ignored) or "302 /login/?next=/path"."""
    if expected == LOGIN:
        login = reverse("admin:login" if key.startswith("admin") else "account_login")
        want = f"302 {login}?next={path}"
    elif isinstance(expected, Redirect):
        want = f"302 {reverse(expected.target, kwargs=expected.kwargs(objects))}"
        want += f"?next={path}" if expected.back else ""
    else:
        want = str(expected)
    got = str(response.status_code)
    if response.status_code in (301, 302):
        location = urlsplit(response["Location"])
        next_path = parse_qs(location.query).get("next")
        got += f" {location.path}" + (f"?next={next_path[0]}" if next_path else "")
    assert got == want, f"{path} ({key}) as {principal}: expected {want}, got {got}"


def test_every_url_pattern_has_expected_access():
    patterns = set(walk_url_patterns())
    missing = sorted(key for key in patterns if key not in EXPECTED and not admin_rule(key))
    stale = sorted(set(EXPECTED) - patterns)
    assert missing == [], (
        f"URL patterns with no row in EXPECTED (admin model pages: no rule, or no object in "
        f"ADMIN_OBJECTS): {missing}"
    )
    assert stale == [], f"EXPECTED names URL patterns that no longer exist: {stale}"
    incomplete = [key for key, access in access_rows() if set(access.answers) != set(PRINCIPALS)]
    assert incomplete == [], f"rows without an answer for every principal: {incomplete}"


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "access", "principal"), CASES)
def test_access(client, request, key, access, principal):
    objects = Objects(request)
    if user := objects.user(principal):
        client.force_login(user)
    path = access.path(objects) if access.path else reverse(key, kwargs=access.kwargs(objects))
    response = getattr(client, access.method)(path)
    assert_access(
        response,
        key=key,
        path=path,
        principal=principal,
        expected=access.answers[principal],
        objects=objects,
    )
