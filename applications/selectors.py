"""Reads of dossiers that span tables, each in a fixed number of queries."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower, Trim

from applications.eligibility import CallRules, DelegateFacts, DossierFacts, SchoolFacts
from applications.enums import DossierStatus
from applications.models import Collaborator, Dossier, PlannedMeeting, School
from plgportal.accounts.rules import is_foundation_staff
from plgportal.accounts.selectors import verified_addresses
from plgportal.calls.models import Call
from plgportal.calls.texts import localized_text
from plgportal.text import is_blank

DOSSIER_PREFETCH = (
    Prefetch(
        "schools",
        queryset=School.objects.select_related("letter").prefetch_related("delegates"),
    ),
    Prefetch("meetings", queryset=PlannedMeeting.objects.select_related("host_school")),
    "answers",
    "confirmations",
    "collaborators",
    "call__delegate_quotas",
    "call__commitments",
    "call__criteria",
    "call__example_themes",
)


def dossiers_full() -> QuerySet[Dossier]:
    """Dossiers with everything a dossier page, its checklist or its PDF shows."""
    return Dossier.objects.select_related(
        "call", "created_by", "theme", "lead_school"
    ).prefetch_related(*DOSSIER_PREFETCH)


def dossier_for_staff_page() -> QuerySet[Dossier]:
    """`dossiers_full()` without what the staff's dossier page does not show (the call's example
    themes: the dossier's own theme comes with it)."""
    return Dossier.objects.select_related(
        "call", "created_by", "theme", "lead_school"
    ).prefetch_related(*(p for p in DOSSIER_PREFETCH if p != "call__example_themes"))


def invitations_of(user) -> QuerySet[Collaborator]:
    """The collaborator rows `user` is the invitee of: `applications.rules.is_invitee` as a
    query (linked to the account, or open and to an address the account verified)."""
    return Collaborator.objects.annotate(address=Lower(Trim("email"))).filter(
        Q(user_id=user.pk) | Q(user__isnull=True, address__in=verified_addresses(user))
    )


def open_invitations_of(user) -> QuerySet[Collaborator]:
    """The rows `user` is the invitee of that are not linked to an account yet."""
    return invitations_of(user).filter(user__isnull=True)


def member_of(user) -> Q:
    """Dossiers `user` created or was invited to, as a filter (the `is_dossier_member` rule)."""
    return Q(created_by=user) | Q(pk__in=invitations_of(user).values("dossier_id"))


def dossiers_of_user(user) -> QuerySet[Dossier]:
    """The dossiers an applicant created or was invited to."""
    return (
        Dossier.objects.filter(member_of(user))
        .distinct()
        .select_related("call")
        .annotate(school_count=Count("schools", distinct=True))
        .order_by("-call__deadline", "pk")
    )


def dossiers_for_call_of_user(*, user, call: Call) -> QuerySet[Dossier]:
    """The dossiers for `call` that `user` created or was invited to: the one rule for "already
    works on a dossier for this call", when starting another one is most likely a mistake (the
    start page warns and asks to confirm). One query."""
    return dossiers_of_user(user).filter(call=call)


def call_rules(call: Call) -> CallRules:
    """The call's rules as plain values (quotas, commitments and criteria prefetched)."""
    return CallRules(
        min_schools=call.min_schools,
        max_schools=call.max_schools,
        delegates_per_school={
            q.school_count: q.delegates_per_school for q in call.delegate_quotas.all()
        },
        school_year_label=call.school_year_label,
        school_year_start=call.school_year_start,
        school_year_end=call.school_year_end,
        meeting_count=call.meeting_count,
        eligible_levels=frozenset(call.eligible_levels),
        # Titles read in the language the checklist is worded in (applications.checklist).
        commitments={c.pk: localized_text(c, "title") for c in call.commitments.all()},
        criteria={
            c.pk: (localized_text(c, "title"), c.answer_max_chars) for c in call.criteria.all()
        },
    )


def eligibility_facts(dossier: Dossier) -> DossierFacts:
    """Facts for `eligibility.evaluate` from a dossier fetched through `dossiers_full()`.

    A stored letter is a valid PDF: uploads are refused otherwise (applications.letters.services).
    """
    return DossierFacts(
        rules=call_rules(dossier.call),
        schools=tuple(
            SchoolFacts(
                name=school.name,
                institution_number=school.institution_number,
                levels=frozenset(school.levels),
                recognised=school.recognised,
                delegate_count=len(school.delegates.all()),
                has_letter=school.letter_or_none is not None,
                delegates=tuple(
                    DelegateFacts(name=delegate.full_name, email=delegate.email)
                    for delegate in school.delegates.all()
                ),
                id=school.pk,
            )
            for school in dossier.schools.all()
        ),
        meeting_dates=tuple(meeting.date for meeting in dossier.meetings.all()),
        confirmed_commitments=frozenset(c.commitment_id for c in dossier.confirmations.all()),
        working_title=dossier.working_title,
        has_theme=bool(dossier.theme_id) or not is_blank(dossier.own_theme),
        answers={answer.criterion_id: answer.text for answer in dossier.answers.all()},
        submitted=dossier.status != DossierStatus.DRAFT,
    )


def school_known(*, institution_number: str, user, exclude_dossier: Dossier) -> School | None:
    """The most recently entered school with this number in another dossier `user` may see
    (`applications.view_dossier`: one they created or were invited to; any, for staff), if any.
    What other applicants typed stays theirs. One query."""
    schools = School.objects.filter(institution_number=institution_number).exclude(
        dossier=exclude_dossier
    )
    if not is_foundation_staff(user):
        schools = schools.filter(dossier__in=Dossier.objects.filter(member_of(user)).values("pk"))
    return schools.order_by("-pk").first()
