"""Writes to a dossier: creation, section saves with optimistic locking, status, submission."""

import threading
from contextlib import contextmanager
from datetime import timedelta
from itertools import product

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from applications.enums import CollaboratorRole, DossierStatus, Section
from applications.models import (
    CommitmentConfirmation,
    Dossier,
    DossierAnswer,
    DossierStatusChange,
    LetterOfIntent,
)
from applications.services import (
    DossierLocked,
    PlgSection,
    answer_key,
    commitment_key,
    commitment_values,
    dossier_create,
    dossier_ensure_editable,
    dossier_save_commitments,
    dossier_save_motivation,
    dossier_save_plg,
    dossier_set_status,
    dossier_submit,
    motivation_values,
    plg_values,
)
from plgportal.calls.call_2024 import call_2024_upsert
from plgportal.calls.models import Call
from tests.factories import (
    CallFactory,
    DossierFactory,
    SchoolFactory,
    UserFactory,
    brussels,
    eligible_dossier,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    """An open call with the 2024 rules, commitments, themes and criteria."""
    return call_2024_upsert(
        slug="open-call",
        opens_at=timezone.now() - timedelta(days=10),
        deadline=timezone.now() + timedelta(days=30),
    )


@pytest.fixture
def dossier(call, applicant):
    return dossier_create(call=call, user=applicant)


def close_call(call):
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))


def reload(dossier):
    return Dossier.objects.get(pk=dossier.pk)


# dossier_create


def test_dossier_create_makes_contact_and_one_meeting_row_per_meeting(applicant):
    call = CallFactory(meeting_count=4)

    dossier = dossier_create(call=call, user=applicant)

    assert dossier.status == DossierStatus.DRAFT
    assert dossier.created_by == applicant
    assert [(c.user, c.email, c.role) for c in dossier.collaborators.all()] == [
        (applicant, applicant.email, CollaboratorRole.CONTACT)
    ]
    assert [(m.position, m.date) for m in dossier.meetings.all()] == [
        (1, None),
        (2, None),
        (3, None),
        (4, None),
    ]


@pytest.mark.parametrize(
    ("opens_in_days", "deadline_in_days"),
    [pytest.param(-20, -1, id="closed"), pytest.param(5, 30, id="upcoming")],
)
def test_dossier_create_refused_when_call_not_open(applicant, opens_in_days, deadline_in_days):
    now = timezone.now()
    call = CallFactory(
        opens_at=now + timedelta(days=opens_in_days),
        deadline=now + timedelta(days=deadline_in_days),
    )

    with pytest.raises(ValidationError) as error:
        dossier_create(call=call, user=applicant)

    assert error.value.messages == ["Deze oproep staat niet open voor nieuwe dossiers."]
    assert Dossier.objects.count() == 0


# Section saves: versions, and merging with what a co-editor saved meanwhile


def save_plg(dossier, version, title="Samen sterk"):
    return dossier_save_plg(
        dossier=dossier,
        version=version,
        data=PlgSection(
            working_title=title,
            contact_function="Directeur",
            contact_phone="09 123 45 67",
            lead_school_id=None,
        ),
    )


def save_motivation(dossier, version, title="Samen sterk"):
    return dossier_save_motivation(
        dossier=dossier, version=version, theme_id=None, own_theme=title, answers={}
    )


def save_commitments(dossier, version, title="Samen sterk"):
    confirmed = set(dossier.call.commitments.values_list("pk", flat=True)[:1])
    return dossier_save_commitments(
        dossier=dossier, version=version, user=dossier.created_by, confirmed_ids=confirmed
    )


SAVES = [
    pytest.param(save_plg, Section.PLG, id="plg"),
    pytest.param(save_motivation, Section.MOTIVATION, id="motivation"),
    pytest.param(save_commitments, Section.COMMITMENTS, id="commitments"),
]


def section_content(dossier):
    dossier = reload(dossier)
    return (
        dossier.working_title,
        dossier.contact_function,
        dossier.own_theme,
        sorted(dossier.confirmations.values_list("commitment_id", flat=True)),
    )


@pytest.mark.parametrize(("save", "section"), SAVES)
def test_section_save_raises_version(dossier, save, section):
    assert save(dossier, 0).version == 1
    assert save(dossier, 1).version == 2
    assert reload(dossier).section_version(section) == 2


@pytest.mark.parametrize(
    ("save", "section", "field"),
    [
        pytest.param(save_plg, Section.PLG, "working_title", id="plg"),
        pytest.param(save_motivation, Section.MOTIVATION, "own_theme", id="motivation"),
    ],
)
def test_section_save_without_base_on_stale_version_overwrites_nothing(
    dossier, save, section, field
):
    # A page that carried no base (a form from before bases, a forged one): what it shows is
    # known only while nobody saved since, so each field it would change is a conflict.
    save(dossier, 0, title="Eerste versie")
    before = section_content(dossier)

    saved = save(dossier, 0, title="Tweede versie")

    assert list(saved.conflicts) == [field]
    assert (saved.conflicts[field].mine, saved.conflicts[field].theirs) == (
        "Tweede versie",
        "Eerste versie",
    )
    assert section_content(dossier) == before


def test_section_stale_commitments_save_without_base_keeps_first_confirmations(dossier, applicant):
    first = list(dossier.call.commitments.values_list("pk", flat=True)[:2])
    dossier_save_commitments(dossier=dossier, version=0, user=applicant, confirmed_ids=set(first))

    saved = dossier_save_commitments(
        dossier=dossier, version=0, user=applicant, confirmed_ids=set()
    )

    assert sorted(saved.conflicts) == sorted(commitment_key(pk) for pk in first)
    assert sorted(reload(dossier).confirmations.values_list("commitment_id", flat=True)) == first


def test_section_versions_are_independent(dossier):
    assert save_plg(dossier, 0).version == 1
    assert save_plg(dossier, 1).version == 2

    assert save_motivation(dossier, 0).version == 1
    assert save_commitments(dossier, 0).version == 1
    assert reload(dossier).section_versions == {"plg": 2, "motivation": 1, "commitments": 1}


@pytest.mark.parametrize(("save", "section"), SAVES)
def test_section_save_after_deadline_locked(dossier, save, section):
    before = section_content(dossier)
    close_call(dossier.call)

    with pytest.raises(DossierLocked) as error:
        save(reload(dossier), 0, title="Te laat")

    assert error.value.messages == [
        "De uiterste indiendatum is voorbij: het dossier kan niet meer gewijzigd worden."
    ]
    assert section_content(dossier) == before
    assert reload(dossier).section_version(section) == 0


@pytest.mark.parametrize(("save", "section"), SAVES)
def test_section_save_of_submitted_dossier_locked(dossier, save, section):
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.SUBMITTED)

    with pytest.raises(DossierLocked):
        save(reload(dossier), 0, title="Na indiening")

    assert reload(dossier).section_version(section) == 0


@contextmanager
def held_open_elsewhere(work):
    """Run `work` in a transaction on another connection and keep it open, its locks held."""
    done, release, errors = threading.Event(), threading.Event(), []

    def run():
        try:
            with transaction.atomic():
                work()
                done.set()
                release.wait(timeout=10)
        except Exception as error:  # reported to the test below
            errors.append(error)
            done.set()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert done.wait(timeout=10)
        assert errors == []
        yield
    finally:
        release.set()
        thread.join()


def without_waiting(work):
    """Run `work` and commit, failing instead of waiting for a row lock held elsewhere."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
        return work()


needs_row_locks = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_dossier_submit_not_blocked_by_section_save_of_other_dossier(applicant):
    editing = eligible_dossier(created_by=applicant)
    submitting = eligible_dossier(call=editing.call, created_by=applicant)

    with held_open_elsewhere(lambda: save_plg(editing, 0)):
        without_waiting(lambda: dossier_submit(dossier=submitting, user=applicant))

    assert reload(submitting).status == DossierStatus.SUBMITTED


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_section_save_not_blocked_by_submission_of_other_dossier(applicant):
    # A lock on the call would also deadlock a save with the submission of its own dossier.
    editing = eligible_dossier(created_by=applicant)
    submitting = eligible_dossier(call=editing.call, created_by=applicant)

    with held_open_elsewhere(lambda: dossier_submit(dossier=submitting, user=applicant)):
        assert without_waiting(lambda: save_plg(editing, 0)).version == 1

    assert reload(editing).section_version(Section.PLG) == 1


def test_dossier_save_plg_stores_trimmed_fields_and_lead_school(dossier):
    school = SchoolFactory(dossier=dossier)

    dossier_save_plg(
        dossier=dossier,
        version=0,
        data=PlgSection(
            working_title="  Samen sterk ",
            contact_function=" Directeur",
            contact_phone="09 123 45 67 ",
            lead_school_id=school.pk,
        ),
    )

    saved = reload(dossier)
    assert (saved.working_title, saved.contact_function, saved.contact_phone) == (
        "Samen sterk",
        "Directeur",
        "09 123 45 67",
    )
    assert saved.lead_school == school


def test_dossier_save_plg_refuses_lead_school_of_other_dossier(dossier):
    foreign = SchoolFactory()

    with pytest.raises(ValidationError) as error:
        dossier_save_plg(
            dossier=dossier,
            version=0,
            data=PlgSection(
                working_title="Samen sterk",
                contact_function="",
                contact_phone="",
                lead_school_id=foreign.pk,
            ),
        )

    assert error.value.message_dict == {"lead_school": ["Kies een school van dit dossier."]}
    saved = reload(dossier)
    assert (saved.lead_school_id, saved.working_title, saved.section_version(Section.PLG)) == (
        None,
        "",
        0,
    )


def test_dossier_save_motivation_stores_theme_and_answers(dossier):
    theme = dossier.call.example_themes.first()
    criteria = list(dossier.call.criteria.all())

    dossier_save_motivation(
        dossier=dossier,
        version=0,
        theme_id=theme.pk,
        own_theme="",
        answers={criteria[0].pk: "Eerste", criteria[1].pk: "Tweede"},
    )
    dossier_save_motivation(
        dossier=dossier,
        version=1,
        theme_id=theme.pk,
        own_theme="",
        answers={criteria[0].pk: "Herschreven"},
    )

    saved = reload(dossier)
    assert saved.theme == theme
    assert dict(saved.answers.values_list("criterion_id", "text")) == {
        criteria[0].pk: "Herschreven",
        criteria[1].pk: "Tweede",
    }


def test_dossier_save_motivation_refuses_theme_of_other_call(dossier):
    other_call = call_2024_upsert(
        slug="other-call",
        opens_at=timezone.now() - timedelta(days=10),
        deadline=timezone.now() + timedelta(days=30),
    )

    with pytest.raises(ValidationError) as error:
        dossier_save_motivation(
            dossier=dossier,
            version=0,
            theme_id=other_call.example_themes.first().pk,
            own_theme="",
            answers={},
        )

    assert error.value.message_dict == {"theme": ["Kies een thema van deze oproep."]}
    saved = reload(dossier)
    assert (saved.theme_id, saved.section_version(Section.MOTIVATION)) == (None, 0)


def test_dossier_save_motivation_refuses_unknown_criterion_and_stores_nothing(dossier):
    other_call = CallFactory()
    own = dossier.call.criteria.first()
    foreign = other_call.criteria.create(title="Vreemd", position=1)

    with pytest.raises(ValidationError) as error:
        dossier_save_motivation(
            dossier=dossier,
            version=0,
            theme_id=None,
            own_theme="Eigen thema",
            answers={own.pk: "Tekst", foreign.pk: "Tekst"},
        )

    assert error.value.messages == ["Onbekend selectiecriterium."]
    saved = reload(dossier)
    assert (saved.own_theme, saved.section_version(Section.MOTIVATION)) == ("", 0)
    assert DossierAnswer.objects.count() == 0


def test_dossier_save_commitments_records_who_confirmed(dossier, applicant):
    partner = UserFactory()
    first, second, third = dossier.call.commitments.values_list("pk", flat=True)[:3]

    dossier_save_commitments(
        dossier=dossier, version=0, user=applicant, confirmed_ids={first, second}
    )
    dossier_save_commitments(
        dossier=dossier, version=1, user=partner, confirmed_ids={second, third}
    )

    confirmations = CommitmentConfirmation.objects.filter(dossier=dossier).order_by(
        "commitment__position"
    )
    assert [(c.commitment_id, c.confirmed_by) for c in confirmations] == [
        (second, applicant),
        (third, partner),
    ]
    assert all(c.confirmed_at is not None for c in confirmations)


def test_dossier_save_commitments_ignores_commitments_of_other_calls(dossier, applicant):
    foreign = CallFactory().commitments.create(title="Vreemd", position=1)
    own = dossier.call.commitments.first()

    dossier_save_commitments(
        dossier=dossier, version=0, user=applicant, confirmed_ids={own.pk, foreign.pk}
    )

    assert list(reload(dossier).confirmations.values_list("commitment_id", flat=True)) == [own.pk]


# dossier_set_status

ALLOWED = {
    (DossierStatus.DRAFT, DossierStatus.SUBMITTED),
    (DossierStatus.SUBMITTED, DossierStatus.ADMISSIBLE),
    (DossierStatus.SUBMITTED, DossierStatus.NOT_ADMISSIBLE),
    (DossierStatus.SUBMITTED, DossierStatus.DRAFT),
    (DossierStatus.ADMISSIBLE, DossierStatus.NOT_ADMISSIBLE),
    (DossierStatus.ADMISSIBLE, DossierStatus.DRAFT),
    (DossierStatus.NOT_ADMISSIBLE, DossierStatus.ADMISSIBLE),
    (DossierStatus.NOT_ADMISSIBLE, DossierStatus.DRAFT),
}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(old, new, id=f"{old.value}-to-{new.value}")
        for old, new in product(DossierStatus, DossierStatus)
        if (old, new) in ALLOWED
    ],
)
def test_dossier_set_status_allowed_move_writes_history(staff_user, old, new):
    dossier = DossierFactory(status=old)

    result = dossier_set_status(dossier=dossier, status=new, by=staff_user, reason=" Reden ")

    assert result.status == new
    assert reload(dossier).status == new
    assert [
        (h.old_status, h.new_status, h.changed_by, h.reason)
        for h in DossierStatusChange.objects.filter(dossier=dossier)
    ] == [(old, new, staff_user, "Reden")]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(old, new, id=f"{old.value}-to-{new.value}")
        for old, new in product(DossierStatus, DossierStatus)
        if (old, new) not in ALLOWED
    ],
)
def test_dossier_set_status_other_move_refused_and_writes_nothing(staff_user, old, new):
    dossier = DossierFactory(status=old)

    with pytest.raises(ValidationError) as error:
        dossier_set_status(dossier=dossier, status=new, by=staff_user, reason="Reden")

    assert error.value.messages == [
        f"Een dossier met status “{old.label}” kan niet naar “{new.label}”."
    ]
    assert reload(dossier).status == old
    assert DossierStatusChange.objects.count() == 0


def test_dossier_set_status_accepts_plain_string_status(staff_user):
    dossier = DossierFactory(status=DossierStatus.SUBMITTED)

    dossier_set_status(dossier=dossier, status="admissible", by=staff_user)

    assert reload(dossier).status == DossierStatus.ADMISSIBLE


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(DossierStatus.SUBMITTED, DossierStatus.NOT_ADMISSIBLE, id="not-admissible"),
        pytest.param(DossierStatus.SUBMITTED, DossierStatus.DRAFT, id="reopen-submitted"),
        pytest.param(DossierStatus.ADMISSIBLE, DossierStatus.DRAFT, id="reopen-admissible"),
    ],
)
@pytest.mark.parametrize("reason", ["", "   "])
def test_dossier_set_status_requires_reason(staff_user, old, new, reason):
    dossier = DossierFactory(status=old)

    with pytest.raises(ValidationError) as error:
        dossier_set_status(dossier=dossier, status=new, by=staff_user, reason=reason)

    assert error.value.message_dict == {"reason": ["Geef een reden op."]}
    assert reload(dossier).status == old
    assert DossierStatusChange.objects.count() == 0


def test_dossier_set_status_admissible_needs_no_reason(staff_user):
    dossier = DossierFactory(status=DossierStatus.SUBMITTED)

    dossier_set_status(dossier=dossier, status=DossierStatus.ADMISSIBLE, by=staff_user)

    assert reload(dossier).status == DossierStatus.ADMISSIBLE
    assert DossierStatusChange.objects.get().reason == ""


def test_dossier_set_status_decision_records_reason_on_dossier(staff_user):
    dossier = DossierFactory(status=DossierStatus.SUBMITTED)

    dossier_set_status(
        dossier=dossier,
        status=DossierStatus.NOT_ADMISSIBLE,
        by=staff_user,
        reason="Slechts twee scholen.",
    )

    assert reload(dossier).admissibility_reason == "Slechts twee scholen."


# dossier_submit


def history(dossier):
    return [
        (h.old_status, h.new_status, h.changed_by)
        for h in DossierStatusChange.objects.filter(dossier=dossier)
    ]


def test_dossier_submit_eligible_dossier_gets_reference_and_history(applicant):
    dossier = eligible_dossier(created_by=applicant)
    before = timezone.now()

    submitted = dossier_submit(dossier=dossier, user=applicant)

    saved = reload(dossier)
    assert submitted.status == saved.status == DossierStatus.SUBMITTED
    assert saved.reference == f"{dossier.call.reference_prefix}-001" == "PLG-2024-001"
    assert before <= saved.submitted_at <= timezone.now()
    assert history(dossier) == [(DossierStatus.DRAFT, DossierStatus.SUBMITTED, applicant)]


def test_dossier_submit_second_dossier_of_call_gets_next_number(applicant, other_applicant):
    first = eligible_dossier(created_by=applicant)
    second = eligible_dossier(call=first.call, created_by=other_applicant)

    dossier_submit(dossier=first, user=applicant)
    dossier_submit(dossier=second, user=other_applicant)

    assert reload(second).reference == "PLG-2024-002"


def test_dossier_submit_numbers_continue_across_calls_sharing_a_prefix(applicant):
    # References are unique across calls; a copied call may keep its prefix.
    first = eligible_dossier(created_by=applicant)
    second = eligible_dossier(created_by=applicant)
    assert first.call != second.call
    assert first.call.reference_prefix == second.call.reference_prefix

    dossier_submit(dossier=first, user=applicant)
    dossier_submit(dossier=second, user=applicant)

    assert [reload(first).reference, reload(second).reference] == [
        "PLG-2024-001",
        "PLG-2024-002",
    ]


def test_dossier_submit_never_reuses_number_of_deleted_dossier(applicant):
    first = eligible_dossier(created_by=applicant)
    second = eligible_dossier(call=first.call, created_by=applicant)
    third = eligible_dossier(call=first.call, created_by=applicant)
    dossier_submit(dossier=first, user=applicant)
    dossier_submit(dossier=second, user=applicant)
    Dossier.objects.filter(pk=first.pk).delete()

    dossier_submit(dossier=third, user=applicant)

    assert reload(third).reference == "PLG-2024-003"


def test_dossier_submit_twice_refused_and_keeps_first_submission(applicant):
    dossier = eligible_dossier(created_by=applicant)
    dossier_submit(dossier=dossier, user=applicant)
    first = reload(dossier)

    with pytest.raises(DossierLocked) as error:
        dossier_submit(dossier=dossier, user=applicant)

    assert error.value.messages == ["Dit dossier is ingediend en kan niet meer gewijzigd worden."]
    again = reload(dossier)
    assert (again.reference, again.submitted_at, again.status) == (
        first.reference,
        first.submitted_at,
        DossierStatus.SUBMITTED,
    )
    assert len(history(dossier)) == 1


def test_dossier_submit_ineligible_refused_with_dutch_problems(applicant):
    dossier = eligible_dossier(created_by=applicant)
    school = dossier.schools.order_by("position").first()
    LetterOfIntent.objects.filter(school=school).delete()
    Dossier.objects.filter(pk=dossier.pk).update(working_title="")

    with pytest.raises(ValidationError) as error:
        dossier_submit(dossier=dossier, user=applicant)

    assert error.value.messages == [
        f"{school.name} heeft nog geen letter of intent.",
        "De werktitel van de PLG ontbreekt.",
    ]
    saved = reload(dossier)
    assert (saved.status, saved.reference, saved.submitted_at) == (DossierStatus.DRAFT, None, None)
    assert history(dossier) == []


def test_dossier_submit_at_deadline_accepted(applicant):
    dossier = eligible_dossier(created_by=applicant)

    dossier_submit(dossier=dossier, user=applicant, now=dossier.call.deadline)

    assert reload(dossier).submitted_at == dossier.call.deadline


def test_dossier_submit_after_deadline_refused(applicant):
    dossier = eligible_dossier(created_by=applicant)

    with pytest.raises(DossierLocked) as error:
        dossier_submit(
            dossier=dossier, user=applicant, now=dossier.call.deadline + timedelta(seconds=1)
        )

    assert error.value.messages == [
        "De uiterste indiendatum is voorbij: het dossier kan niet meer gewijzigd worden."
    ]
    saved = reload(dossier)
    assert (saved.status, saved.reference, saved.submitted_at) == (DossierStatus.DRAFT, None, None)


@pytest.mark.parametrize(
    ("moment", "on_time"),
    [
        pytest.param(brussels(2025, 1, 20, 23, 59, 59), True, id="23:59:59"),
        pytest.param(
            brussels(2025, 1, 20, 23, 59, 59).replace(microsecond=500_000), True, id="23:59:59.5"
        ),
        pytest.param(
            brussels(2025, 1, 20, 23, 59, 59).replace(microsecond=999_999),
            True,
            id="23:59:59.999999",
        ),
        pytest.param(brussels(2025, 1, 21, 0, 0, 0), False, id="00:00:00-next-day"),
    ],
)
def test_dossier_submit_whole_last_second_of_the_deadline_is_on_time(applicant, moment, on_time):
    call = call_2024_upsert(
        slug="closing-call",
        opens_at=brussels(2024, 10, 1, 9),
        deadline=brussels(2025, 1, 20, 23, 59, 59),
    )
    dossier = eligible_dossier(call=call, created_by=applicant)

    if on_time:
        dossier_submit(dossier=dossier, user=applicant, now=moment)
        assert (reload(dossier).reference, reload(dossier).submitted_at) == (
            "PLG-2024-001",
            moment,
        )
    else:
        with pytest.raises(DossierLocked):
            dossier_submit(dossier=dossier, user=applicant, now=moment)
        assert reload(dossier).reference is None


def test_section_save_in_the_deadlines_last_second_accepted(applicant):
    call = call_2024_upsert(
        slug="closing-call",
        opens_at=brussels(2024, 10, 1, 9),
        deadline=brussels(2025, 1, 20, 23, 59, 59),
    )
    dossier = eligible_dossier(call=call, created_by=applicant)

    dossier_ensure_editable(dossier, now=brussels(2025, 1, 20, 23, 59, 59).replace(microsecond=1))
    with pytest.raises(DossierLocked):
        dossier_ensure_editable(dossier, now=brussels(2025, 1, 21))


def test_dossier_submit_reopened_dossier_keeps_reference(applicant, staff_user):
    dossier = eligible_dossier(created_by=applicant)
    dossier_submit(dossier=dossier, user=applicant)
    dossier_set_status(
        dossier=dossier, status=DossierStatus.DRAFT, by=staff_user, reason="Bijlage vergeten."
    )
    assert reload(dossier).reference == "PLG-2024-001"

    dossier_submit(dossier=dossier, user=applicant)

    saved = reload(dossier)
    assert (saved.status, saved.reference) == (DossierStatus.SUBMITTED, "PLG-2024-001")
    assert history(dossier) == [
        (DossierStatus.DRAFT, DossierStatus.SUBMITTED, applicant),
        (DossierStatus.SUBMITTED, DossierStatus.DRAFT, staff_user),
        (DossierStatus.DRAFT, DossierStatus.SUBMITTED, applicant),
    ]


# Two co-editors on one section: merged field by field


def answer_of(dossier, title):
    return dossier.answers.get(criterion__title=title).text


def criterion_key(dossier, title):
    return answer_key(dossier.call.criteria.get(title=title).pk)


def save_answers(dossier, *, base, by, theme_id=None, own_theme="", **texts):
    """Save the motivation as a page opened on `base` would, with `texts` per criterion title
    and every other text as the page showed it."""
    criteria = {c.title: c.pk for c in dossier.call.criteria.all()}
    answers = {pk: base[answer_key(pk)] for pk in criteria.values()}
    answers |= {criteria[title]: text for title, text in texts.items()}
    return dossier_save_motivation(
        dossier=dossier,
        version=0,
        base=base,
        by=by,
        theme_id=theme_id,
        own_theme=own_theme,
        answers=answers,
    )


@pytest.fixture
def partner(dossier):
    user = UserFactory(full_name="Piet Partner")
    dossier.collaborators.create(user=user, email=user.email, role=CollaboratorRole.PARTNER)
    return user


def test_co_editors_on_different_answers_both_kept(dossier, applicant, partner):
    opened = motivation_values(reload(dossier))  # both open the page on the same base

    first = save_answers(
        dossier, base=opened, by=applicant, **{"Openheid om te implementeren": "x"}
    )
    assert first.conflicts == {}
    second = save_answers(
        dossier, base=opened, by=partner, Thema="Talent houden door samen te leren."
    )

    assert second.conflicts == {}
    assert second.theirs_changed == {criterion_key(dossier, "Openheid om te implementeren")}
    assert answer_of(dossier, "Openheid om te implementeren") == "x"
    assert answer_of(dossier, "Thema") == "Talent houden door samen te leren."
    assert reload(dossier).section_version(Section.MOTIVATION) == 2


def test_co_editors_on_same_answer_conflict_and_nothing_overwritten(dossier, applicant, partner):
    opened = motivation_values(reload(dossier))
    save_answers(dossier, base=opened, by=partner, Thema="Versie van de partner.")
    partner_saved = reload(dossier).field_saves["motivation"]

    saved = save_answers(
        dossier, base=opened, by=applicant, Thema="Mijn versie.", Verankering="Kerngroep."
    )

    key = criterion_key(dossier, "Thema")
    assert list(saved.conflicts) == [key]
    conflict = saved.conflicts[key]
    assert (conflict.mine, conflict.theirs) == ("Mijn versie.", "Versie van de partner.")
    assert conflict.saved_by == partner
    assert conflict.saved_at.isoformat() == partner_saved[key]["at"]
    # The colliding text stays as stored; the one that did not collide is saved at once.
    assert answer_of(dossier, "Thema") == "Versie van de partner."
    assert answer_of(dossier, "Verankering") == "Kerngroep."
    assert reload(dossier).field_saves["motivation"][key]["by"] == partner.pk


def test_co_editor_resolves_conflict_on_fresh_base_and_it_is_saved(dossier, applicant, partner):
    opened = motivation_values(reload(dossier))
    save_answers(dossier, base=opened, by=partner, Thema="Van de partner.")
    save_answers(dossier, base=opened, by=applicant, Thema="Van mij.")

    # The page shown after the conflict is based on what is stored now.
    resolved = save_answers(
        dossier,
        base=motivation_values(reload(dossier)),
        by=applicant,
        Thema="Van mij. Van de partner.",
    )

    assert resolved.conflicts == {}
    assert answer_of(dossier, "Thema") == "Van mij. Van de partner."
    key = criterion_key(dossier, "Thema")
    assert reload(dossier).field_saves["motivation"][key]["by"] == applicant.pk


def test_co_editors_choosing_a_theme_two_ways_conflict_as_one_choice(dossier, applicant, partner):
    theme = dossier.call.example_themes.first()
    opened = motivation_values(reload(dossier))
    save_answers(dossier, base=opened, by=partner, theme_id=theme.pk)

    saved = save_answers(dossier, base=opened, by=applicant, own_theme="Ons eigen thema")

    assert sorted(saved.conflicts) == ["own_theme", "theme"]
    stored = reload(dossier)
    assert (stored.theme_id, stored.own_theme) == (theme.pk, "")


def test_co_editors_on_different_plg_fields_both_kept(dossier, applicant, partner):
    opened = plg_values(reload(dossier))

    def save(by, **changes):
        data = {"working_title": "", "contact_function": "", "contact_phone": ""} | changes
        return dossier_save_plg(
            dossier=dossier,
            version=0,
            base=opened,
            by=by,
            data=PlgSection(**data, lead_school_id=None),
        )

    save(applicant, working_title="Talent houden")
    saved = save(partner, contact_phone="09 123 45 67")

    assert saved.conflicts == {}
    stored = reload(dossier)
    assert (stored.working_title, stored.contact_phone) == ("Talent houden", "09 123 45 67")
    assert stored.field_saves["plg"]["working_title"]["by"] == applicant.pk
    assert stored.field_saves["plg"]["contact_phone"]["by"] == partner.pk


def test_co_editors_confirming_different_commitments_both_kept(dossier, applicant, partner):
    first, second = dossier.call.commitments.values_list("pk", flat=True)[:2]
    opened = commitment_values(reload(dossier))

    for user, pk in ((applicant, first), (partner, second)):
        saved = dossier_save_commitments(
            dossier=dossier, version=0, base=opened, user=user, confirmed_ids={pk}
        )
        assert saved.conflicts == {}

    confirmations = reload(dossier).confirmations.order_by("commitment__position")
    assert [(c.commitment_id, c.confirmed_by) for c in confirmations] == [
        (first, applicant),
        (second, partner),
    ]
