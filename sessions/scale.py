"""A call at scale for the benchmark (`manage.py seed_scale`): N submitted, admissible dossiers
like the 2024 call's, a jury of J jurors who each scored every dossier, and trajectories for the
best-scored few, so every key page has production-sized data.

Rows are bulk-inserted (1,000 dossiers take seconds, not minutes) but keep the invariants the
services keep: references and submission times, status history (draft → submitted →
admissible), letters that are stored valid PDFs, a jury moved to scoring by `jury_set_phase` (so
the ranking is frozen and the jurors mailed as usual), submitted reviews with their history.
Trajectories, coaches and the joint events go through the sessions services and the demo's
helpers. Decisions are not recorded: they belong to the deliberation, and the jury stays in
scoring so the jurors' scoring pages stay open.
"""

import importlib.util
import random
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from applications.demo import SCHOOLS, TITLES, _blank_pdf, demo_school
from applications.enums import CollaboratorRole, DelegateFunction, DossierStatus
from applications.models import (
    Collaborator,
    CommitmentConfirmation,
    Delegate,
    Dossier,
    DossierAnswer,
    DossierStatusChange,
    LetterOfIntent,
    PlannedMeeting,
    School,
)
from jury.enums import JuryPhase, ReviewStatus
from jury.models import Assignment, Review, ReviewStatusChange, Score
from jury.services import jury_for_call, jury_set_phase
from jury.setup.services import assignments_generate, jury_set_members, jury_set_scoring_deadline
from plgportal.accounts.enums import Role
from plgportal.accounts.models import User
from plgportal.accounts.services import user_set_role
from plgportal.calls.call_2024 import BRUSSELS, call_2024_upsert
from plgportal.calls.models import Call
from plgportal.demo import DEMO_TOTP_SECRET
from sessions.demo import _hold, _joint_events, _report_and_products
from sessions.models import Meeting, Trajectory
from sessions.services import trajectory_assign_coach, trajectory_create_from_dossier

SCALE_SLUG = "plg-schaal"
SCALE_PREFIX = "PLG-SCHAAL"
SCALE_PASSWORD = "plg-scale-2025"
EMAIL_DOMAIN = "scale.plg"
BATCH = 2000
# The shared letter of intent: one small valid PDF in storage that every school's letter names.
LETTER_PATH = "letters/scale/letter-of-intent.pdf"
# Per trajectory (best-scored first): how many of its five meetings were held.
HELD_MEETINGS = (5, 3, 4, 2, 0)
MOTIVATIONS = {
    1: "Nauwelijks uitgewerkt.",
    2: "Zwak: te algemeen.",
    3: "Voldoende, al blijven vragen open.",
    4: "Goed: concreet en haalbaar.",
    5: "Uitstekend en gedragen door alle scholen.",
}


class ScaleCallExists(Exception):
    """The scale call is already there (pass force=True to build it anew)."""


@dataclass(frozen=True)
class ScaleAccounts:
    staff: User
    applicant: User
    juror: User
    coach: User
    jurors: tuple[User, ...]
    password: str = SCALE_PASSWORD
    # Whether the dossiers' stored checklist outcomes were refreshed (applications.checklist).
    checklists_refreshed: bool = False


def scale_call_values() -> dict:
    return {
        "title": "Professionele leergemeenschappen – schaaltest",
        "reference_prefix": SCALE_PREFIX,
    }


def _school_count(index: int) -> int:
    return (3, 4, 5)[index % 3]


def _bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH)


@transaction.atomic
def seed_scale(*, dossiers: int, jurors: int, seed: int = 2024, force: bool = False):
    """Build the scale call; refused (ScaleCallExists) when it exists, unless `force`, which
    deletes it and everything on it first. Returns the accounts to sign in with."""
    if dossiers < 1 or jurors < 1:
        raise ValidationError("At least one dossier and one juror.")
    if Call.objects.filter(slug=SCALE_SLUG).exists():
        if not force:
            raise ScaleCallExists(SCALE_SLUG)
        scale_call_delete()
    rng = random.Random(seed)  # noqa: S311 (test data, reproducible on purpose)
    call = call_2024_upsert(slug=SCALE_SLUG, **scale_call_values())
    accounts = _accounts(jurors)
    # A dossier's quality drives its jurors' scores; the applicant owns the best one, which
    # gets a trajectory, so every applicant page has data.
    quality = [rng.uniform(1.5, 4.5) for _ in range(dossiers)]
    best = max(range(dossiers), key=quality.__getitem__)
    owners = _applicants(dossiers, best=best, applicant=accounts.applicant)
    rows = _dossiers(call, owners, accounts.staff)
    _scores(call, rows, quality, accounts, rng)
    _trajectories(call, rows, quality, accounts.coach)
    return replace(accounts, checklists_refreshed=refresh_stored_checklists(call))


def scale_call_delete() -> None:
    call = Call.objects.get(slug=SCALE_SLUG)
    Meeting.objects.filter(call=call).delete()
    Trajectory.objects.filter(dossier__call=call).delete()
    Dossier.objects.filter(call=call).delete()
    call.delete()


def refresh_stored_checklists(call) -> bool:
    """The stored checklist outcome of each dossier, where the portal stores one."""
    if importlib.util.find_spec("applications.checklist") is None:
        return False
    from applications.checklist import refresh_checklists  # optional module, see above

    refresh_checklists(Dossier.objects.filter(call=call))
    return True


def _account(email: str, full_name: str, role: Role) -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=SCALE_PASSWORD, full_name=full_name
    )
    user_set_role(user=user, role=role)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if role in (Role.STAFF, Role.JURY):
        # Same authenticator-app secret as the demo: `manage.py demo_code` gives the code.
        Authenticator.objects.get_or_create(
            user=user,
            type=Authenticator.Type.TOTP,
            defaults={"data": {"secret": encrypt(DEMO_TOTP_SECRET)}},
        )
    return user


def _accounts(juror_count: int) -> ScaleAccounts:
    jurors = tuple(
        _account(f"jury.{n}@{EMAIL_DOMAIN}", f"Jurylid {n}", Role.JURY)
        for n in range(1, juror_count + 1)
    )
    return ScaleAccounts(
        staff=_account(f"staff@{EMAIL_DOMAIN}", "Schaal Staf", Role.STAFF),
        applicant=_account(f"directeur@{EMAIL_DOMAIN}", "Schaal Directeur", Role.APPLICANT),
        juror=jurors[0],
        coach=_account(f"coach@{EMAIL_DOMAIN}", "Schaal Coach", Role.COACH),
        jurors=jurors,
    )


def _applicants(count: int, *, best: int, applicant: User) -> list[User]:
    """One director per dossier (without a usable password), the known applicant at `best`."""
    emails = [f"directeur.{n:04d}@{EMAIL_DOMAIN}" for n in range(count)]
    existing = {user.email: user for user in User.objects.filter(email__in=emails)}
    unusable = make_password(None)
    new = _bulk(
        User,
        [
            User(email=email, full_name=f"Directeur {n:04d}", password=unusable)
            for n, email in enumerate(emails)
            if email not in existing and n != best
        ],
    )
    _bulk(
        EmailAddress,
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in new],
    )
    by_email = {**existing, **{user.email: user for user in new}}
    return [applicant if n == best else by_email[email] for n, email in enumerate(emails)]


def _dossiers(call, owners, staff) -> list[Dossier]:
    themes = list(call.example_themes.all())
    criteria = list(call.criteria.all())
    commitments = list(call.commitments.all())
    deadline = call.deadline
    rows = _bulk(
        Dossier,
        [
            Dossier(
                call=call,
                created_by=owner,
                reference=f"{SCALE_PREFIX}-{n + 1:03d}",
                status=DossierStatus.ADMISSIBLE,
                submitted_at=deadline - timedelta(minutes=7 * (len(owners) - n)),
                working_title=f"{TITLES[n % len(TITLES)]} ({n + 1})",
                contact_function="Directeur",
                contact_phone="09 123 45 67",
                theme=themes[n % len(themes)],
            )
            for n, owner in enumerate(owners)
        ],
    )
    _bulk(
        Collaborator,
        [
            Collaborator(
                dossier=d,
                user=d.created_by,
                email=d.created_by.email,
                role=CollaboratorRole.CONTACT,
            )
            for d in rows
        ],
    )
    schools = _schools(call, rows)
    _bulk(
        PlannedMeeting,
        [
            PlannedMeeting(
                dossier=dossier,
                position=position,
                date=call.school_year_start + timedelta(days=21 + 45 * position),
                start_time=time(13, 30),
                host_school=schools[dossier.pk][(position - 1) % len(schools[dossier.pk])],
            )
            for dossier in rows
            for position in range(1, call.meeting_count + 1)
        ],
    )
    _bulk(
        DossierAnswer,
        [
            DossierAnswer(
                dossier=dossier,
                criterion=criterion,
                text=f"{criterion.title}: zo pakken onze scholen dit samen aan. " * (2 + n % 4),
            )
            for n, dossier in enumerate(rows)
            for criterion in criteria
        ],
    )
    _bulk(
        CommitmentConfirmation,
        [
            CommitmentConfirmation(dossier=d, commitment=c, confirmed_by=d.created_by)
            for d in rows
            for c in commitments
        ],
    )
    _bulk(
        DossierStatusChange,
        [
            change
            for dossier in rows
            for change in (
                DossierStatusChange(
                    dossier=dossier,
                    old_status=DossierStatus.DRAFT,
                    new_status=DossierStatus.SUBMITTED,
                    changed_by=dossier.created_by,
                    changed_at=dossier.submitted_at,
                ),
                DossierStatusChange(
                    dossier=dossier,
                    old_status=DossierStatus.SUBMITTED,
                    new_status=DossierStatus.ADMISSIBLE,
                    changed_by=staff,
                    changed_at=deadline + timedelta(days=3),
                ),
            )
        ],
    )
    return rows


def _schools(call, dossiers) -> dict[int, list[School]]:
    """3, 4 or 5 neighbouring schools per dossier, each with its delegates and its letter."""
    if not default_storage.exists(LETTER_PATH):
        default_storage.save(LETTER_PATH, ContentFile(_blank_pdf()))
    letter_size = default_storage.size(LETTER_PATH)
    schools = _bulk(
        School,
        [
            demo_school(dossier=dossier, position=position, place=place)
            for n, dossier in enumerate(dossiers)
            for position, place in enumerate(
                ((n * 7 + k) % len(SCHOOLS) for k in range(_school_count(n))), start=1
            )
        ],
    )
    by_dossier: dict[int, list[School]] = {}
    for school in schools:
        by_dossier.setdefault(school.dossier_id, []).append(school)
    owner = {dossier.pk: dossier.created_by for dossier in dossiers}
    functions = list(DelegateFunction)
    delegates, letters = [], []
    for dossier_pk, mine in by_dossier.items():
        per_school = call.delegates_per_school(len(mine))
        for school in mine:
            delegates += [
                Delegate(
                    school=school,
                    full_name=f"Deelnemer {dossier_pk}.{school.position}.{k + 1}",
                    email=f"deelnemer{dossier_pk}.{school.position}.{k + 1}@school.example",
                    function=functions[(k + school.position) % len(functions)],
                )
                for k in range(per_school)
            ]
            letters.append(
                LetterOfIntent(
                    school=school,
                    file=LETTER_PATH,
                    original_name=f"letter-of-intent-{school.institution_number}.pdf",
                    size=letter_size,
                    signer_name=f"Directeur {school.name}",
                    signer_function="Directeur",
                    uploaded_by=owner[dossier_pk],
                )
            )
    _bulk(Delegate, delegates)
    _bulk(LetterOfIntent, letters)
    for dossier in dossiers:
        dossier.lead_school = by_dossier[dossier.pk][0]
    Dossier.objects.bulk_update(dossiers, ["lead_school"], batch_size=BATCH)
    return by_dossier


def _scores(call, dossiers, quality, accounts: ScaleAccounts, rng) -> None:
    """The jury scores: every juror on every dossier, submitted, with a motivation each."""
    staff = accounts.staff
    jury = jury_for_call(call)
    jury_set_members(jury=jury, members=accounts.jurors, by=staff)
    assignments_generate(jury=jury, per_dossier=None, by=staff)
    deadline = datetime.combine(timezone.localdate() + timedelta(days=30), time(18), BRUSSELS)
    jury_set_scoring_deadline(jury=jury, scoring_deadline=deadline, by=staff)
    jury = jury_set_phase(jury=jury, phase=JuryPhase.SCORING, by=staff)
    now = timezone.now()
    Assignment.objects.filter(jury=jury).update(
        has_conflict=False, conflict_declared_at=now, conflict_recorded_by=F("juror")
    )
    assignments = list(Assignment.objects.filter(jury=jury).order_by("pk"))
    index = {dossier.pk: n for n, dossier in enumerate(dossiers)}
    reviews = _bulk(
        Review,
        [
            Review(
                assignment=a,
                status=ReviewStatus.SUBMITTED,
                submitted_at=now,
                overall_comment="Degelijk dossier." if a.pk % 3 else "",
            )
            for a in assignments
        ],
    )
    criteria = list(call.criteria.order_by("position"))
    scores = []
    for review in reviews:
        base = quality[index[review.assignment.dossier_id]]
        for criterion in criteria:
            value = round(base + rng.uniform(-1.2, 1.2))
            value = min(max(value, criterion.scale_min), criterion.scale_max)
            scores.append(
                Score(
                    review=review, criterion=criterion, value=value, motivation=MOTIVATIONS[value]
                )
            )
    _bulk(Score, scores)
    _bulk(
        ReviewStatusChange,
        [
            ReviewStatusChange(
                dossier_id=r.assignment.dossier_id,
                juror_id=r.assignment.juror_id,
                old_status=ReviewStatus.DRAFT,
                new_status=ReviewStatus.SUBMITTED,
                changed_by_id=r.assignment.juror_id,
                changed_at=now,
            )
            for r in reviews
        ],
    )


def trajectory_count(dossiers: int) -> int:
    return max(1, min(10, dossiers // 5))


def _trajectories(call, dossiers, quality, coach) -> None:
    """Trajectories for the best-scored dossiers, coached, with meetings held and attendance."""
    _joint_events(call)
    ranked = sorted(range(len(dossiers)), key=lambda n: -quality[n])
    for place, n in enumerate(ranked[: trajectory_count(len(dossiers))]):
        trajectory = trajectory_create_from_dossier(dossier=dossiers[n])
        trajectory_assign_coach(trajectory=trajectory, coach=coach)
        held = HELD_MEETINGS[place % len(HELD_MEETINGS)]
        for meeting in trajectory.meetings.order_by("position")[:held]:
            _hold(meeting, trajectory)
        if held == 5:
            _report_and_products(trajectory)
