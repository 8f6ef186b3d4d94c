"""axe-core (bundled by axe-playwright-python) run on a page in Debian's Chromium."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
#: WCAG 2.0/2.1 A and AA rules, and axe's best practices (landmarks, headings).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(html: str) -> list[dict]:
    """axe-core's violations of `html`, as axe reports them (id, impact, nodes ...)."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            page = browser.new_context(bypass_csp=True).new_page()
            page.set_content(html, wait_until="load")
            options = {"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": TAGS}}
            return Axe().run(page, options=options).response["violations"]
        finally:
            browser.close()


def summary(violations: list[dict]) -> list[str]:
    """One line per violation and element: 'impact rule: target: message'."""
    return [
        f"{v['impact']} {v['id']}: {node['target']}: {node.get('failureSummary', '')[:160]}"
        for v in violations
        for node in v["nodes"]
    ]
