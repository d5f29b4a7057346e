"""The applicant's dossier pages: start, sections with drafts and conflicts, autosave,
read-only states, review and submission, and who may see what."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape

from applications.enums import CollaboratorRole, DossierStatus, Section
from applications.forms import sign_base
from applications.models import (
    CommitmentConfirmation,
    Delegate,
    Dossier,
    DossierAnswer,
    DossierStatusChange,
    School,
)
from applications.services import (
    PlgSection,
    answer_key,
    dossier_create,
    dossier_save_motivation,
    dossier_save_plg,
    dossier_submit,
    motivation_values,
    plg_values,
)
from plgportal.calls.call_2024 import call_2024_upsert
from plgportal.calls.models import Call
from tests.factories import CallFactory, SchoolFactory, UserFactory, brussels, eligible_dossier

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
CONFLICT = "Iemand anders heeft dit onderdeel intussen bewaard"


@pytest.fixture
def call():
    return call_2024_upsert(
        slug="open-views",
        opens_at=timezone.now() - timedelta(days=10),
        deadline=timezone.now() + timedelta(days=30),
    )


@pytest.fixture
def dossier(call, applicant):
    return dossier_create(call=call, user=applicant)


@pytest.fixture
def director(client, applicant):
    client.force_login(applicant)
    return client


def url(name, dossier):
    return reverse(name, kwargs={"pk": dossier.pk})


def reload(dossier):
    return Dossier.objects.get(pk=dossier.pk)


def close_call(call):
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def motivation_data(dossier, version=0, text="Onze tekst.", **overrides):
    data = {"version": version, "theme": "", "own_theme": "Werkgeluk"}
    data |= {f"answer_{c.pk}": text for c in dossier.call.criteria.all()}
    return data | overrides


# Start


def test_dossier_start_creates_dossier_and_opens_it(director, call, applicant):
    response = director.post(reverse("applications:dossier_start", kwargs={"slug": call.slug}))

    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("applications:dossier_detail", dossier)
    assert (dossier.call, dossier.created_by, dossier.status) == (call, applicant, "draft")
    assert dossier.meetings.count() == call.meeting_count


def test_dossier_start_again_gives_applicant_a_second_dossier(director, call):
    director.post(reverse("applications:dossier_start", kwargs={"slug": call.slug}))
    # Confirmed after the warning (tests/applications/test_dossier_start.py).
    director.post(
        reverse("applications:dossier_start", kwargs={"slug": call.slug}), {"confirmed": "1"}
    )

    assert Dossier.objects.filter(call=call).count() == 2


def test_dossier_start_on_closed_call_refused_with_message(director):
    closed = CallFactory(
        opens_at=timezone.now() - timedelta(days=40),
        deadline=timezone.now() - timedelta(days=1),
    )

    response = director.post(reverse("applications:dossier_start", kwargs={"slug": closed.slug}))

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert messages_of(response) == ["Deze oproep staat niet open voor nieuwe dossiers."]
    assert Dossier.objects.count() == 0


@pytest.mark.parametrize("fixture", ["staff_user", "juror", "coach"])
def test_dossier_start_forbidden_for_non_applicants(client, request, call, fixture):
    client.force_login(request.getfixturevalue(fixture))

    response = client.post(reverse("applications:dossier_start", kwargs={"slug": call.slug}))

    assert response.status_code == 403
    assert Dossier.objects.count() == 0


# Overview and checklist


def test_dossier_detail_shows_section_statuses_and_collaborators(director, applicant):
    dossier = eligible_dossier(schools=3, created_by=applicant)

    response = director.get(url("applications:dossier_detail", dossier))

    content = response.content.decode()
    assert response.status_code == 200
    for status in ("3 scholen", "9 afgevaardigden", "3 van 3 letters", "4 van 4 teksten"):
        assert status in content
    assert "5 van 5 bijeenkomsten gepland" in content
    assert "6 van 6 bevestigd" in content
    assert applicant.email in content
    assert url("applications:dossier_section_plg", dossier) in content


def test_dossier_checklist_returns_only_the_partial(director, dossier):
    response = director.get(url("applications:dossier_checklist", dossier))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<section id="dossier-checklist"')
    assert "<html" not in content


# PLG section


def test_section_plg_get_shows_form_with_version(director, dossier):
    response = director.get(url("applications:dossier_section_plg", dossier))

    assert response.status_code == 200
    assert response.context["form"]["version"].value() == 0
    assert 'name="working_title"' in response.content.decode()


def test_section_plg_save_stores_fields_and_redirects(director, dossier):
    school = SchoolFactory(dossier=dossier)

    response = director.post(
        url("applications:dossier_section_plg", dossier),
        {
            "version": 0,
            "working_title": "Samen sterk",
            "contact_function": "Directeur",
            "contact_phone": "09 123 45 67",
            "lead_school": school.pk,
        },
    )

    saved = reload(dossier)
    assert response.status_code == 302
    assert response["Location"] == url("applications:dossier_section_plg", dossier)
    assert (saved.working_title, saved.contact_phone, saved.lead_school) == (
        "Samen sterk",
        "09 123 45 67",
        school,
    )
    assert saved.section_version(Section.PLG) == 1


def test_section_plg_saved_incomplete_as_draft(director, dossier):
    response = director.post(url("applications:dossier_section_plg", dossier), {"version": 0})

    assert response.status_code == 302
    assert reload(dossier).section_version(Section.PLG) == 1


def test_section_plg_bad_phone_shown_next_to_field_and_input_kept(director, dossier):
    response = director.post(
        url("applications:dossier_section_plg", dossier),
        {"version": 0, "working_title": "Mijn titel", "contact_phone": "bel mij"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["contact_phone"] == [
        "Geef een geldig telefoonnummer op, bv. 09 123 45 67 of +32 9 123 45 67."
    ]
    assert 'value="Mijn titel"' in content and 'value="bel mij"' in content
    assert reload(dossier).section_version(Section.PLG) == 0


def test_section_plg_htmx_save_answers_fragment_and_refreshes_checklist(director, dossier):
    response = director.post(
        url("applications:dossier_section_plg", dossier),
        {"version": 0, "working_title": "Via htmx"},
        **HTMX,
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Trigger"] == "dossier-changed"
    assert content.lstrip().startswith('<div id="section-form">')
    assert "Bewaard om" in content
    assert response.context["form"]["version"].value() == 1


@pytest.fixture
def partner(dossier):
    user = UserFactory(full_name="Piet Partner")
    dossier.collaborators.create(user=user, email=user.email, role=CollaboratorRole.PARTNER)
    return user


def opened(client, name, dossier) -> dict:
    """What a section's form posts as it was opened: every field, the version and the base."""
    form = client.get(url(name, dossier)).context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is True:
            data[field.name] = "on"
        elif value is not None and value is not False:
            data[field.name] = value
    return data


def partner_saves_plg(dossier, partner, **changes):
    data = {"working_title": "", "contact_function": "", "contact_phone": ""} | changes
    return dossier_save_plg(
        dossier=dossier,
        version=reload(dossier).section_version(Section.PLG),
        base=plg_values(reload(dossier)),
        by=partner,
        data=PlgSection(**data, lead_school_id=None),
    )


def shown_time(moment) -> str:
    moment = timezone.localtime(moment)
    return f"bewaard om {moment:%H:%M} ({date_format(moment, 'j F Y')})"


def test_section_plg_co_editors_on_different_fields_both_kept(director, dossier, partner):
    page = opened(director, "applications:dossier_section_plg", dossier)
    partner_saves_plg(dossier, partner, contact_phone="09 123 45 67")

    response = director.post(
        url("applications:dossier_section_plg", dossier),
        page | {"working_title": "Mijn titel"},
        **HTMX,
    )

    content = response.content.decode()
    assert CONFLICT not in content
    assert "Wat iemand anders intussen wijzigde, is behouden: Uw telefoonnummer." in content
    assert 'value="09 123 45 67"' in content  # the page now shows the partner's number
    stored = reload(dossier)
    assert (stored.working_title, stored.contact_phone) == ("Mijn titel", "09 123 45 67")


def test_section_plg_conflict_shows_both_versions_beside_the_field(director, dossier, partner):
    page = opened(director, "applications:dossier_section_plg", dossier)
    partner_saves_plg(dossier, partner, working_title="Titel van de partner")
    saved_at = datetime.fromisoformat(reload(dossier).field_saves["plg"]["working_title"]["at"])

    response = director.post(
        url("applications:dossier_section_plg", dossier),
        page | {"working_title": "Mijn eigen titel", "contact_function": "Directeur"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert CONFLICT in content
    assert '<a href="#conflict-working_title">Werktitel van de PLG</a>' in content
    assert "Uw versie" in content
    assert f"Versie van Piet Partner, {shown_time(saved_at)}" in content
    assert "Titel van de partner" in content
    assert 'value="Mijn eigen titel"' in content  # the field holds the user's version
    assert 'name="keep_working_title" id="keep_working_title_field" value="field" checked' in (
        content
    )
    assert 'value="Directeur"' in content
    stored = reload(dossier)
    assert (stored.working_title, stored.contact_function) == ("Titel van de partner", "Directeur")


@pytest.mark.parametrize(
    ("keep", "title", "stored"),
    [
        ("field", "Mijn titel, en die van de partner", "Mijn titel, en die van de partner"),
        ("theirs", "Mijn eigen titel", "Titel van de partner"),
    ],
)
def test_section_plg_conflict_resolved_by_the_users_choice(
    director, dossier, partner, keep, title, stored
):
    page = opened(director, "applications:dossier_section_plg", dossier)
    partner_saves_plg(dossier, partner, working_title="Titel van de partner")
    response = director.post(
        url("applications:dossier_section_plg", dossier),
        page | {"working_title": "Mijn eigen titel"},
    )
    form = response.context["form"]

    response = director.post(
        url("applications:dossier_section_plg", dossier),
        {
            "version": form["version"].value(),
            "base": form["base"].value(),
            "working_title": title,
            "keep_working_title": keep,
        },
    )

    assert response.status_code == 302
    assert reload(dossier).working_title == stored


def test_section_plg_forged_base_counts_as_none(director, dossier, partner):
    page = opened(director, "applications:dossier_section_plg", dossier)
    partner_saves_plg(dossier, partner, working_title="Titel van de partner")
    forged = sign_base(dossier, Section.MOTIVATION, plg_values(reload(dossier)))

    for base in (forged, page["base"] + "x"):
        response = director.post(
            url("applications:dossier_section_plg", dossier),
            page | {"base": base, "working_title": "Overschreven?"},
        )
        assert CONFLICT in response.content.decode()
    assert reload(dossier).working_title == "Titel van de partner"


# Motivation section


def test_section_motivation_form_has_one_counted_textarea_per_criterion(director, dossier):
    response = director.get(url("applications:dossier_section_motivation", dossier))

    content = response.content.decode()
    for criterion in dossier.call.criteria.all():
        assert f'name="answer_{criterion.pk}"' in content
        assert f'maxlength="{criterion.answer_max_chars}"' in content
        assert f'id="answer_{criterion.pk}-counter"' in content
        assert criterion.title in content
    assert 'hx-trigger="keyup changed delay:3s"' in content
    assert reverse("applications:dossier_motivation_autosave", kwargs={"pk": dossier.pk}) in content


def test_section_motivation_save_stores_theme_and_texts(director, dossier):
    theme = dossier.call.example_themes.first()

    response = director.post(
        url("applications:dossier_section_motivation", dossier),
        motivation_data(dossier, theme=theme.pk, own_theme="", text="Lijn 1\r\nLijn 2"),
    )

    saved = reload(dossier)
    assert response.status_code == 302
    assert saved.theme == theme
    assert (
        sorted(DossierAnswer.objects.filter(dossier=dossier).values_list("text", flat=True))
        == ["Lijn 1\nLijn 2"] * 4
    )
    assert saved.section_version(Section.MOTIVATION) == 1


def test_section_motivation_text_over_limit_refused_and_kept(director, dossier):
    criterion = dossier.call.criteria.first()
    criterion.answer_max_chars = 10
    criterion.save()
    too_long = "Dit is veel te lang"

    response = director.post(
        url("applications:dossier_section_motivation", dossier),
        motivation_data(dossier) | {f"answer_{criterion.pk}": too_long},
    )

    assert response.status_code == 200
    assert response.context["form"].errors[f"answer_{criterion.pk}"] == [
        "Zorg dat deze waarde niet meer dan 10 tekens bevat (het zijn er nu 19)."
    ]
    assert too_long in response.content.decode()
    assert not DossierAnswer.objects.filter(dossier=dossier).exists()


def test_section_motivation_theme_and_own_theme_together_refused(director, dossier):
    theme = dossier.call.example_themes.first()

    response = director.post(
        url("applications:dossier_section_motivation", dossier),
        motivation_data(dossier, theme=theme.pk),
    )

    assert response.context["form"].errors["own_theme"] == [
        "Kies een thema uit de lijst of beschrijf een eigen thema, niet allebei."
    ]


def test_motivation_autosave_returns_marker_and_new_version(director, dossier):
    before = timezone.now()
    response = director.post(
        url("applications:dossier_motivation_autosave", dossier),
        motivation_data(dossier, text="Half af"),
        **HTMX,
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Trigger"] == "dossier-changed"
    shown = re.search(r"Bewaard om (\d\d:\d\d)", content)[1]
    assert shown in {f"{timezone.localtime(moment):%H:%M}" for moment in (before, timezone.now())}
    assert 'value="1" id="id_version" hx-swap-oob="true"' in content
    assert reload(dossier).section_version(Section.MOTIVATION) == 1
    assert set(DossierAnswer.objects.values_list("text", flat=True)) == {"Half af"}

    # The next autosave uses the version it was given.
    director.post(
        url("applications:dossier_motivation_autosave", dossier),
        motivation_data(dossier, version=1, text="Bijna af"),
        **HTMX,
    )
    assert set(DossierAnswer.objects.values_list("text", flat=True)) == {"Bijna af"}


def test_motivation_autosave_conflict_saves_the_rest_and_overwrites_nothing(
    director, dossier, partner
):
    thema, anchoring = (answer_key(c.pk) for c in dossier.call.criteria.all()[:2])
    page = opened(director, "applications:dossier_section_motivation", dossier)
    partner_page = motivation_values(reload(dossier))
    dossier_save_motivation(
        dossier=dossier,
        version=0,
        base=partner_page,
        by=partner,
        theme_id=None,
        own_theme="",
        answers={int(thema.split("_")[1]): "Tekst van de partner"},
    )

    response = director.post(
        url("applications:dossier_motivation_autosave", dossier),
        page | {thema: "Mijn tekst", anchoring: "Mijn verankering"},
        **HTMX,
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in content
    assert "Deels bewaard om" in content
    assert "Bij Thema bewaarde iemand anders intussen een andere versie" in content
    stored = motivation_values(reload(dossier))
    assert (stored[thema], stored[anchoring]) == ("Tekst van de partner", "Mijn verankering")
    # The next save from the same page still sees the partner's text as theirs, not as seen.
    next_base = re.search(r'name="base" value="([^"]+)" id="id_base" hx-swap-oob', content)[1]
    response = director.post(
        url("applications:dossier_section_motivation", dossier),
        page | {"base": next_base, thema: "Mijn tekst", anchoring: "Mijn verankering"},
    )
    assert CONFLICT in response.content.decode()
    assert motivation_values(reload(dossier))[thema] == "Tekst van de partner"


def test_motivation_autosave_never_resolves_a_conflict_still_shown(director, dossier, partner):
    thema = answer_key(dossier.call.criteria.first().pk)
    page = opened(director, "applications:dossier_section_motivation", dossier)
    dossier_save_motivation(
        dossier=dossier,
        version=0,
        base=motivation_values(reload(dossier)),
        by=partner,
        theme_id=None,
        own_theme="",
        answers={dossier.call.criteria.first().pk: "Tekst van de partner"},
    )
    shown = director.post(
        url("applications:dossier_section_motivation", dossier), page | {thema: "Mijn tekst"}
    ).context["form"]

    response = director.post(
        url("applications:dossier_motivation_autosave", dossier),
        page
        | {
            "version": shown["version"].value(),
            "base": shown["base"].value(),
            thema: "Mijn tekst, half samengevoegd",
            f"keep_{thema}": "field",
        },
        **HTMX,
    )

    content = response.content.decode()
    assert "Bij Thema kiest u nog welke versie u bewaart" in content
    assert motivation_values(reload(dossier))[thema] == "Tekst van de partner"


# Commitments section


def test_section_commitments_save_records_who_and_shows_it(director, dossier, applicant):
    first, second, *rest = dossier.call.commitments.all()

    response = director.post(
        url("applications:dossier_section_commitments", dossier),
        {"version": 0, f"commitment_{first.pk}": "on", f"commitment_{second.pk}": "on"},
        follow=True,
    )

    confirmations = CommitmentConfirmation.objects.filter(dossier=dossier)
    assert {c.commitment for c in confirmations} == {first, second}
    assert {c.confirmed_by for c in confirmations} == {applicant}
    assert f"Bevestigd door {applicant.get_full_name()} op" in response.content.decode()
    assert response.context["form"][f"commitment_{rest[0].pk}"].value() is False


# Read-only


SECTION_POSTS = [
    ("applications:dossier_section_plg", lambda d: {"version": 0, "working_title": "Te laat"}),
    ("applications:dossier_section_motivation", lambda d: motivation_data(d, text="Te laat")),
    ("applications:dossier_motivation_autosave", lambda d: motivation_data(d, text="Te laat")),
    ("applications:dossier_section_commitments", lambda d: {"version": 0}),
]


def assert_nothing_stored(dossier, working_title):
    saved = reload(dossier)
    assert saved.section_versions == {}
    assert saved.working_title == working_title
    assert not DossierAnswer.objects.filter(dossier=dossier).exists()


def test_dossier_after_deadline_read_only(director, dossier, call):
    close_call(call)

    response = director.get(url("applications:dossier_section_plg", dossier))

    assert "De uiterste indiendatum is voorbij" in response.content.decode()
    assert all(field.disabled for field in response.context["form"].fields.values())
    assert 'name="save"' not in response.content.decode()
    for name, data in SECTION_POSTS:
        assert director.post(url(name, dossier), data(dossier)).status_code == 403, name
    assert_nothing_stored(dossier, "")


def test_dossier_after_submission_read_only(director, applicant):
    dossier = eligible_dossier(created_by=applicant)
    director.post(url("applications:dossier_review", dossier))
    DossierAnswer.objects.filter(dossier=dossier).delete()
    Dossier.objects.filter(pk=dossier.pk).update(section_versions={})

    response = director.get(url("applications:dossier_section_motivation", dossier))

    assert "Dit dossier is ingediend" in response.content.decode()
    for name, data in SECTION_POSTS:
        assert director.post(url(name, dossier), data(dossier)).status_code == 403, name
    assert_nothing_stored(dossier, dossier.working_title)


def test_staff_views_sections_read_only_and_cannot_post(client, staff_user, dossier):
    client.force_login(staff_user)

    assert client.get(url("applications:dossier_section_plg", dossier)).status_code == 200
    assert client.get(url("applications:dossier_review", dossier)).status_code == 200
    assert (
        client.post(url("applications:dossier_section_plg", dossier), {"version": 0}).status_code
        == 403
    )
    assert client.post(url("applications:dossier_review", dossier)).status_code == 403


# Review and submit


def test_dossier_review_shows_whole_dossier(director, applicant):
    dossier = eligible_dossier(schools=3, created_by=applicant)

    response = director.get(url("applications:dossier_review", dossier))

    content = response.content.decode()
    for school in dossier.schools.all():
        assert school.name in content
    assert dossier.working_title in content
    assert dossier.theme.title in content
    assert "Onze aanpak." in content
    assert "Dossier indienen" in content
    assert 'id="dossier-checklist"' in content


def test_dossier_review_submit_eligible_gives_reference_once(director, applicant):
    dossier = eligible_dossier(created_by=applicant)

    response = director.post(url("applications:dossier_review", dossier))

    saved = reload(dossier)
    reference = f"{dossier.call.reference_prefix}-001"
    assert response.status_code == 302
    assert response["Location"] == url("applications:dossier_detail", dossier)
    assert (saved.status, saved.reference) == (DossierStatus.SUBMITTED, reference)
    assert messages_of(response) == [f"Uw dossier is ingediend. Uw dossiernummer is {reference}."]

    again = director.post(url("applications:dossier_review", dossier))

    assert again.status_code == 302
    assert (reload(dossier).reference, reload(dossier).submitted_at) == (
        reference,
        saved.submitted_at,
    )
    assert DossierStatusChange.objects.filter(dossier=dossier).count() == 1


def test_dossier_review_submit_ineligible_refused_with_messages(director, dossier):
    response = director.post(url("applications:dossier_review", dossier))

    assert response.status_code == 302
    assert response["Location"] == url("applications:dossier_review", dossier)
    problems = messages_of(response)
    assert problems[0] == "Het dossier is niet ingediend."
    assert "De PLG telt 0 scholen; dat moeten er minstens 3 en hoogstens 5 zijn." in problems
    assert (reload(dossier).status, reload(dossier).reference) == (DossierStatus.DRAFT, None)


def test_dossier_review_submit_after_deadline_refused(director, applicant):
    dossier = eligible_dossier(created_by=applicant)
    close_call(dossier.call)

    response = director.post(url("applications:dossier_review", dossier))

    assert response.status_code == 302
    assert reload(dossier).status == DossierStatus.DRAFT
    assert any("uiterste indiendatum is voorbij" in m for m in messages_of(response))


# Access


DOSSIER_URLS = [
    ("get", "applications:dossier_detail"),
    ("get", "applications:dossier_section_plg"),
    ("post", "applications:dossier_section_plg"),
    ("get", "applications:dossier_section_motivation"),
    ("post", "applications:dossier_section_motivation"),
    ("post", "applications:dossier_motivation_autosave"),
    ("get", "applications:dossier_section_commitments"),
    ("post", "applications:dossier_section_commitments"),
    ("get", "applications:dossier_checklist"),
    ("get", "applications:dossier_review"),
    ("post", "applications:dossier_review"),
]


@pytest.mark.parametrize(("method", "name"), DOSSIER_URLS)
def test_other_applicant_gets_404(client, other_applicant, dossier, method, name):
    client.force_login(other_applicant)

    response = getattr(client, method)(url(name, dossier), {"version": 0})

    assert response.status_code == 404
    assert reload(dossier).section_versions == {}


# Query counts


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["applications:dossier_detail", "applications:dossier_review"])
def test_dossier_page_query_count_does_not_grow_with_schools(director, applicant, name):
    small = eligible_dossier(schools=3, created_by=applicant)
    large = eligible_dossier(schools=5, created_by=applicant)
    director.get(url(name, small))  # warm up caches shared by every request

    assert count_queries(director, url(name, small)) == count_queries(director, url(name, large))


def test_home_lists_dossiers_and_start_buttons(director, dossier, call):
    response = director.get(reverse("home"))

    content = response.content.decode()
    assert url("applications:dossier_detail", dossier) in content
    assert reverse("applications:dossier_start", kwargs={"slug": call.slug}) in content
    assert "Dossier starten" in content


def test_home_query_count_does_not_grow_with_dossiers(director, call, applicant):
    dossier_create(call=call, user=applicant)
    director.get(reverse("home"))
    one = count_queries(director, reverse("home"))
    for _ in range(4):
        dossier_create(call=call, user=applicant)

    assert count_queries(director, reverse("home")) == one


# The eligibility rules give one answer: in the checklist, in the service and over HTTP


def _first_delegates(dossier):
    return [school.delegates.order_by("pk").first() for school in dossier.schools.all()]


def same_delegate_twice(dossier):
    first, _second, third = _first_delegates(dossier)
    # "Jan@School.be" and "jan@school.be ": the same person, typed twice.
    Delegate.objects.filter(pk=third.pk).update(email=f"{first.email.upper()} ")
    return (
        "delegates_distinct",
        f"{first.email} staat 2 keer bij de afgevaardigden van {first.school.name} en "
        f"{third.school.name}; één persoon kan maar één keer afgevaardigd worden.",
    )


def full_width_institution_number(dossier):
    first, second, _third = dossier.schools.all()
    full_width = "".join(chr(ord(digit) + 0xFEE0) for digit in first.institution_number)
    School.objects.filter(pk=second.pk).update(institution_number=full_width)
    return (
        "schools_distinct",
        f"{first.name} en {second.name} hebben hetzelfde instellingsnummer "
        f"({first.institution_number}).",
    )


def arabic_indic_institution_number(dossier):
    _first, second, _third = dossier.schools.all()
    School.objects.filter(pk=second.pk).update(institution_number="١٢٣٤٥٦")
    return (
        "schools_distinct",
        f"{second.name} heeft een ongeldig instellingsnummer: Typ het instellingsnummer met de "
        "cijfers 0 tot 9, bv. 012345.",
    )


def invisible_working_title(dossier):
    Dossier.objects.filter(pk=dossier.pk).update(working_title="\u200b\u00a0\u2060")
    return "motivation", "De werktitel van de PLG ontbreekt."


def invisible_motivation_text(dossier):
    criterion = dossier.call.criteria.order_by("position").first()
    DossierAnswer.objects.filter(dossier=dossier, criterion=criterion).update(
        text="\ufeff\u200b\u200c\u200d\u00ad \r\n"
    )
    return "motivation", f"De tekst bij “{criterion.title}” ontbreekt."


def invisible_delegate_name(dossier):
    first = _first_delegates(dossier)[0]
    Delegate.objects.filter(pk=first.pk).update(full_name="\u200b")
    return "delegates", f"{first.school.name}: afgevaardigde 1 heeft geen naam."


def meetings_on_one_day(dossier):
    first = dossier.meetings.get(position=1)
    dossier.meetings.filter(position=2).update(date=first.date)
    return (
        "meeting_days",
        f"Bijeenkomsten 1 en 2 vallen op dezelfde dag ({date_format(first.date, 'j F Y')}); "
        "plan elke bijeenkomst op een andere dag.",
    )


def meeting_after_the_school_year(dossier):
    dossier.meetings.filter(position=5).update(date=date(2026, 9, 1))
    return (
        "meetings",
        "Bijeenkomst 5 valt op 1 september 2026, buiten schooljaar 2025-2026 (1 september 2025 "
        "tot 31 augustus 2026).",
    )


def meeting_in_july_of_a_call_ending_in_june(dossier):
    # The call is data: this one chose to end its period on 30 June.
    Call.objects.filter(pk=dossier.call_id).update(school_year_end=date(2026, 6, 30))
    dossier.meetings.filter(position=5).update(date=date(2026, 7, 1))
    return (
        "meetings",
        "Bijeenkomst 5 valt op 1 juli 2026, buiten schooljaar 2025-2026 (1 september 2025 tot "
        "30 juni 2026).",
    )


@pytest.mark.parametrize(
    "break_rule",
    [
        same_delegate_twice,
        full_width_institution_number,
        arabic_indic_institution_number,
        invisible_working_title,
        invisible_motivation_text,
        invisible_delegate_name,
        meetings_on_one_day,
        meeting_after_the_school_year,
        meeting_in_july_of_a_call_ending_in_june,
    ],
)
def test_rule_refuses_alike_in_checklist_service_and_http(director, applicant, break_rule):
    dossier = eligible_dossier(created_by=applicant)
    code, message = break_rule(dossier)

    checklist = director.get(url("applications:dossier_checklist", dossier)).content.decode()
    assert f'data-code="{code}" data-passed="false"' in checklist
    assert escape(message) in checklist

    with pytest.raises(ValidationError) as error:
        dossier_submit(dossier=dossier, user=applicant)
    assert message in error.value.messages

    response = director.post(url("applications:dossier_review", dossier), follow=True)
    assert response.redirect_chain == [(url("applications:dossier_review", dossier), 302)]
    assert "Het dossier is niet ingediend." in response.content.decode()
    assert escape(message) in response.content.decode()
    assert (reload(dossier).status, reload(dossier).reference) == (DossierStatus.DRAFT, None)


@pytest.mark.parametrize(
    "day", [date(2026, 6, 30), date(2026, 7, 1), date(2026, 7, 15), date(2026, 8, 31)]
)
def test_meeting_in_summer_of_the_2024_school_year_accepted(director, applicant, day):
    # "In schooljaar 2025-2026": the Flemish school year runs until 31 August.
    dossier = eligible_dossier(created_by=applicant)
    dossier.meetings.filter(position=5).update(date=day)

    checklist = director.get(url("applications:dossier_checklist", dossier)).content.decode()
    assert 'data-code="meetings" data-passed="true"' in checklist

    response = director.post(url("applications:dossier_review", dossier))
    assert response.status_code == 302
    assert reload(dossier).reference == f"{dossier.call.reference_prefix}-001"


def test_same_name_with_other_address_warns_in_checklist_and_still_submits(director, applicant):
    dossier = eligible_dossier(created_by=applicant)
    first, _second, third = _first_delegates(dossier)
    Delegate.objects.filter(pk=first.pk).update(full_name="José Peeters")
    Delegate.objects.filter(pk=third.pk).update(full_name="jose  PEETERS")

    checklist = director.get(url("applications:dossier_checklist", dossier)).content.decode()
    assert 'data-code="delegates_distinct" data-passed="true"' in checklist
    assert (
        f"De naam “José Peeters” staat meer dan eens bij de afgevaardigden van {first.school.name} "
        f"en {third.school.name}, met een ander e-mailadres."
    ) in checklist

    response = director.post(url("applications:dossier_review", dossier))
    assert response.status_code == 302
    assert reload(dossier).status == DossierStatus.SUBMITTED


# The deadline's last second


@pytest.fixture
def deadline_call():
    return call_2024_upsert(
        slug="deadline-call",
        opens_at=brussels(2024, 10, 1, 9),
        deadline=brussels(2025, 1, 20, 23, 59, 59),
    )


def at(monkeypatch, moment):
    """Let the whole request happen at `moment` (Django's clock, not ours)."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_submit_at_half_past_the_deadlines_last_second_accepted(
    director, applicant, deadline_call, monkeypatch
):
    dossier = eligible_dossier(call=deadline_call, created_by=applicant)
    moment = brussels(2025, 1, 20, 23, 59, 59).replace(microsecond=500_000)
    at(monkeypatch, moment)

    review = director.get(url("applications:dossier_review", dossier))
    assert review.context["can_submit"] is True
    response = director.post(url("applications:dossier_review", dossier))

    saved = reload(dossier)
    assert response.status_code == 302
    assert (saved.status, saved.reference, saved.submitted_at) == (
        DossierStatus.SUBMITTED,
        f"{deadline_call.reference_prefix}-001",
        moment,
    )


def test_submit_at_midnight_after_the_deadline_refused(
    director, applicant, deadline_call, monkeypatch
):
    dossier = eligible_dossier(call=deadline_call, created_by=applicant)
    at(monkeypatch, brussels(2025, 1, 21, 0, 0, 0))

    assert director.get(url("applications:dossier_review", dossier)).context["can_submit"] is False
    response = director.post(url("applications:dossier_review", dossier), follow=True)

    assert "De uiterste indiendatum is voorbij" in response.content.decode()
    assert (reload(dossier).status, reload(dossier).reference) == (DossierStatus.DRAFT, None)
