"""Decisions that must stay what they were, in a real browser: once scoring opened, staff see a
criterion's weight read-only in the admin; eleven selections for a call of ten are not
published without a motivated exception."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from jury.enums import JuryPhase, Outcome
from jury.models import Decision, JuryPhaseChange
from jury.services import jury_for_call, jury_set_phase
from tests.e2e.signing_in import _log_in
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET
from tests.jury.factories import admissible_dossier

FROZEN = "De beoordeling is gestart: gewichten, schalen en aantallen liggen vast"


def test_staff_cannot_reweigh_after_scoring_nor_publish_eleven_of_ten(
    live_server, page, staff_user, accessibility, csp_violations
):
    # The foundation's staff member who also configures calls in the admin.
    staff_user.is_staff = staff_user.is_superuser = True
    staff_user.save(update_fields=["is_staff", "is_superuser"])
    admin_user = staff_user
    first = admissible_dossier(by=admin_user, working_title="Dossier 1")
    call = first.call
    dossiers = [first] + [
        admissible_dossier(by=admin_user, call=call, working_title=f"Dossier {n}")
        for n in range(2, 12)
    ]
    assert call.plgs_to_select == 10
    jury = jury_for_call(call)
    jury_set_phase(jury=jury, phase=JuryPhase.SCORING, by=admin_user)

    page.goto(f"{live_server.url}/account/login/")
    _log_in(page, admin_user.email, TEST_PASSWORD, TEST_TOTP_SECRET)
    page.goto(live_server.url + reverse("admin:calls_call_change", args=[call.pk]))
    expect(page.get_by_text(FROZEN)).to_be_visible()
    expect(page.locator('input[name="criteria-0-title_nl_be"]')).to_be_visible()
    expect(page.locator('input[name="criteria-0-weight"]')).to_have_count(0)
    expect(page.locator('input[name="plgs_to_select"]')).to_have_count(0)
    # Django's own admin markup (date widgets, inlines, inline styles set by its scripts) is not
    # the portal's: its axe findings and CSP refusals are dropped here; every portal page after
    # this is checked as usual.
    accessibility.check(page)
    accessibility.violations = [v for v in accessibility.violations if "/admin/" not in v.url]
    csp_violations.clear()

    jury_set_phase(jury=jury, phase=JuryPhase.DELIBERATION, by=admin_user)
    call.results_date = timezone.localdate() - timedelta(days=1)
    call.save(update_fields=["results_date"])
    for dossier in dossiers:
        Decision.objects.create(dossier=dossier, outcome=Outcome.SELECTED, decided_by=admin_user)

    page.goto(live_server.url + reverse("jury:publish", kwargs={"slug": call.slug}))
    main = page.get_by_role("main")
    expect(main.locator("#count-check")).to_contain_text(
        "11 dossiers zijn geselecteerd, de oproep selecteert er 10."
    )
    main.get_by_label("Ik bevestig dat alle beslissingen definitief zijn", exact=False).check()
    main.get_by_role("button", name="Resultaten publiceren").click()
    expect(
        main.get_by_text(
            "De aantallen wijken af: vink aan dat u bewust een uitzondering maakt.", exact=True
        )
    ).to_be_visible()
    jury.refresh_from_db()
    assert jury.phase == JuryPhase.DELIBERATION

    main.get_by_label("Ik publiceer bewust met andere aantallen", exact=False).check()
    main.get_by_label("Motivering van de uitzondering").fill("Twee dossiers staan ex aequo.")
    main.get_by_label("Ik bevestig dat alle beslissingen definitief zijn", exact=False).check()
    main.get_by_role("button", name="Resultaten publiceren").click()
    expect(page.locator("#published")).to_be_visible()
    change = JuryPhaseChange.objects.get(jury=jury, new_status=JuryPhase.PUBLISHED)
    assert "Twee dossiers staan ex aequo." in change.reason
