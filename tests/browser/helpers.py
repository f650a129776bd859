import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core import mail
from playwright.sync_api import Page, expect

PASSWORD = "a sturdy passphrase 42"


def sign_up_and_confirm(
    page: Page, base_url: str, email: str, name: str, *, go_to_form: bool = True
) -> None:
    """Sign up through the real pages and follow the verification link from the outbox."""
    if go_to_form:
        page.goto(f"{base_url}/accounts/signup/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Your name:").fill(name)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    message = [m for m in mail.outbox if m.to == [email]][-1]
    # Emails link to SITE_URL; the test server listens elsewhere.
    path = re.search(rf"{re.escape(settings.SITE_URL)}(/accounts/confirm-email/\S+/)", message.body)
    page.goto(base_url + path.group(1))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text(f"Your email address {email} is confirmed.")).to_be_visible()


def log_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()


# In tests/, not static/: production never serves it.
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
# Serious and critical are the levels that lock someone out (a control without a name, text
# too faint to read); minor and moderate findings are left to review, not to a failing build.
AXE_FAILING_IMPACTS = ("serious", "critical")
AXE_RUN = """async () => {
    // Pico fades colours when the scheme changes: measure the settled colours, not a frame
    // halfway between light and dark.
    // A transition inside a closed <details> never runs (its content is not rendered), so
    // its promise never settles: wait at most two seconds.
    await Promise.race([
        Promise.all(document.getAnimations()
            .filter(a => a.effect.getTiming().iterations !== Infinity)
            .map(a => a.finished.catch(() => null))),
        new Promise(resolve => setTimeout(resolve, 2000)),
    ]);
    // target-size (WCAG 2.2 AA, 24px) is off by default in axe; this app is used on phones.
    const results = await axe.run(document, {
        resultTypes: ["violations"], rules: {"target-size": {enabled: true}},
    });
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
    }));
}"""


@cache
def _axe_source() -> str:
    return AXE_JS.read_text()


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now, in the light and the dark colour scheme; fail
    listing every serious or critical violation, with the element and what to fix.

    axe goes in through the DevTools protocol (evaluate), not as a <script>: the site's CSP
    (script-src 'self', nothing inline) rightly blocks an injected inline script, and the
    app's own pages never load axe.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    failing: dict[tuple, dict] = {}
    # Light last: it is Playwright's default, so the page is left as the test found it.
    for scheme in ("dark", "light"):
        page.emulate_media(color_scheme=scheme)
        for violation in page.evaluate(AXE_RUN):
            if violation["impact"] in AXE_FAILING_IMPACTS:
                # A missing label fails in both schemes: report it once, naming both.
                key = (violation["id"], *(n["target"] for n in violation["nodes"]))
                failing.setdefault(key, {**violation, "schemes": []})["schemes"].append(scheme)
    assert not failing, f"axe found on {page.url}:\n" + "\n".join(
        f"- {v['impact']} {v['id']} ({' and '.join(v['schemes'])} scheme): {v['help']}\n"
        + "\n".join(f"    at {n['target']}: {n['summary']}" for n in v["nodes"])
        for v in failing.values()
    )


# Where browser tests save what a page looked like (git-ignored), for a person to look at.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"


# Every control shown on the page, scrolled to the top, the middle and the foot of the screen
# (as far as the page scrolls; the top as the page's own scroll padding leaves it), must be
# what is under its own centre and near each of its corners whenever a fixed or sticky element
# is: nothing fixed or sticky lies on any part of it. (Neighbours that merely touch, such as
# the navigation's links with their padding, are not what this looks for.)
COVERED_CONTROLS_JS = """
() => {
  const covered = [];
  const pinned = (element) => {
    for (let node = element; node && node !== document.body; node = node.parentElement) {
      const position = getComputedStyle(node).position;
      if (position === "fixed" || position === "sticky") return node;
    }
    return null;
  };
  const controls = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), textarea, select, summary"
  );
  for (const control of controls) {
    // Not shown: display none, or inside a closed <details> (which Chromium hides with
    // content-visibility, leaving boxes that elementFromPoint never finds).
    if (control.getClientRects().length === 0 || !control.checkVisibility()) continue;
    for (const block of ["start", "center", "end"]) {
      control.scrollIntoView({block: block, inline: "nearest"});
      const box = control.getBoundingClientRect();
      const inset = Math.min(3, box.width / 2, box.height / 2);
      const points = [
        [box.left + box.width / 2, box.top + box.height / 2],
        [box.left + inset, box.top + inset],
        [box.right - inset, box.top + inset],
        [box.left + inset, box.bottom - inset],
        [box.right - inset, box.bottom - inset],
      ];
      for (const [x, y] of points) {
        if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) continue;  // off screen
        const hit = document.elementFromPoint(x, y);
        const cover = hit && pinned(hit);
        if (!cover || cover.contains(control)) continue;
        const under = hit ? hit.outerHTML.slice(0, 80) : "nothing";
        covered.push(`${block}: ${control.outerHTML.slice(0, 80)} under ${under}`);
        break;
      }
    }
  }
  window.scrollTo(0, 0);
  return covered;
}
"""


def assert_no_control_covered(page: Page) -> None:
    covered = page.evaluate(COVERED_CONTROLS_JS)
    assert not covered, f"{page.url}: {covered[:5]}"
