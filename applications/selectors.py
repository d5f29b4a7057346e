"""Reads of dossiers that span tables, each in a fixed number of queries."""

from django.db.models import Count, Prefetch, Q, QuerySet

from applications.eligibility import CallRules, DossierFacts, SchoolFacts
from applications.models import Dossier, PlannedMeeting, School
from plgportal.calls.models import Call

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


def dossiers_of_user(user) -> QuerySet[Dossier]:
    """The dossiers an applicant created or was invited to."""
    return (
        Dossier.objects.filter(
            Q(created_by=user)
            | Q(collaborators__user=user)
            | Q(collaborators__email__iexact=user.email)
        )
        .distinct()
        .select_related("call")
        .annotate(school_count=Count("schools", distinct=True))
        .order_by("-call__deadline", "pk")
    )


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
        commitments={c.pk: c.title for c in call.commitments.all()},
        criteria={c.pk: (c.title, c.answer_max_chars) for c in call.criteria.all()},
    )


def eligibility_facts(dossier: Dossier) -> DossierFacts:
    """Facts for `eligibility.evaluate` from a dossier fetched through `dossiers_full()`.

    A stored letter is a valid PDF: uploads are refused otherwise (applications.letters).
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
            )
            for school in dossier.schools.all()
        ),
        meeting_dates=tuple(meeting.date for meeting in dossier.meetings.all()),
        confirmed_commitments=frozenset(c.commitment_id for c in dossier.confirmations.all()),
        working_title=dossier.working_title,
        has_theme=bool(dossier.theme_id or dossier.own_theme.strip()),
        answers={answer.criterion_id: answer.text for answer in dossier.answers.all()},
    )


def school_known(*, institution_number: str, exclude_dossier: Dossier) -> School | None:
    """The most recently entered school with this number in another dossier, if any."""
    return (
        School.objects.filter(institution_number=institution_number)
        .exclude(dossier=exclude_dossier)
        .order_by("-pk")
        .first()
    )
