"""The eligibility checklist's outcome, stored with each dossier (`Dossier.checklist_*`).

Lists, filters and exports read these fields instead of evaluating every dossier of a call.
Every service that changes what `eligibility_facts` reads (the dossier's fields, schools,
delegates, letters, meetings, answers, confirmations, status) calls `refresh_checklist` in its
own transaction; seeders and data changes made outside the services call `refresh_checklists`.
A change to the call's own rules re-evaluates the call's dossiers in the background
(`applications.checklist_follows_call`).
"""

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation

from applications.eligibility import DossierFacts, EligibilityReport, evaluate
from applications.models import Dossier
from applications.selectors import dossiers_full, eligibility_facts

CHECKLIST_FIELDS = ("checklist_ok", "checklist_failing", "checklist_problems")
BATCH_SIZE = 200  # dossiers evaluated per round of prefetch queries


def failing_text(report: EligibilityReport) -> str:
    """The failing checks as the exports show them: "label: problems; label: problems"."""
    return "; ".join(f"{check.label}: {' '.join(check.problems)}" for check in report.failing)


def checklist_outcome(facts: DossierFacts) -> dict:
    """The stored fields for these facts. The messages are evaluated in every language of the
    site, so a spreadsheet shows them in its reader's language."""
    reports = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reports[code] = evaluate(facts)
    report = reports[settings.LANGUAGE_CODE]
    return {
        "checklist_ok": report.is_eligible,
        "checklist_failing": len(report.failing),
        "checklist_problems": {
            code: failing_text(each) for code, each in reports.items() if each.failing
        },
    }


def problems_in_language(problems: dict) -> str:
    """The stored failing checks (`Dossier.checklist_problems`) in the active language."""
    return problems.get(translation.get_language()) or problems.get(settings.LANGUAGE_CODE, "")


def refresh_checklist(dossier: Dossier) -> Dossier:
    """Evaluate the dossier as stored now and keep the outcome on its row (and on `dossier`).

    Call it inside the transaction of the change, after the change. Writes only the checklist
    fields (not `updated_at`), and nothing when the outcome is unchanged.
    """
    fresh = dossiers_full().get(pk=dossier.pk)
    outcome = checklist_outcome(eligibility_facts(fresh))
    if any(getattr(fresh, name) != value for name, value in outcome.items()):
        Dossier.objects.filter(pk=dossier.pk).update(**outcome)
    for name, value in outcome.items():
        setattr(dossier, name, value)
    return dossier


def refresh_checklists(dossiers: QuerySet[Dossier]) -> int:
    """Refresh the stored outcome of many dossiers in batches; returns how many."""
    pks = list(dossiers.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH_SIZE):
        batch = list(dossiers_full().filter(pk__in=pks[start : start + BATCH_SIZE]))
        for dossier in batch:
            for name, value in checklist_outcome(eligibility_facts(dossier)).items():
                setattr(dossier, name, value)
        Dossier.objects.bulk_update(batch, CHECKLIST_FIELDS)
    return len(pks)
