"""Hostile input (issue 8, item 3): markup, paths, URLs and random or huge sources
end as escaped text or located errors; never a traceback, a file read outside the
workspace, a network connection, or an unbounded run."""

from __future__ import annotations

import re
import resource
import socket
import subprocess
import sys
import threading
from io import StringIO
from pathlib import Path

import pytest
import tinyhtml5
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from mdime_publish.errors import Problem
from mdime_publish.pipeline import load_report

REPORT = Path("content/testland/russia.md")
PROBLEM = re.compile(r"[^:\n]+(:\d+:\d+)?: (error|warning): .+")
SUMMARY = re.compile(r"checked 1 report: \d+ errors?, \d+ warnings?\n")
XHTML = "{http://www.w3.org/1999/xhtml}"


def _append(root: Path, markdown: str) -> int:
    """Add `markdown` at the end of the report (under Conclusions); its first line number."""
    path = root / REPORT
    text = path.read_text("utf-8")
    path.write_text(text + "\n" + markdown + "\n", encoding="utf-8")
    return text.count("\n") + 2


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _assert_problem_lines(out: str) -> None:
    for line in out.splitlines():
        assert PROBLEM.fullmatch(line), line


@pytest.fixture
def listener():
    """A TCP server on 127.0.0.1: (port, list of connections it received)."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    connections: list[tuple] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, peer = server.accept()
            except TimeoutError:
                continue
            connections.append(peer)
            conn.close()

    thread = threading.Thread(target=accept)
    thread.start()
    yield server.getsockname()[1], connections
    stop.set()
    thread.join()
    server.close()


# -- raw HTML and unsafe links ------------------------------------------------------------


def test_raw_html_and_unsafe_links_reach_the_html_edition_as_text_only(mini, run):
    _append(mini, "\n\n".join([
        "<script>alert(1)</script>",
        "Inline <img src=x onerror=alert(2)> and <b onclick=\"alert(3)\">bold</b> here.",
        "<div onclick=\"steal()\">\nan HTML block\n</div>",
        "A [js link](javascript:alert(4)), [shouting](JAVASCRIPT:alert(5)), [an entity](jav&#x61;script:alert(6)), "
        "<javascript:alert(7)>, a [data link](data:text/html;base64,PHNjcmlwdD4=), an [ftp link](ftp://example.org/f) "
        "and a [web link](https://example.org/?q=\"x\"&y=<z>).",
        "`<script>code</script>`",
    ]))
    _edit(mini, "content/authors.yaml", "name: Jane Doe", 'name: "Jane <script>alert(8)</script> Doe"')
    _edit(mini, str(REPORT), "Capital: Testville [@atlas]",
          'Capital: "Testville <img src=x onerror=alert(9)> [@atlas]"')
    status, out, err = run("build", "--format", "html", cwd=mini)
    assert status == 0, out + err
    html = (mini / "build" / "testland" / "russia.html").read_text("utf-8")
    page = tinyhtml5.parse(html)
    elements = list(page.iter())
    assert not [e for e in elements if e.tag in (f"{XHTML}script", f"{XHTML}img")]
    assert not [(e.tag, k) for e in elements for k in e.attrib if k.lower().startswith("on")]
    hrefs = [e.get("href") for e in elements if e.get("href") is not None]
    assert [h for h in hrefs if not h.startswith("#")] == [
        "https://example.org/?q=%22x%22&y=%3Cz%3E",  # the web link, quoted
        "https://example.org/a_b%20c~d",  # a note's URL
        "https://fmso.tradoc.army.mil",  # the back cover
    ]
    for escaped in [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        # text, so printed with typographic quotes (issue 12)
        "<p>Inline &lt;img src=x onerror=alert(2)&gt; and &lt;b onclick=”alert(3)”&gt;bold&lt;/b&gt; here.</p>",
        "<p>&lt;div onclick=”steal()”&gt; an HTML block &lt;/div&gt;</p>",
        "<p>A js link, shouting, an entity, javascript:alert(7), a data link, an ftp link and a "
        '<a href="https://example.org/?q=%22x%22&amp;y=%3Cz%3E">web link</a>.</p>',
        "<code>&lt;script&gt;code&lt;/script&gt;</code>",
        "Jane &lt;script&gt;alert(8)&lt;/script&gt; Doe",
        "<td>Testville &lt;img src=x onerror=alert(9)&gt;\u2060<sup",  # a word joiner ties the marker (issue 12)
    ]:
        assert escaped in html


# -- images and style URLs stay inside the workspace --------------------------------------


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("src, message", [
    ("file:///etc/passwd", "image 'file:///etc/passwd' is not a file: images must be files inside the workspace"),
    ("../../../etc/passwd.png", "image '../../../etc/passwd.png' is outside the workspace"),
    ("/etc/passwd.png", "image '/etc/passwd.png' is outside the workspace"),
    ("http://127.0.0.1:{port}/x.png",
     "image 'http://127.0.0.1:{port}/x.png' is not a file: images must be files inside the workspace"),
])
def test_an_image_outside_the_workspace_is_a_located_error(mini, run, listener, command, src, message):
    port, connections = listener
    line = _append(mini, f"![x]({src.format(port=port)})")
    status, out, err = run(command, cwd=mini)
    assert status == 1
    assert out == f"{REPORT}:{line}:1: error: {message.format(port=port)}\n"
    assert not (mini / "build").exists()
    assert connections == []


@pytest.mark.parametrize("css, message", [
    ("body { background-image: url(file:///etc/hostname) }", "refused to read '/etc/hostname': it is outside {styles}"),
    ("body { background-image: url(../../outside.png) }", "refused to read '{outside}': it is outside {styles}"),
    ("body { background-image: url(http://127.0.0.1:{port}/x) }",
     "refused to fetch 'http://127.0.0.1:{port}/x': only files in {styles} are used, never the network"),
    ("@font-face { font-family: Far; src: url(http://127.0.0.1:{port}/f.woff) } body { font-family: Far }",
     "refused to fetch 'http://127.0.0.1:{port}/f.woff': only files in {styles} are used, never the network"),
])
def test_a_stylesheet_url_outside_the_styles_folders_fails_the_pdf_without_a_connection(
        mini, run, listener, css, message):
    port, connections = listener
    outside = mini.parent / "outside.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    styles = mini / "styles"
    styles.mkdir()
    default = Path(__file__).parent.parent / "styles"
    (styles / "report.css").write_text((default / "report.css").read_text("utf-8") + "\n" + css.replace(
        "{port}", str(port)) + "\n", encoding="utf-8")
    status, out, err = run("build", "--format", "pdf", cwd=mini)
    assert status == 1
    where = f"{styles.resolve()}, {default.resolve()}"
    assert out == f"{REPORT}: error: PDF: {message.format(port=port, styles=where, outside=outside)}\n"
    assert "Traceback" not in err
    assert not (mini / "build" / "testland" / "russia.pdf").exists()
    assert connections == []


# -- bibliography names and symbolic links -------------------------------------------------


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "../content/authors.yaml/../../../x.bib"])
def test_a_bibliography_name_leaving_the_workspace_is_a_located_error(mini, run, name):
    _edit(mini, str(REPORT), "bibliography: [mini.bib]", f"bibliography: [{name}]")
    status, out, err = run("check", cwd=mini)
    assert status == 1
    assert out == f"{REPORT}:7:16: error: bibliography file '{name}' is outside the workspace\n"


SECRET = "Zyx the Outsider"  # text only the files outside the workspace hold


@pytest.mark.parametrize("link, message", [
    ("bibliography/outside.bib",
     "bibliography/outside.bib: error: bibliography file 'outside.bib' is outside the workspace"),
    ("bibliography/mini.bib", f"{REPORT}:7:16: error: bibliography file 'mini.bib' is outside the workspace"),
    ("content/authors.yaml", "content/authors.yaml: error: file is outside the workspace (a link to '{target}')"),
    ("content/testland/china.md",
     "content/testland/china.md: error: file is outside the workspace (a link to '{target}')"),
    ("content/otherland", "content/otherland/china.md: error: file is outside the workspace (a link to '{target}')"),
])
def test_a_symbolic_link_out_of_the_workspace_is_never_followed(mini, run, link, message):
    outside = mini.parent / "outside"
    outside.mkdir()
    target = outside / Path(link).name
    if link == "content/otherland":
        target.mkdir()
        target = target / "china.md"
    if link.endswith(".md"):
        target.write_text((mini / REPORT).read_text("utf-8").replace("Testville", SECRET), encoding="utf-8")
    elif link.endswith(".bib"):
        target.write_text(f"@online{{atlas, title = {{{SECRET}}}}}\n", encoding="utf-8")
    else:
        target.write_text(f"doe: {{name: {SECRET}}}\n", encoding="utf-8")
    if link == "bibliography/outside.bib":
        _edit(mini, str(REPORT), "bibliography: [mini.bib]\n", "")  # every bibliography/*.bib is searched
    (mini / link).unlink(missing_ok=True)
    (mini / link).symlink_to(outside / Path(link).name)
    for command in (["check"], ["build", "--format", "html"]):
        status, out, err = run(*command, cwd=mini)
        assert status == 1
        assert message.format(target=target.resolve()) in out.splitlines()
    built = [p.read_text("utf-8") for p in (mini / "build").rglob("*.html")]
    assert not [page for page in built if SECRET in page]


# -- characters that break lines or writers (found by the random sources below) -------------


def test_a_problem_quoting_line_breaking_characters_prints_on_one_line(mini, run):
    _edit(mini, str(REPORT), "status: draft\n", 'status: draft\n"x\\ry\\u2028z": 1\n')
    status, out, err = run("check", cwd=mini)
    assert status == 1
    assert out == f"{REPORT}:6:1: error: unknown key 'x\\ry\\u2028z'\n"
    # a control character such as NEL (\N) is refused as such (issue 13), on one line too
    _edit(mini, str(REPORT), '"x\\ry\\u2028z"', '"x\\ry\\u2028z\\N"')
    status, out, err = run("check", cwd=mini)
    assert out == f"{REPORT}:6:1: error: control character U+0085 in text (written as an escape); delete it\n"


@pytest.mark.parametrize("file, old, new, where", [
    (str(REPORT), "Relations began", "Relations \x0b began", f"{REPORT}:43:11"),
    (str(REPORT), "Relations began", "Relations \x00 began", f"{REPORT}:43:11"),
    ("bibliography/mini.bib", "Atlas of", "Atlas \x1b[31m of", "bibliography/mini.bib:17:18"),
])
def test_a_control_character_is_a_located_error_not_a_docx_writer_crash(mini, run, file, old, new, where):
    _edit(mini, file, old, new)
    code = f"U+{ord(new[new.index(' ') + 1]):04X}"
    for command in (["check"], ["build", "--format", "docx"]):
        status, out, err = run(*command, cwd=mini)
        assert status == 1
        assert out == f"{where}: error: control character {code} in text; delete it\n"


# -- random sources -------------------------------------------------------------------------

MARKDOWN_BITS = [
    "# ", "## ", "### ", "#", "- ", "  - ", "    - ", "* ", "1. ", "> ", "\n", "\n\n", "\r", "\r\n", "\t",
    "[", "]", "(", ")", "[@", "[@smith-2023", "[@atlas, p. 4]", "@", "; ", ", ", "^[", "**", "*", "***", "_",
    "\\", "`", "```\n", "~~~", "|", " | ", "|---|", "---", "![x](", "x.png", "[^1]", "[^1]: ", "<", ">", "&",
    "&#0;", "&amp;", "\x00", "\ufeff", "\u202e", "é", "中文", "Ж", "\U0001f600", "x" * 5000, "D1", "E2",
    "Key Assessments", "Current", "Projected", "Introduction", "Conclusions",
]
YAML_BITS = [
    ": ", "- ", "[", "]", "{", "}", ",", "'", '"', "&a ", "*a", "!!python/object:os.system ", "!!binary ",
    "!!timestamp ", "? ", "---", "...", "%YAML 1.1", "\n", "  ", "\t", "#", "|", ">", "~", "null", "1e400",
    "0x1F", "2024-13-45", "2024-05", "ratings", "D1", "current", "projected", "confidence", "glance",
    "bibliography", "authors", "overall", "benefactor", "russia", "status", "final", "title", "[@atlas]", "\x00",
    "é", "\ufeff",
]
BIBTEX_BITS = [
    "@online{", "@article{", "@book{", "@string{", "@comment{", "@preamble{", "@misc(", "smith-2023,", "atlas,",
    "author = ", "title = ", "date = ", "year = ", "month = ", "urldate = ", "url = ", "pages = ", "{", "}",
    '"', ",", "=", "#", "@", "%", "\\", "\\'e", "\\v{c}", "$x^2$", "~", "and ", "{U.S. Department}", "Smith, John",
    "2023-13-45", "2023-08", "jan", "\n", "é", "\x00", "\r",
]


def _bits(bits: list[str], max_size: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(bits) | st.text(max_size=8), max_size=max_size).map("".join)


_plain_values = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | st.dates()
_values = st.recursive(_plain_values, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
_front_keys = st.sampled_from(["ratings", "overall", "glance", "authors", "bibliography", "date", "status",
                               "benefactor", "recipient", "title", "whole front matter"])


def _dump(data: object) -> str:
    stream = StringIO()
    YAML(typ="safe", pure=True).dump(data, stream)
    return stream.getvalue()


@st.composite
def hostile_sources(draw) -> tuple[str, str, str]:
    """(report text, mini.bib text, what was made random) from the valid mini workspace."""
    report = (Path(__file__).parent / "fixtures" / "mini" / REPORT).read_text("utf-8")
    bib = (Path(__file__).parent / "fixtures" / "mini" / "bibliography" / "mini.bib").read_text("utf-8")
    front, body = report[4:].split("\n---\n", 1)
    part = draw(st.sampled_from(["yaml text", "yaml data", "glance markdown", "markdown", "bibtex"]))
    if part == "yaml text":
        front = draw(_bits(YAML_BITS, 40))
    elif part == "glance markdown":  # inline Markdown inside YAML values
        data = YAML(typ="safe", pure=True).load(front)
        data["glance"]["Capital"] = draw(_bits(MARKDOWN_BITS, 20))
        front = _dump(data)
    elif part == "yaml data":
        key, value = draw(_front_keys), draw(_values)
        if key == "whole front matter":
            front = _dump(value)
        else:
            data = YAML(typ="safe", pure=True).load(front)
            data[key] = value
            front = _dump(data)
    elif part == "markdown":
        text = draw(_bits(MARKDOWN_BITS, 60))
        body = draw(st.sampled_from([body + "\n" + text, text + "\n" + body, text]))
    else:
        bib = draw(st.sampled_from(["", bib])) + draw(_bits(BIBTEX_BITS, 60))
    return f"---\n{front}\n---\n{body}", bib, part


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(source=hostile_sources())
def test_random_sources_end_in_located_problems_never_a_crash(mini, run, source):
    report, bib, _ = source
    (mini / REPORT).write_text(report, encoding="utf-8", newline="")
    (mini / "bibliography" / "mini.bib").write_text(bib, encoding="utf-8", newline="")
    loaded = load_report(mini / REPORT)
    assert all(isinstance(p, Problem) for p in loaded.problems)
    status, out, err = run("check", cwd=mini)
    assert status in (0, 1)
    _assert_problem_lines(out)
    assert SUMMARY.fullmatch(err)


# -- huge and deeply nested sources -----------------------------------------------------------

PARAGRAPH = (  # about the density of the Mali reports: a note every 240 characters
    "Relations between the two states began in 1960, when the first agreement on military "
    "cooperation was signed in the capital and a small mission of advisers arrived to train "
    "the new army's officers and to staff its first schools [@smith-2023]. They deepened after "
    "2012, as **the benefactor** delivered transport helicopters, trained several hundred "
    "officers in its own academies and sent advisers to the garrisons of the north, where the "
    "fighting was heaviest and the national army weakest [@corp-2020, p. 4]. *Observers* noted "
    "that the advisers stayed on after the elections, that the training courses doubled in "
    "size within three years, and that the ministry began to publish the figures only after "
    "the press had reported them [@atlas]. The ministry denied any link between the deliveries "
    "and the mining concessions signed the same year, although the two were announced on the "
    "same day and by the same delegation.^[A comment that cites [@corp-2020].]\n\n"
)


def _limit_memory() -> None:
    two_gb = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (two_gb, two_gb))


@pytest.mark.parametrize("extra", [
    pytest.param(PARAGRAPH * (10 * 1024**2 // len(PARAGRAPH)), id="10 MB of prose with 44,000 notes"),
    pytest.param("".join("  " * i + "- x\n" for i in range(2000)), id="2,000 levels of indented lists"),
    pytest.param("- " * 2000 + "x", id="2,000 list markers on one line"),
    pytest.param("> " * 2000 + "x", id="2,000 nested block quotes"),
    pytest.param("[" * 100_000, id="100,000 brackets"),
    pytest.param("[@" * 50_000, id="50,000 citation openings"),
    pytest.param("^[" * 50_000, id="50,000 inline note openings"),
    pytest.param("**" * 50_000 + "x" + "**a" * 50_000, id="100,000 bold markers"),
])
def test_a_huge_or_deeply_nested_source_checks_in_bounded_time_and_memory(mini, extra):
    _append(mini, extra)
    done = subprocess.run([sys.executable, "-m", "mdime_publish.cli", "check"], cwd=mini, capture_output=True,
                          text=True, timeout=60, preexec_fn=_limit_memory)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    _assert_problem_lines(done.stdout)
    assert SUMMARY.fullmatch(done.stderr)


def test_a_style_file_linked_out_of_the_workspace_is_refused(mini, run, tmp_path):
    outside = tmp_path / "outside.css"
    outside.write_text("body { color: red; } /* SECRET-OUTSIDE */", encoding="utf-8")
    (mini / "styles").mkdir()
    (mini / "styles" / "report.css").symlink_to(outside)
    status, out, _ = run("build", "--format", "html", cwd=mini)
    assert status == 1
    assert "styles/report.css: error: style file is a link to a file outside the workspace" in out
    assert not list(mini.glob("build/**/*.html"))
