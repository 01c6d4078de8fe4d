"""What the browser refused or complained of while a test ran: Content-Security-Policy violation
events, console errors (Chromium logs each refusal there too), uncaught exceptions, and the
serious and critical accessibility problems axe-core finds on each page; and a wait for Chart.js
that works under the policy. The ``violations`` fixture (conftest.py) watches a test's page."""

import time
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Error, Page

from .waits import WAIT_MS

# Runs in every page before its own scripts (Playwright's init scripts and bindings are not
# subject to the page's CSP) and reports each violation to the test as it happens.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${location.pathname}: ${event.violatedDirective} blocked `
    + `${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`);
});
"""

# axe-core from npm (package.json's devDependencies; `make test` installs it). Its source is
# given to every page as an init script, like LISTEN: the page's policy is not loosened for it.
AXE_SOURCE = Path(settings.BASE_DIR, "node_modules", "axe-core", "axe.min.js")

# window.__dbiAudit() runs axe on the document as it is now (one run at a time: axe refuses to
# start a second) and resolves to its serious and critical violations. The page audits itself
# once it has loaded, and again after htmx has settled a swap (and nothing else for a moment),
# and reports what it found. (An audit cannot hold a navigation until it is done: Chromium does
# not evaluate in the old document while the next one's request is held, so a page the test
# leaves within a second or so of loading may go unaudited; the last page always is.)
AUDIT = """
(() => {
  let queue = Promise.resolve();
  window.__dbiAudit = () => {
    if (document.body && document.body.hasAttribute("data-admin-utc-offset")) {
      return Promise.resolve([]);  // Django's admin: its own markup, not the portal's
    }
    const run = queue.then(() => window.axe.run(
      // Swagger UI draws the API docs with its own markup; the page around it is ours.
      { exclude: [["#swagger-ui"]] },
      // No preload: axe would re-read the style sheets through <style> elements of its own,
      // which the page's policy refuses (and reports).
      { resultTypes: ["violations"], preload: false },
    ));
    queue = run.catch(() => null);
    return run.then((result) => result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                     targets: v.nodes.map((node) => node.target.join(" ")) })));
  };
  // A page with a request under way is left for later (its results fade while they load, a
  // moment's state): an audit that saw one start is dropped, the swap it brings is audited.
  let requests = 0;
  document.addEventListener("htmx:beforeRequest", () => { requests += 1; });
  const busy = () => document.querySelector(".htmx-request") !== null;
  const report = () => {
    const before = requests;
    if (busy()) return;
    window.__dbiAudit()
      .then((found) => {
        if (requests === before && !busy()) window.reportAccessibility(location.pathname, found);
      })
      .catch(() => {});
  };
  let timer = null;
  const soon = () => { clearTimeout(timer); timer = setTimeout(report, 250); };
  window.addEventListener("load", soon);
  document.addEventListener("htmx:afterSettle", soon);
})();
"""


# What htmx logs as an error when a request is aborted on purpose (hx-sync="this:replace"): a
# request that failed is logged as htmx:sendError as well, and still reported.
HTMX_ABORTED = ("htmx:afterRequest", "htmx:sendAbort")


class Watch:
    """What a watched page reported; ``audit`` runs axe on the page as it is now."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.seen: list[str] = []
        self._reported: set[tuple] = set()

    def accessibility(self, path: str, found: list[dict]) -> None:
        for problem in found:
            key = (path, problem["id"], tuple(problem["targets"]))
            if key in self._reported:
                continue
            self._reported.add(key)
            nodes = ", ".join(problem["targets"][:5])
            more = len(problem["targets"]) - 5
            self.seen.append(
                f"axe {path}: {problem['id']} ({problem['impact']}: {problem['help']}) at {nodes}"
                + (f" and {more} more" if more > 0 else "")
            )

    def audit(self) -> None:
        """Audit the page's current document (nothing on a blank page or one without axe:
        a download, a JSON answer)."""
        page = self.page
        if page.is_closed() or not page.url.startswith("http"):
            return
        try:
            found = page.evaluate("window.__dbiAudit ? window.__dbiAudit() : null")
            path = page.evaluate("location.pathname")
        except Error:
            return  # the page is gone (closed, or already replaced by the next one)
        if found is not None:
            self.accessibility(path, found)


def watch(page: Page) -> Watch:
    """Start watching ``page`` (before it opens anything); ``Watch.seen`` fills as things
    happen. Every document the page shows is audited by axe once it has loaded, after each htmx
    swap has settled, and when ``Watch.audit`` is called (the fixture does, as the test ends)."""
    found = Watch(page)
    seen = found.seen
    page.expose_function("reportViolation", lambda text: seen.append(text))
    page.expose_function("reportAccessibility", found.accessibility)
    page.add_init_script(LISTEN)
    page.add_init_script(path=AXE_SOURCE)
    page.add_init_script(AUDIT)

    def console(message) -> None:
        where = message.location["url"]
        if where.endswith("/favicon.ico"):
            return  # the admin's pages name no icon, so Chromium asks for one (a 404)
        if where == page.url and message.text.startswith("Failed to load resource"):
            return  # the page itself answered 4xx (a form sent back with its errors): shown
        if message.text.startswith(HTMX_ABORTED):
            return  # the calculator's newer answer replaced a request still running (hx-sync)
        if message.type == "error" or "Policy" in message.text:
            seen.append(f"console {message.type}: {message.text} ({where})")

    page.on("console", console)
    page.on("pageerror", lambda error: seen.append(f"page error: {error}"))
    return found


def chart_drawn(page: Page, canvas: str) -> None:
    """Wait until Chart.js has drawn on ``canvas`` (polled from here: Playwright's own
    wait_for_function compiles its predicate with eval, which the page's policy refuses), for as
    long as any other wait of the browser tests."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while time.monotonic() < deadline:
        if page.evaluate(f"!!(window.Chart && Chart.getChart({canvas!r}))"):
            return
        page.wait_for_timeout(100)  # the polling interval, not a wait for the chart
    raise AssertionError(f"no chart on #{canvas} at {page.url}")
