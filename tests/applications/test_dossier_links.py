"""The checklist leads to the field that fixes each problem: every target lands on a field of its
section's page; the review page lists what blocks the submit button, linked."""

import re
from html import unescape

import pytest
from django.urls import reverse

from applications.eligibility import Target, evaluate
from applications.models import (
    CommitmentConfirmation,
    Delegate,
    Dossier,
    DossierAnswer,
    LetterOfIntent,
    School,
)
from applications.selectors import dossiers_full, eligibility_facts
from applications.templatetags.dossier_links import target_anchor, target_url
from tests.factories import DelegateFactory, SchoolFactory, eligible_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(client, applicant):
    client.force_login(applicant)
    return client


def failing_dossier(applicant):
    """An eligible dossier broken in every way a target can point to."""
    dossier = eligible_dossier(created_by=applicant)
    first, second, third = dossier.schools.order_by("position")
    first.delegates.order_by("pk").first().delete()  # one short
    DelegateFactory(school=second)  # one too many
    duplicate = third.delegates.order_by("pk")[1]
    Delegate.objects.filter(pk=duplicate.pk).update(email=first.delegates.first().email)
    Delegate.objects.filter(pk=third.delegates.order_by("pk").first().pk).update(full_name=" ")
    School.objects.filter(pk=first.pk).update(recognised=False)
    School.objects.filter(pk=second.pk).update(levels=[])
    # The first school's number in full-width digits: the same school to the checklist.
    same_number = "".join(chr(ord(digit) + 0xFEE0) for digit in first.institution_number)
    School.objects.filter(pk=third.pk).update(institution_number=same_number)
    LetterOfIntent.objects.filter(school=second).delete()
    dossier.meetings.filter(position=5).update(date=None)
    dossier.meetings.filter(position=2).update(date=dossier.meetings.get(position=1).date)
    CommitmentConfirmation.objects.filter(dossier=dossier).first().delete()
    DossierAnswer.objects.filter(dossier=dossier).first().delete()
    Dossier.objects.filter(pk=dossier.pk).update(working_title="", theme=None, own_theme="")
    return dossier


def report_of(dossier):
    return evaluate(eligibility_facts(dossiers_full().get(pk=dossier.pk)))


def targets_of(report):
    return [
        problem.target
        for check in report.checks
        for problem in (*check.problems, *check.warnings)
        if problem.target
    ]


def field_ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


def test_every_target_lands_on_a_field_of_its_section(director, applicant):
    dossier = failing_dossier(applicant)
    report = report_of(dossier)
    targets = targets_of(report)
    assert {(target.section, target.field) for target in targets} == {
        ("plg", "working_title"),
        ("schools", "institution_number"),
        ("schools", "recognised"),
        ("schools", "levels"),
        ("delegates", "full_name"),
        ("delegates", "DELETE"),
        ("delegates", "email"),
        ("letters", "file"),
        ("motivation", "theme"),
        ("motivation", "answer"),
        ("planning", "date"),
        ("commitments", "commitment"),
    }

    pages = {}
    for target in targets:
        path, _hash, anchor = target_url(dossier.pk, target).partition("#")
        if path not in pages:
            pages[path] = director.get(path).content.decode()
        assert anchor in field_ids(pages[path]), (target, anchor)


@pytest.mark.parametrize(
    ("schools", "anchor"),
    [
        pytest.param(2, "id_schools-2-name", id="too-few-first-empty-row"),
        pytest.param(6, "id_schools-5-DELETE", id="too-many-first-beyond-maximum"),
    ],
)
def test_school_count_target_lands_on_a_field(director, applicant, schools, anchor):
    dossier = eligible_dossier(created_by=applicant, schools=3)
    if schools < 3:
        dossier.schools.order_by("-position").first().delete()
    for extra in range(schools - 3):
        SchoolFactory(dossier=dossier, position=10 + extra)

    target = report_of(dossier).check("school_count").target

    assert target_anchor(target) == anchor
    html = director.get(
        reverse("applications:dossier_section_schools", args=[dossier.pk])
    ).content.decode()
    assert anchor in field_ids(html)


def test_target_without_field_is_the_section_page():
    assert target_url(7, Target("planning")) == reverse(
        "applications:dossier_section_planning", args=[7]
    )
    assert target_url(7, Target("schools", "levels", school=3, row=1)) == (
        reverse("applications:dossier_section_schools", args=[7]) + "#id_schools-1-levels_0"
    )


def test_checklist_links_each_problem_to_its_field_and_names_schools(director, applicant):
    dossier = eligible_dossier(created_by=applicant)
    school = dossier.schools.order_by("position")[1]
    LetterOfIntent.objects.filter(school=school).delete()

    html = director.get(
        reverse("applications:dossier_checklist", args=[dossier.pk])
    ).content.decode()

    letters = reverse("applications:dossier_section_letters", args=[dossier.pk])
    link = (
        f'<a class="link-danger" href="{letters}#id_letter{school.pk}_file" data-fix-link>'
        f"{school.name} heeft nog geen letter of intent.</a>"
    )
    assert link in unescape(html)
    assert not re.search(r"\bSchool \d", html)


def test_review_lists_what_blocks_the_disabled_submit_button(director, applicant):
    dossier = eligible_dossier(created_by=applicant)
    first = dossier.schools.order_by("position").first()
    first.delegates.order_by("pk").first().delete()

    html = director.get(reverse("applications:dossier_review", args=[dossier.pk])).content.decode()

    assert re.search(
        r'<button type="submit"[^>]* disabled aria-describedby="submit-blockers"', html
    )
    blockers = html[html.index('id="submit-blockers"') :]
    blockers = blockers[: blockers.index("</div>")]
    delegates = reverse("applications:dossier_section_delegates", args=[dossier.pk])
    assert f'href="{delegates}#id_school-{first.pk}-2-full_name"' in blockers
    assert ">Afgevaardigden per school</a>" in blockers
    assert f"<li>{first.name} vaardigt 2 deelnemers af" in unescape(blockers)


def test_review_of_an_eligible_dossier_lists_no_blockers(director, applicant):
    dossier = eligible_dossier(created_by=applicant)

    html = director.get(reverse("applications:dossier_review", args=[dossier.pk])).content.decode()

    assert "submit-blockers" not in html
    assert re.search(r'<button type="submit" class="btn btn-primary" >', html)
