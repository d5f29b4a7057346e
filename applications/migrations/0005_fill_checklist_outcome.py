"""Store the eligibility checklist's outcome on every existing dossier.

Built from the historical models (the app's selectors and model properties may change later),
with the rules of `applications.eligibility`, as `applications.checklist` stores it.
"""

from django.conf import settings
from django.db import migrations
from django.db.models import Prefetch
from django.utils import translation

from applications.eligibility import (
    CallRules,
    DelegateFacts,
    DossierFacts,
    SchoolFacts,
    evaluate,
)
from plgportal.text import is_blank

BATCH_SIZE = 200


def _call_rules(call) -> CallRules:
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


def _facts(dossier, rules: CallRules, with_letter: set[int]) -> DossierFacts:
    return DossierFacts(
        rules=rules,
        schools=tuple(
            SchoolFacts(
                name=school.name,
                institution_number=school.institution_number,
                levels=frozenset(school.levels),
                recognised=school.recognised,
                delegate_count=len(school.delegates.all()),
                has_letter=school.pk in with_letter,
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
        submitted=dossier.status != "draft",
    )


def _outcome(facts: DossierFacts) -> dict:
    reports = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reports[code] = evaluate(facts)
    report = reports[settings.LANGUAGE_CODE]
    return {
        "checklist_ok": report.is_eligible,
        "checklist_failing": len(report.failing),
        "checklist_problems": {
            code: "; ".join(f"{c.label}: {' '.join(c.problems)}" for c in each.failing)
            for code, each in reports.items()
            if each.failing
        },
    }


def fill(apps, schema_editor):
    Call = apps.get_model("calls", "Call")
    Dossier = apps.get_model("applications", "Dossier")
    School = apps.get_model("applications", "School")
    LetterOfIntent = apps.get_model("applications", "LetterOfIntent")
    calls = Call.objects.prefetch_related("delegate_quotas", "commitments", "criteria")
    rules = {call.pk: _call_rules(call) for call in calls}
    pks = list(Dossier.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH_SIZE):
        batch = list(
            Dossier.objects.filter(pk__in=pks[start : start + BATCH_SIZE]).prefetch_related(
                Prefetch("schools", queryset=School.objects.prefetch_related("delegates")),
                "meetings",
                "answers",
                "confirmations",
            )
        )
        with_letter = set(
            LetterOfIntent.objects.filter(school__dossier__in=batch).values_list(
                "school_id", flat=True
            )
        )
        for dossier in batch:
            for name, value in _outcome(
                _facts(dossier, rules[dossier.call_id], with_letter)
            ).items():
                setattr(dossier, name, value)
        Dossier.objects.bulk_update(
            batch, ["checklist_ok", "checklist_failing", "checklist_problems"]
        )


class Migration(migrations.Migration):
    dependencies = [("applications", "0004_dossier_checklist_outcome")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
