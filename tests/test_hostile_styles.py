"""Styles are data, templates are sandboxed (issue 13, item 2): a workspace's
stylesheet cannot leave its <style> element, templates cannot reach Python or fill
memory, linked style folders are refused, and the built HTML runs no script and
loads nothing, which a real browser confirms."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import tinyhtml5
from test_hostile_input import listener  # noqa: F401 - a fixture: a TCP server that counts connections

CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
                           "base-uri 'none'; form-action 'none'")

DEFAULT_STYLES = Path(__file__).parent.parent / "styles"
PAGE = Path("build/testland/russia.html")
XHTML = "{http://www.w3.org/1999/xhtml}"
CHROMIUM = Path("/usr/bin/chromium")


def _workspace_template(mini: Path, name: str, old: str, new: str) -> Path:
    """A workspace copy of a default template with `old` replaced by `new`."""
    folder = mini / "styles" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    text = (DEFAULT_STYLES / "templates" / name).read_text("utf-8")
    assert old in text
    path = folder / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


BREAKOUT = "</style><script>document.title = 'pwned'</script><style>"


def test_a_workspace_stylesheet_cannot_end_its_style_element(mini, run):
    (mini / "styles").mkdir()
    css = (DEFAULT_STYLES / "report.css").read_text("utf-8")
    (mini / "styles" / "report.css").write_text(css + f"\n/* {BREAKOUT} */ .x::after {{ content: \"</STYLE>\" }}\n",
                                                encoding="utf-8")
    status, out, err = run("build", "--format", "html,pdf", cwd=mini)
    assert status == 0, out + err
    page = tinyhtml5.parse((mini / PAGE).read_text("utf-8"))
    assert not [e for e in page.iter() if e.tag == f"{XHTML}script"]
    styles = [e for e in page.iter() if e.tag == f"{XHTML}style"]
    assert len(styles) == 1
    assert "<\\/style><script>" in styles[0].text and 'content: "<\\/STYLE>"' in styles[0].text


@pytest.mark.parametrize("command, page", [(["build", "--format", "html"], PAGE), (["compare"], "build/compare.html")])
def test_built_html_carries_a_policy_forbidding_scripts_and_loads(mini, run, command, page):
    status, out, err = run(*command, cwd=mini)
    assert status == 0, out + err
    head = tinyhtml5.parse((mini / page).read_text("utf-8")).find(f"{XHTML}head")
    first = head[0]
    assert (first.tag, first.get("http-equiv"), first.get("content")) == (
        f"{XHTML}meta", "Content-Security-Policy", CONTENT_SECURITY_POLICY)
    assert CONTENT_SECURITY_POLICY.startswith("default-src 'none';") and "script-src" not in CONTENT_SECURITY_POLICY


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_a_browser_runs_no_script_and_loads_nothing_from_a_hostile_template(mini, run, listener):
    from playwright.sync_api import sync_playwright

    port, connections = listener
    _workspace_template(mini, "report.html.j2", "<head>",
                        f"<head><script>document.title = 'pwned'</script>"
                        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">')
    _workspace_template(mini, "cover.html.j2", "\n", f'\n<img src="http://127.0.0.1:{port}/x.png" alt="">\n')
    status, out, err = run("build", "--format", "html", cwd=mini)
    assert status == 0, out + err
    html = (mini / PAGE).read_text("utf-8")
    assert "document.title = 'pwned'" in html  # the template wrote it; the policy must stop it
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--no-first-run"], timeout=10_000)
        try:
            page = browser.new_page()
            blocked: list[str] = []
            page.on("console", lambda message: blocked.append(message.text))
            page.goto((mini / PAGE).resolve().as_uri())
            page.wait_for_timeout(500)
            assert page.title() == "Instruments of Russian Military Influence in Testland"
            assert len([m for m in blocked if "violates the following Content Security Policy" in m]) == 3, blocked
        finally:
            browser.close()
    assert connections == []


@pytest.mark.parametrize("expression, says", [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "access to attribute '__class__' of 'str' object is unsafe"),
    ("{{ report.__class__ }}", "access to attribute '__class__'"),
    ("{{ 'x' * 1000000000 }}", "repeating makes more than 100,000 items"),
    ("{{ 10 ** 100000000 }}", "exponent 100000000 is larger than 64"),
    ("{% for i in range(10 ** 12) %}{% endfor %}", "Range too big"),
])
def test_templates_render_in_a_sandbox(mini, run, expression, says):
    path = _workspace_template(mini, "cover.html.j2", "\n", f"\n{expression}\n")
    status, out, err = run("build", "--format", "html", cwd=mini)
    assert status == 1, out + err
    assert out.startswith(f"{path.relative_to(mini)}:2:1: error: template: ") and says in out, out
    assert "Traceback" not in err
    assert not (mini / PAGE).exists()


def test_a_template_syntax_error_is_located(mini, run):
    path = _workspace_template(mini, "cover.html.j2", "\n", "\n{% if %}\n")
    status, out, err = run("build", "--format", "html", cwd=mini)
    assert status == 1
    assert out.startswith(f"{path.relative_to(mini)}:2:1: error: template: Expected an expression"), out


@pytest.mark.parametrize("linked", ["styles/templates", "styles"])
def test_a_style_folder_linked_out_of_the_workspace_is_refused(mini, run, tmp_path, linked):
    outside = tmp_path / "outside"
    shutil.copytree(DEFAULT_STYLES / "templates", outside / "templates")
    (outside / "templates" / "cover.html.j2").write_text("SECRET-OUTSIDE", encoding="utf-8")
    (mini / "styles").mkdir(exist_ok=True)
    if linked == "styles":
        (mini / "styles").rmdir()
        (mini / "styles").symlink_to(outside)
    else:
        (mini / linked).symlink_to(outside / "templates")
    status, out, _ = run("build", "--format", "html", cwd=mini)
    assert status == 1
    assert f"{linked}: error: style folder is a link to a folder outside the workspace" in out
    assert not list(mini.glob("build/**/*.html"))
