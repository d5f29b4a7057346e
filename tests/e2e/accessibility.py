"""axe-core on every page state a journey visits, without the journey asking for it.

When a page shows something new (its main frame commits a document, htmx swaps content in, or
another script request finishes), the checker only notes the page. The next time the test calls
Playwright, before that call starts, it runs axe on every noted page; at the end of the test it
checks the ones still noted. So a state is checked once the test has seen it and before the test
can act on it: a click that leaves a page is a call, and waits for the check of that page.

Why not run axe from the event handler itself: under the sync API a handler that calls the
page runs only while the test waits for Playwright, so it would interleave with the test's
next actions. Nor from a route handler that holds the request leaving the page: while a
navigation is held, Chromium answers no DevTools message for that page, so axe could not run.
Before the next call, the test is the only one acting, and nothing moves on.

The signals reach the test in the order the page gave them: a swap is reported (through a
binding called on `htmx:afterSwap`) before anything the test could read from the swapped
content. A state is known by its address and a hash of its markup: a page noted again without
any change is not checked twice. axe and the swap listener are handed to the page through
Playwright (`evaluate`, an init script), which the Content-Security-Policy does not govern (a
`<script>` tag would be refused), so the policy stays as strict as the journeys' CSP check
expects it.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import greenlet
from axe_playwright_python.base import AXE_SCRIPT
from playwright._impl._sync_base import SyncBase
from playwright.sync_api import Browser, BrowserContext, Error, Frame, Page, Request

FAILING_IMPACTS = ("serious", "critical")
# Requests whose answer a script may put into the page (htmx sends XMLHttpRequests).
SCRIPT_REQUESTS = {"xhr", "fetch"}
# htmx reports each swap to the checker through this binding (a function the page can call).
SWAP_BINDING = "plgAccessibilityNoteSwap"
_SWAP_LISTENER = (
    f'document.addEventListener("htmx:afterSwap", () => window.{SWAP_BINDING}?.(), true);'
)
# How long a check waits for the page to finish loading and htmx to settle, then checks anyway.
SETTLE_TIMEOUT_MS = 5_000
# The check raced a navigation: the page left the state, and the new one is noted by its commit.
LEFT_WHILE_CHECKING = re.compile(r"Execution context was destroyed")

# The state as the page shows it once loaded (contrast needs the stylesheets) and settled by
# htmx: its address and a hash of its markup (not its size alone: a message of the same length
# may replace another). Null while the page is still without a document after a navigation.
_STATE = """async (settleTimeout) => {
  const busy = () => document.readyState !== "complete" || document.querySelector(
    ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added") !== null;
  const deadline = Date.now() + settleTimeout;
  while (busy() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 25));
  if (document.documentElement === null) return null;
  const markup = document.documentElement.outerHTML;
  let hash = 0;
  for (let i = 0; i < markup.length; i++) hash = (Math.imul(31, hash) + markup.charCodeAt(i)) | 0;
  return {
    key: `${location.href} ${markup.length} ${hash}`,
    isHtml: document.contentType === "text/html",
    hasAxe: typeof window.axe !== "undefined",
  };
}"""

_RUN = """async (impacts) => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return {
    url: location.href,
    violations: results.violations.filter((v) => impacts.includes(v.impact)).map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((node) => ({
        target: node.target.flat().join(" "),
        summary: [...node.any, ...node.all, ...node.none].map((check) => check.message)[0] || "",
      })),
    })),
  };
}"""


@dataclass(frozen=True)
class Violation:
    """One rule broken on one page, with the elements that break it."""

    url: str
    rule: str
    impact: str
    help: str
    help_url: str
    nodes: tuple[tuple[str, str], ...]  # (CSS selector, what axe found wrong)

    def __str__(self) -> str:
        parts = urlsplit(self.url)
        page = parts.path + (f"?{parts.query}" if parts.query else "")
        lines = [f"{page}: {self.rule} ({self.impact}): {self.help} <{self.help_url}>"]
        for target, summary in self.nodes:
            lines.append(f"    {target}" + (f"  ({summary})" if summary else ""))
        return "\n".join(lines)


class AccessibilityChecker:
    """Runs axe on the pages of the browser contexts it watches, once per state; collects the
    serious and critical violations, each once, in the order found."""

    def __init__(self, browser: Browser):
        self._browser = browser
        self._test_greenlet = greenlet.getcurrent()
        self._watched: set[Page] = set()
        self._noted: set[Page] = set()
        self._checked: dict[Page, str] = {}
        self._checking = False
        self._active = True
        self.violations: list[Violation] = []
        self.errors: list[str] = []

    def watch(self, context: BrowserContext) -> None:
        """Note each new state of this context's pages (pages opened later included)."""
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)
        context.expose_binding(SWAP_BINDING, self._on_swap)
        context.add_init_script(script=_SWAP_LISTENER)

    def before_call(self) -> None:
        """Check the noted pages; run before each call the test makes to Playwright."""
        if (
            self._active
            and self._noted
            and not self._checking
            and greenlet.getcurrent() is self._test_greenlet  # not an event or route handler
        ):
            for page in list(self._noted):
                self._check_safely(page)

    def check(self, page: Page) -> list[Violation]:
        """Run axe on the page unless this state was checked already; return what it found."""
        self._noted.discard(page)
        if page.is_closed() or not page.url.startswith("http"):
            return []
        self._checking = True
        try:
            state = page.evaluate(_STATE, SETTLE_TIMEOUT_MS)
            if state is None or not state["isHtml"] or self._checked.get(page) == state["key"]:
                return []
            if not state["hasAxe"]:
                page.evaluate(AXE_SCRIPT)
            result = page.evaluate(_RUN, FAILING_IMPACTS)
            self._checked[page] = state["key"]
        finally:
            self._checking = False
        found = [_violation(result["url"], found) for found in result["violations"]]
        new = [violation for violation in found if violation not in self.violations]
        self.violations += new
        return new

    def finish(self) -> None:
        """Check the states the pages ended on, also of pages in contexts this checker did not
        watch (`browser.new_page()`); later calls (closing the contexts) check nothing more."""
        for context in self._browser.contexts:
            for page in context.pages:
                if page in self._noted or page not in self._watched:
                    self._check_safely(page)
        self._active = False

    def take(self) -> list[Violation]:
        """The violations found so far, forgotten by the checker (for tests of the checker)."""
        taken, self.violations = self.violations, []
        return taken

    def report(self) -> str:
        """What fails the journey, readable; empty when nothing does."""
        if not self.violations and not self.errors:
            return ""
        lines = [f"Accessibility (axe-core): {len(self.violations)} serious or critical violations"]
        lines += [str(violation) for violation in self.violations]
        lines += [f"and axe could not check a page: {error}" for error in self.errors]
        return "\n".join(lines)

    def _watch_page(self, page: Page) -> None:
        """Event handlers only note the page: calling it from here would interleave with the
        test (see the module's docstring)."""
        if page in self._watched:
            return
        self._watched.add(page)

        def on_navigated(frame: Frame) -> None:
            if frame == page.main_frame:
                self._noted.add(page)

        def on_request_finished(request: Request) -> None:
            if request.resource_type in SCRIPT_REQUESTS and _frame_of(request) == page.main_frame:
                self._noted.add(page)

        page.on("framenavigated", on_navigated)
        page.on("requestfinished", on_request_finished)

    def _on_swap(self, source: dict) -> None:
        if source["frame"] == source["page"].main_frame:
            self._noted.add(source["page"])

    def _check_safely(self, page: Page) -> None:
        """A check whose failure is reported with the others instead of breaking the call."""
        try:
            self.check(page)
        except Error as error:
            if not page.is_closed() and not LEFT_WHILE_CHECKING.search(error.message):
                self.errors.append(f"{page.url}: {error.message}")


def check_before_each_call(checker: AccessibilityChecker, monkeypatch) -> None:
    """Make every call of Playwright's sync API start with the checker's `before_call`.

    Every sync call (a page's, a locator's, an `expect`) goes through `SyncBase._sync`;
    Playwright has no public hook before a call. A Playwright upgrade that renames it makes
    `monkeypatch` raise here, so the check cannot disappear unnoticed.
    """
    original = SyncBase._sync

    def checked_sync(self, awaitable):
        __tracebackhide__ = True
        checker.before_call()
        return original(self, awaitable)

    monkeypatch.setattr(SyncBase, "_sync", checked_sync)


def _frame_of(request: Request) -> Frame | None:
    try:
        return request.frame
    except Error:  # a service worker's request has no frame
        return None


def _violation(url: str, found: dict) -> Violation:
    return Violation(
        url=url,
        rule=found["rule"],
        impact=found["impact"],
        help=found["help"],
        help_url=found["helpUrl"],
        nodes=tuple((node["target"], node["summary"]) for node in found["nodes"]),
    )
