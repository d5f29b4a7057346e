"""Every page a coach uses fits a 390 px phone: nothing scrolls sideways, every target is 44×44.

What counts as a target (WCAG 2.5.8, taken at the stricter 2.5.5 size of 44×44 px): every
visible button, button-styled link, submit input and navigation pill (TARGETS). Links inside a
sentence or a table cell's text are exempt (the "inline" exception), so the pages turn their
stand-alone actions ("Plannen", "Vervangen", ...) into buttons.
"""

from playwright.sync_api import Page

from sessions.report.services import product_save
from sessions.trajectories.planning import meeting_add
from tests.e2e.conftest import DEFAULT_TIMEOUT_MS
from tests.e2e.signing_in import _log_in
from tests.factories import TEST_PASSWORD
from tests.sessions.factories import trajectory_for

PHONE = {"width": 390, "height": 844}
MIN_TARGET = 44
TARGETS = ".btn, button, a.btn, [role=button], input[type=submit], input[type=button], .nav-link"

# Sizes of the visible targets that are too small, and elements that scroll sideways inside.
MEASURE = """({selector, min}) => {
  const visible = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== "hidden" && style.display !== "none" && box.width > 1
      && box.height > 1 && !el.closest(".visually-hidden, [hidden]");
  };
  const small = [...document.querySelectorAll(selector)].filter(visible).filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width < min - 0.5 || box.height < min - 0.5;
  }).map((el) => {
    const box = el.getBoundingClientRect();
    return `${el.tagName} "${el.textContent.trim().slice(0, 40)}" ${box.width}x${box.height}`;
  });
  const sideways = [...document.querySelectorAll("body *")].filter(visible).filter((el) => {
    const overflow = getComputedStyle(el).overflowX;
    return (overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1;
  }).map((el) => `${el.tagName}.${el.className} ${el.scrollWidth}>${el.clientWidth}`);
  return {width: document.documentElement.scrollWidth, small, sideways};
}"""


def _misfits(page: Page, url: str) -> list[str]:
    """What does not fit on the page at `url`: its width, sideways scrollers, small targets."""
    page.goto(url)
    page.wait_for_load_state("load")
    measured = page.evaluate(MEASURE, {"selector": TARGETS, "min": MIN_TARGET})
    misfits = [f"{url}: {problem}" for problem in measured["sideways"] + measured["small"]]
    if measured["width"] > PHONE["width"]:
        misfits.append(f"{url}: page is {measured['width']} px wide")
    return misfits


def test_every_coach_page_fits_a_phone(live_server, browser, transactional_db, coach):
    trajectory = trajectory_for(coach=coach)
    meeting = trajectory.meetings.order_by("position").first()
    participant = trajectory.participants.order_by("pk").first()
    extra = meeting_add(trajectory=trajectory)  # beyond the call's number: removable
    product = product_save(
        trajectory=trajectory,
        school=None,
        title="Kijkwijzer voor collegiale consultatie",
        description="Een kijkwijzer die de scholen samen maakten.",
        stage="tested",
        test_findings="Bruikbaar in elke school.",
        attachment=None,
    )
    base = f"{live_server.url}/trajecten/{trajectory.pk}"
    urls = [
        f"{live_server.url}/trajecten/",
        f"{base}/",
        f"{base}/bijeenkomsten/{meeting.pk}/",
        f"{base}/bijeenkomsten/{meeting.pk}/plannen/",
        f"{base}/bijeenkomsten/{meeting.pk}/verwijderen/",  # refused: one of the required
        f"{base}/bijeenkomsten/{extra.pk}/verwijderen/",  # asks first: an added one
        f"{base}/deelnemers/{participant.pk}/vervangen/",
        f"{base}/rollen/",
        f"{base}/producten/",
        f"{base}/producten/{product.pk}/",
        f"{base}/producten/{product.pk}/verwijderen/",
        f"{base}/evaluatieverslag/",
        f"{base}/overzicht/",
        f"{live_server.url}/trajecten/agenda/",
    ]

    context = browser.new_context(viewport=PHONE, locale="nl-BE")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/account/login/")
        _log_in(page, coach.email, TEST_PASSWORD)
        misfits = [misfit for url in urls for misfit in _misfits(page, url)]
    finally:
        context.close()
    assert misfits == [], "\n".join(misfits)
