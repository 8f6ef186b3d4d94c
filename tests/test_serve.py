"""`mdime serve` end to end: a real headless Chromium follows saves without a manual reload.

The server runs in process on a free port over a copy of the mini workspace;
Playwright drives Debian's /usr/bin/chromium (never a downloaded browser).
Every wait is bounded and the browser is closed in a finally.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from mdime_publish.pipeline import Workspace
from mdime_publish.serve import serve

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
WAIT_MS = 10_000

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                                              "(apt-get install chromium; scripts/setup.sh --test)")


@pytest.fixture
def preview(mini: Path):
    """The preview server on a free port, serving the mini report; its log lines."""
    log: list[str] = []
    server = serve([(Workspace(mini), mini / "content" / "testland" / "russia.md")], 0, log.append)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, log
    finally:
        server.close()
        thread.join(timeout=5)
        assert not thread.is_alive()


def test_page_follows_saves_and_shows_errors(preview, mini: Path):
    from playwright.sync_api import expect, sync_playwright

    server, log = preview
    source = mini / "content" / "testland" / "russia.md"
    original = source.read_text("utf-8")
    requests: list[str] = []
    with sync_playwright() as pw:
        # launch() gives Chromium a fresh temporary --user-data-dir of its own.
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS, timeout=WAIT_MS)
        try:
            page = browser.new_page()
            page.set_default_timeout(WAIT_MS)
            page.on("request", lambda request: requests.append(request.url))
            page.goto(server.url)
            assert page.url == f"{server.url}testland/russia.html"
            expect(page.locator("h1.report-title")).to_have_text("Instruments of Russian Military Influence in Testland")
            intro = page.locator("#introduction-title + p")
            expect(intro).to_contain_text("Relations began in 1960.")

            edited = original.replace("Relations began in 1960 ", "Relations began in 1961 ")
            assert edited != original
            source.write_text(edited, "utf-8")
            expect(intro).to_contain_text("Relations began in 1961.", timeout=WAIT_MS)

            broken = original.replace("E2: {current: unobserved", "E2: {current: meduim")
            assert broken != original
            line = next(n for n, text in enumerate(broken.splitlines(), 1) if "meduim" in text)
            col = broken.splitlines()[line - 1].index("meduim") + 1
            source.write_text(broken, "utf-8")
            panel = page.locator(".problems[role=alert]")
            expect(panel).to_contain_text(f"russia.md:{line}:{col}", timeout=WAIT_MS)
            expect(panel).to_contain_text("unknown current level 'meduim'")
            expect(page.locator("h1.report-title")).to_have_count(0)

            source.write_text(original, "utf-8")
            expect(page.locator("h1.report-title")).to_be_visible(timeout=WAIT_MS)
            expect(panel).to_have_count(0)
            expect(intro).to_contain_text("Relations began in 1960.")
        finally:
            browser.close()

    assert all(url.startswith(server.url) for url in requests), requests  # the page asks nothing of anyone else
    assert "built testland/russia" in log[1]
    assert "testland/russia: 1 error" in log
    assert any(re.fullmatch(r"rebuilt testland/russia \(\d+\.\d s\)", line) for line in log)
    assert not (mini / "build").exists()  # the preview writes no files


def test_problem_panel_escapes_messages():
    from mdime_publish.errors import error
    from mdime_publish.serve import problem_panel

    text = problem_panel("mali/russia", [error("content/mali/russia.md", 3, 5, "bad <b>value</b> & more")])
    assert "<code>content/mali/russia.md:3:5</code>: bad &lt;b&gt;value&lt;/b&gt; &amp; more" in text
    assert "mali/russia: 1 error" in text


def test_terminal_shows_each_located_problem_and_the_index_lists_titles(mini: Path):
    """Issue 11: the log prints problems as `mdime check` does; the index names reports by title."""
    source = mini / "content" / "testland" / "russia.md"
    twin = mini / "content" / "testland" / "china.md"
    twin.write_text(source.read_text("utf-8").replace("benefactor: russia", "benefactor: china")
                    .replace("date: 2024-05", "date: 2024-05\ntitle: 'China & Testland'")
                    .replace("D1: {current: medium,", "D1: {current: meduim,"), "utf-8")
    log: list[str] = []
    server = serve([(Workspace(mini), twin), (Workspace(mini), source)], 0, log.append)
    try:
        assert ("content/testland/china.md:11:17: error: ratings.D1.current: unknown current level 'meduim', "
                "expected one of: very-high, high, medium, low, very-low, unobserved; did you mean 'medium'?") in log
        assert "testland/china: 1 error" in log
        index = server.index_html()
        assert ('<a href="/testland/russia.html">Instruments of Russian Military Influence in Testland '
                "(testland/russia)</a>") in index
        assert '<a href="/testland/china.html">testland/china</a>' in index  # never loaded: no title yet
        twin.write_text(twin.read_text("utf-8").replace("meduim", "medium"), "utf-8")
        server._build(server.pages["testland/china"], "rebuilt")
        assert '<a href="/testland/china.html">China &amp; Testland (testland/china)</a>' in server.index_html()
    finally:
        server.close()
