"""Demo jury for `seed_demo`: the 2024 call's jury, scored and waiting for the deliberation.

Everything goes through the jury's services, as staff and the jurors would do it in the portal
(none of them checks the scoring deadline, so the past 2025 deadline is no obstacle). The story:
the three demo jurors score every admissible dossier, Jan Jurylid declares one conflict of
interest, the jurors disagree strongly once, and staff have not decided anything yet.
"""

from datetime import datetime

from django.db import transaction

from jury.enums import JuryPhase
from jury.models import Assignment
from jury.review.services import conflict_declare, review_save
from jury.services import jury_for_call, jury_set_phase
from jury.setup.services import (
    assignments_generate,
    dossiers_to_score,
    jury_set_members,
    jury_set_scoring_deadline,
)
from plgportal.accounts.models import User
from plgportal.calls.call_2024 import BRUSSELS
from plgportal.calls.models import Call

JUROR_EMAILS = ("jury.1@demo.plg", "jury.2@demo.plg", "jury.3@demo.plg")
SCORING_DEADLINE = datetime(2025, 3, 10, 18, 0, tzinfo=BRUSSELS)
CONFLICT_JUROR = "jury.3@demo.plg"
CONFLICT_DOSSIER = 3  # position of the dossier in reference order
CONFLICT_NOTE = "Zetelt in het schoolbestuur van een van de scholen."

# Per admissible dossier (in reference order) a base score per criterion (Thema, Verankering,
# Gedragenheid en betrokkenheid, Openheid om te implementeren); each juror gives the base or
# one more, so jurors never disagree except where DISAGREEMENT says so. The ranking this gives:
# 001 first, ties at 003/008 and 002/009, and a close call around the tenth place (the call
# selects ten of eleven): 007 10.67, 004 10.50, 011 10.33.
BASE_SCORES = [
    (4, 4, 5, 4),
    (3, 2, 3, 3),
    (4, 5, 4, 3),
    (2, 3, 2, 2),
    (3, 3, 4, 3),
    (4, 3, 4, 4),
    (2, 2, 2, 3),
    (5, 4, 3, 4),
    (3, 3, 3, 2),
    (4, 4, 3, 4),
    (2, 2, 3, 2),
]
# How often a juror gives one point more than the base: (dossier + step × criterion) % every.
GENEROSITY = {
    "jury.1@demo.plg": (1, 4),  # strict: rarely
    "jury.2@demo.plg": (1, 2),  # generous: half the time
    "jury.3@demo.plg": (2, 3),
}
# On "Verankering" (criterion 1) of the sixth dossier the jurors disagree: 1, 5 and 3.
DISAGREEMENT_DOSSIER, DISAGREEMENT_CRITERION = 5, 1
DISAGREEMENT = {
    "jury.1@demo.plg": (
        1,
        "Van verankering na de begeleiding is geen sprake: geen plan, geen trekker, geen budget.",
    ),
    "jury.2@demo.plg": (
        5,
        "Sterk: elke school schrijft de PLG in het nascholingsplan in en duidt een trekker aan.",
    ),
    "jury.3@demo.plg": (3, "De intentie is er, maar wie na de begeleiding trekt, blijft vaag."),
}
MOTIVATIONS = {
    1: "Nauwelijks uitgewerkt: het dossier zegt hier bijna niets concreets over.",
    2: "Zwak: enkele goede aanzetten, maar te algemeen en zonder concrete acties.",
    3: "Voldoende: de aanpak is duidelijk, al blijven een paar vragen open.",
    4: "Goed: concreet uitgewerkt met haalbare acties per school.",
    5: "Uitstekend: overtuigend, concreet en gedragen door alle scholen.",
}
OVERALL_COMMENTS = {
    "jury.1@demo.plg": "Degelijk dossier; ik let vooral op wat er na de begeleiding blijft.",
    "jury.2@demo.plg": "Mooi initiatief van de scholen samen.",
    "jury.3@demo.plg": "",
}


def demo_value(email: str, dossier_index: int, criterion_index: int) -> int:
    """The demo score of a juror for a criterion of a dossier (scale 1 to 5)."""
    step, every = GENEROSITY[email]
    bump = 1 if (dossier_index + step * criterion_index) % every == 0 else 0
    return min(BASE_SCORES[dossier_index][criterion_index] + bump, 5)


def _scores(email: str, dossier_index: int, criteria) -> dict[int, tuple[int, str]]:
    scores = {}
    for criterion_index, criterion in enumerate(criteria):
        if (dossier_index, criterion_index) == (DISAGREEMENT_DOSSIER, DISAGREEMENT_CRITERION):
            scores[criterion.pk] = DISAGREEMENT[email]
        else:
            value = demo_value(email, dossier_index, criterion_index)
            scores[criterion.pk] = (value, MOTIVATIONS[value])
    return scores


@transaction.atomic
def seed_jury(*, today) -> None:
    """The 2024 call's jury in deliberation; left alone once it left the set-up phase."""
    call = Call.objects.get(slug="plg-2024")
    jury = jury_for_call(call)
    if jury.phase != JuryPhase.SETUP:
        return
    staff = User.objects.get(email="staff@demo.plg")
    jurors = {user.email: user for user in User.objects.filter(email__in=JUROR_EMAILS)}
    jury_set_members(jury=jury, members=jurors.values(), by=staff)
    assignments_generate(jury=jury, per_dossier=None, by=staff)
    jury_set_scoring_deadline(jury=jury, scoring_deadline=SCORING_DEADLINE, by=staff)
    jury = jury_set_phase(jury=jury, phase=JuryPhase.SCORING, by=staff)
    criteria = list(call.criteria.order_by("position"))
    dossiers = list(dossiers_to_score(jury).order_by("reference", "pk"))
    for dossier_index, dossier in enumerate(dossiers):
        for email, juror in jurors.items():
            assignment = Assignment.objects.get(jury=jury, dossier=dossier, juror=juror)
            if email == CONFLICT_JUROR and dossier_index == CONFLICT_DOSSIER:
                conflict_declare(
                    assignment=assignment, has_conflict=True, note=CONFLICT_NOTE, by=juror
                )
                continue
            conflict_declare(assignment=assignment, has_conflict=False, note="", by=juror)
            review_save(
                assignment=assignment,
                scores=_scores(email, dossier_index, criteria),
                overall_comment=OVERALL_COMMENTS[email],
                submit=True,
                by=juror,
            )
    jury_set_phase(
        jury=jury,
        phase=JuryPhase.DELIBERATION,
        by=staff,
        reason="Alle beoordelingen zijn binnen.",
    )
