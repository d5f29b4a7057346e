"""On a 1366 px laptop, staff reach the ranking's decision action and the trajectory overview's
traffic lights without scrolling sideways."""

from django.urls import reverse
from playwright.sync_api import expect

from plgportal.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, seed_demo
from tests.e2e.conftest import DEFAULT_TIMEOUT_MS
from tests.e2e.signing_in import _log_in

LAPTOP = {"width": 1366, "height": 768}


def test_ranking_decision_visible_without_sideways_scroll(
    live_server, browser, transactional_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    seed_demo()  # a jury in deliberation: staff may decide

    context = browser.new_context(viewport=LAPTOP, locale="nl-BE")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/account/login/")
        _log_in(page, "staff@demo.plg", DEMO_PASSWORD, DEMO_TOTP_SECRET)
        page.goto(f"{live_server.url}{reverse('jury:ranking', args=['plg-2024'])}")
        first_row = page.locator("#ranking-table tbody tr.ranking-row").first
        decide = first_row.get_by_role("link", name="Beslissen")
        expect(decide).to_be_visible()
        # Scroll the page down to the table (only vertically: a sideways scroll is the point).
        page.evaluate(
            "window.scrollTo(0, document.querySelector('#ranking-table')"
            ".getBoundingClientRect().top + window.scrollY - 100)"
        )

        box = decide.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= LAPTOP["width"]
        # Nothing was scrolled to get there, and the page itself does not scroll sideways.
        assert (
            page.evaluate(
                "document.querySelector('#ranking-table').closest('.table-responsive').scrollLeft"
            )
            == 0
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
        # What is under the link's centre is the link itself: not clipped by its scroll box.
        centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert (
            page.evaluate(
                "([x, y]) => document.elementFromPoint(x, y)?.closest('a')?.textContent.trim()",
                list(centre),
            )
            == "Beslissen"
        )
    finally:
        context.close()


def test_trajectory_overview_lights_visible_without_sideways_scroll(
    live_server, browser, transactional_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    seed_demo()  # trajectories of the published demo call, with their meetings

    context = browser.new_context(viewport=LAPTOP, locale="nl-BE")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/account/login/")
        _log_in(page, "staff@demo.plg", DEMO_PASSWORD, DEMO_TOTP_SECRET)
        page.goto(f"{live_server.url}{reverse('sessions:overview', args=['plg-2024'])}")
        first_row = page.locator("#trajectories-table tbody tr").first
        lights = first_row.locator(".light")
        expect(lights).to_have_count(6)
        expect(first_row.get_by_role("link")).to_be_visible()
        page.evaluate(
            "window.scrollTo(0, document.querySelector('#trajectories-table')"
            ".getBoundingClientRect().top + window.scrollY - 100)"
        )

        for element in [first_row.get_by_role("link"), *lights.all()]:
            box = element.bounding_box()
            assert box is not None
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= LAPTOP["width"]
            assert box["y"] >= 0
            assert box["y"] + box["height"] <= LAPTOP["height"]
        assert (
            page.evaluate(
                "document.querySelector('#trajectories-table').closest('.table-responsive')"
                ".scrollLeft"
            )
            == 0
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    finally:
        context.close()
