"""Bad inputs, each with the one located error `mdime check` must print (issue 2).

A case edits one file of the small valid workspace (tests/fixtures/mini): it
replaces `old` with `new` (the first occurrence; tuples for several edits) and names
the exact message.
"""

from __future__ import annotations

import pytest

R = "content/testland/russia.md"
A = "content/authors.yaml"
B = "bibliography/mini.bib"

CASES = [
    # (id, file, old, new, expected error line)
    ("malformed-yaml", R, "recipient: Testland", "recipient: [Testland", f"{R}:3:12: error: malformed YAML: the '[' on line 3 is never closed: end it with ']'"),
    ("unknown-key", R, "status: draft", "statsu: draft", f"{R}:5:1: error: unknown key 'statsu'; did you mean 'status'?"),
    ("missing-key", R, "recipient: Testland\n", "", f"{R}:2:1: error: missing key: recipient"),
    ("misspelled-rating", R, "D1: {current: medium,", "D1: {current: meduim,", f"{R}:10:17: error: ratings.D1.current: unknown current level 'meduim', expected one of: very-high, high, medium, low, very-low, unobserved; did you mean 'medium'?"),
    ("bad-projection", R, "D3: {current: low, projected: steady}", "D3: {current: low, projected: up}", f"{R}:12:33: error: ratings.D3.projected: unknown projected level 'up', expected one of: increasing, steady, decreasing, unknown"),
    ("bad-confidence", R, "confidence: low}\n  M1", "confidence: sure}\n  M1", f"{R}:15:53: error: ratings.I3.confidence: unknown confidence level 'sure', expected one of: low, moderate, high"),
    ("missing-instrument", R, "  E3: {current: medium, projected: decreasing}\n", "", f"{R}:9:1: error: missing key under 'ratings': E3"),
    ("missing-projection", R, "E3: {current: medium, projected: decreasing}", "E3: {current: medium}", f"{R}:21:3: error: missing key under 'ratings.E3': projected"),
    ("unknown-instrument-rating", R, "  E3: {current", "  E4: {current: low, projected: steady}\n  E3: {current", f"{R}:21:3: error: unknown key 'ratings.E4'"),
    ("bad-benefactor", R, "benefactor: russia", "benefactor: rusia", f"{R}:2:13: error: benefactor: unknown benefactor 'rusia', expected one of: russia, china; did you mean 'russia'?"),
    ("bad-status", R, "status: draft", "status: done", f"{R}:5:9: error: status: unknown status 'done', expected one of: draft, final"),
    ("malformed-date", R, "date: 2024-05", "date: May 2024", f"{R}:4:7: error: date: malformed date 'May 2024', expected YYYY-MM or YYYY-MM-DD"),
    ("impossible-date", R, "date: 2024-05", "date: 2024-13", f"{R}:4:7: error: date: malformed date '2024-13': no such month or day"),
    ("unknown-author", R, "authors: [doe, roe]", "authors: [doe, rowe]", f"{R}:6:16: error: unknown author id 'rowe' in content/authors.yaml; did you mean 'roe'?"),
    ("no-front-matter", R, "---\nbenefactor", "benefactor", f"{R}:1:1: error: missing front matter: a report starts with a '---' line, the YAML front matter, and another '---' line"),
    ("missing-section", R, "# Introduction\n", "", f"{R}:44:1: error: missing section heading '# Introduction'"),
    ("duplicate-section", R, "# Conclusions", "# D\n\n# Conclusions", f"{R}:106:1: error: duplicate heading '# D' (first at line 45)"),
    ("unknown-section", R, "# Conclusions", "# Conclusion", f"{R}:106:1: error: unknown section heading '# Conclusion', expected one of: Key Assessments, Introduction, D, I, M, E, Conclusions; did you mean 'Conclusions'?"),
    ("section-out-of-order", R, ("# E\n\n## E1", "# Conclusions\n\n***"), ("# Conclusions\n\nEarly.\n\n# E\n\n## E1", "***"), f"{R}:96:1: error: heading '# E' is out of order: expected # Key Assessments > # Introduction > # D > # I > # M > # E > # Conclusions"),
    ("instrument-wrong-category", R, "## D3", "## M3", f"{R}:60:1: error: instrument '## M3' belongs under '# M', not '# D'"),
    ("instrument-heading-text", R, "## D2 International Military Education and Training", "## D2 Military Training", f"{R}:56:1: error: instrument heading '## D2 Military Training': text after the code must be the instrument's name 'International Military Education and Training' or nothing"),
    ("duplicate-instrument", R, "## D3", "## D2", f"{R}:60:1: error: duplicate instrument heading '## D2'"),
    ("unknown-instrument-heading", R, "## I2", "## I9", f"{R}:70:1: error: unknown instrument heading '## I9', expected one of: I1, I2, I3"),
    ("key-assessment-bad-code", R, "- **E1** Most", "- **E7** Most", f"{R}:33:1: error: unknown instrument code 'E7' in key assessments"),
    ("key-assessment-missing-part", R, "## Projected\n", "", f"{R}:28:1: error: missing heading '## Projected' under '# Key Assessments'"),
    ("unknown-citation", R, "[@smith-2023].\n- **E1**", "[@smith-2032].\n- **E1**", f"{R}:32:53: error: unknown citation key 'smith-2032'; did you mean 'smith-2023'?"),
    ("unknown-citation-in-glance", R, "Testville [@atlas]", "Testville [@atlass]", f"{R}:23:23: error: unknown citation key 'atlass'; did you mean 'atlas'?"),
    ("citation-comment", R, "[@smith-2023, p. 4]", "[@smith-2023, \"see below\"]", f"{R}:43:65: error: citation comments such as '\"see below\"' are not supported; write commentary as an inline note ^[...]"),
    ("duplicate-bibtex-key", B, "@online{atlas,", "@online{smith-2023,", f"{B}:16:1: error: duplicate key 'smith-2023' (first defined at {B}:1:1)"),
    ("malformed-bibtex", B, "@report{corp-2020,", "@report{corp-2020\n  broken", f"{B}:10:1: error: malformed BibTeX: Expected comma after entry key, but found ="),
    ("bibliography-outside", R, "bibliography: [mini.bib]", "bibliography: [../../secret.bib]", f"{R}:7:16: error: bibliography file '../../secret.bib' is outside the workspace"),
    ("authors-bad-key", A, "  honorific: Mr.", "  honorific: Mr.\n  title: Dr.", f"{A}:8:3: error: roe.title: unknown key"),
    # YAML mistakes in plain words at the line of the mistake; a missing bibliography file (issue 11)
    ("yaml-tab", R, "  D2: {current: Low", "\tD2: {current: Low", f"{R}:11:1: error: malformed YAML: a tab cannot indent YAML; indent with spaces"),
    ("yaml-less-indent", R, "  D3: {current", " D3: {current", f"{R}:12:1: error: malformed YAML: line 12 is indented less than the block it belongs to (1 space, the lines above have 2)"),
    ("yaml-first-line-less-indent", R, "  D1: {current: medium,", " D1: {current: medium,", f"{R}:10:1: error: malformed YAML: line 10 is indented less than the lines of its block after it (1 space, they have 2)"),
    ("yaml-more-indent", R, "status: draft", "  status: draft", f"{R}:5:1: error: malformed YAML: line 5 is indented more than the line above (2 spaces, not 0)"),
    ("yaml-no-space-after-colon", R, "status: draft", "status:draft", f"{R}:5:1: error: malformed YAML: line 5 needs a space after the colon: 'key: value'"),
    ("yaml-colon-in-value", R, "  Capital: Testville [@atlas]", "  Capital: Testville: the capital [@atlas]", f"{R}:23:21: error: malformed YAML: the value contains ': ' (a colon and a space): put the whole value in quotes"),
    ("yaml-unclosed-quote", R, 'Land Forces [@corp-2020]"', "Land Forces [@corp-2020]", f"{R}:25:27: error: malformed YAML: the quote opened on line 25 is never closed"),
    ("yaml-unclosed-brace", R, "D1: {current: medium, projected: increasing}", "D1: {current: medium, projected: increasing", f"{R}:10:7: error: malformed YAML: the '{{' on line 10 is never closed: end it with '}}'"),
    ("yaml-duplicate-key", R, "status: draft", "status: draft\nstatus: final", f"{R}:6:1: error: malformed YAML: key 'status' is given twice; keep one"),
    ("yaml-unquoted-bold", R, '"**Testland Armed Forces**: Land Forces [@corp-2020]"', "**Testland Armed Forces** Land Forces [@corp-2020]", f"{R}:25:27: error: malformed YAML: a value that starts with '*' is read as a YAML alias: put the whole value in quotes"),
    ("yaml-escape-in-double-quotes", R, "Military Expenditure: \\$515 million (2022 estimate) [@atlas]", 'Military Expenditure: "\\$515 million (2022 estimate) [@atlas]"', f"{R}:24:26: error: malformed YAML: '\\$' cannot be written inside double quotes: write '\\\\$', or use single quotes"),
    ("bibliography-missing", R, "bibliography: [mini.bib]", "bibliography: [mni.bib]", f"{R}:7:16: error: bibliography file 'mni.bib' not found in bibliography/; did you mean 'mini.bib'?"),
    # BibTeX mistakes that would lose text silently, located at the field (issue 11)
    ("bibtex-extra-brace", B, "  title = {Testland Country Report},", "  title = {Testland Country Report}},", f"{B}:12:36: error: an extra '}}' closes entry 'corp-2020' here: field date after it would be lost"),
    ("bibtex-missing-comma", B, "  title = {Testland Country Report},", "  title = {Testland Country Report}", f"{B}:12:3: error: entry 'corp-2020', field 'title': missing comma after this value: field 'date' below was read as part of it; put a ',' after each field"),
    ("bibtex-url-without-scheme", B, "url = {https://example.org/a_b%20c~d}", "url = {example.org/a_b%20c~d}", f"{B}:6:3: error: entry 'smith-2023', field 'url': 'example.org/a_b%20c~d' is not a web address: it needs a scheme such as https://"),
    ("bibtex-url-with-space", B, "url = {https://example.org/a_b%20c~d}", "url = {https://example.org/a_b c~d}", f"{B}:6:3: error: entry 'smith-2023', field 'url': 'https://example.org/a_b c~d' is not a web address: it contains a space"),
    ("bibtex-bad-date", B, "date = {2023-08-17}", "date = {2023-08-71}", f"{B}:5:3: error: entry 'smith-2023', field 'date': date '2023-08-71' does not exist"),
    ("bibtex-bad-urldate", B, "urldate = {2024-01-05}", "urldate = {5 Jan 2024}", f"{B}:7:3: error: entry 'smith-2023', field 'urldate': date '5 Jan 2024' is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ("bibtex-undefined-macro", B, "title = {Atlas of Testland}", "title = atlas # { of Testland}", f"{B}:17:3: error: entry 'atlas', field 'title': undefined @string macro 'atlas' (text goes in braces: {{...}})"),
    # Unfinished content: warnings in a draft, errors once the report is final (issue 11)
    ("final-instrument-without-findings", R, ("status: draft", "## D3\n\n- **Soft power is limited.**\n"), ("status: final", "## D3\n\n"), f"{R}:60:1: error: instrument '## D3' has no findings: write its lead judgements as a bullet list ('- **...**')"),
    ("final-findings-without-evidence", R, ("status: draft", "- **Officers train abroad.**"), ("status: final", "- **Officers train abroad.**\n- **More will.**"), f"{R}:56:1: error: no lead judgement under '## D2' has evidence or a citation: add evidence bullets ('  - ...') under the judgements they support"),
    ("final-evidence-not-indented", R, ("status: draft", "  - A fourth visit is planned."), ("status: final", "- A fourth visit is planned."), f"{R}:53:1: error: evidence with no lead judgement above it: indent it by two spaces under the '- **...**' bullet above"),
    ("final-lead-as-paragraph", R, ("status: draft", "- **Officers train abroad.**"), ("status: final", "**Officers train abroad.**\n\n  - At three academies."), f"{R}:60:1: error: evidence with no lead judgement above it: write the bold judgement above as a bullet ('- **...**') and indent the evidence under it"),
    ("final-empty-evidence", R, ("status: draft", "  - A fourth visit is planned."), ("status: final", "  - A fourth visit is planned.\n  -"), f"{R}:54:1: error: empty evidence bullet: write the evidence or delete the '-'"),
    ("final-placeholder", R, ("status: draft", "Diplomatic ties are close."), ("status: final", "Diplomatic ties are [[what?]]."), f"{R}:47:21: error: placeholder [[what?]] from 'mdime new' is still here: replace it with your text"),
    ("note-without-caret", R, "4].^[A comment", "4].[A comment", f"{R}:43:85: error: '[A comment that cites [@co...]' right after text would print with its brackets: an inline note is written '^[...]'"),
    ("stray-closing-bracket", R, "ties are close.", "ties are close].", f"{R}:47:26: error: ']' closes no '[': a citation is '[@key]', an inline note '^[text]'"),
    ("bibtex-stray-brace", B, "  title = {Atlas of Testland},", "  title = {Atlas of Testland}},", f"{B}:17:30: error: an extra '}}' closes entry 'atlas' here"),
    # Markdown and citation syntax that would print as literal text (issue 11)
    ("unclosed-citation", R, "in 1960 [@smith-2023].", "in 1960 [@smith-2023.", f"{R}:43:25: error: unclosed citation '[@smith-2023. They...': a citation needs its closing ']' ('[@key]')"),
    ("comma-between-keys", R, "[@smith-2023; @corp-2020; @atlas]", "[@smith-2023, @corp-2020; @atlas]", f"{R}:52:38: error: citations in '[@smith-2023, @corp-2020; @atlas]' are separated by ',': write ';' between them ('[@a; @b]')"),
    ("locator-is-a-key", R, "[@smith-2023; @corp-2020; @atlas]", "[@smith-2023, atlas]", f"{R}:52:39: error: 'atlas' after the comma is a citation key, not a page: separate citations with ';' ('[@a; @b]')"),
    ("unclosed-inline-note", R, "[@corp-2020].]", "[@corp-2020].", f"{R}:43:85: error: unclosed inline note '^[A comment that cites...': an inline note needs its closing ']' ('^[text]')"),
    ("unclosed-bold", R, "- **Officers train abroad.**", "- **Officers train abroad.", f"{R}:58:3: error: '**' opens bold text that is never closed; write '\\*' for a literal '*'"),
    ("unclosed-italic", R, "ties are close.", "ties are *close.", f"{R}:47:22: error: '*' opens italic text that is never closed; write '\\*' for a literal '*'"),
    ("unclosed-underscore", R, "ties are close.", "ties are _close.", f"{R}:47:22: error: '_' opens italic text that is never closed; write '\\_' for a literal '_'"),
    ("stray-closing-bold", R, "ties are close.", "ties are close**.", f"{R}:47:27: error: '**' closes bold text that was never opened; write '\\*' for a literal '*'"),
    ("key-without-at", R, "[@corp-2020].**", "[corp-2020].**", f"{R}:51:25: error: '[corp-2020' would print as text: a citation needs '@' before its key ('[@corp-2020]')"),
    ("key-without-brackets", R, "from the benefactor.", "from the benefactor @atlas.", f"{R}:33:51: error: '@atlas' would print as text: a citation needs brackets ('[@atlas]')"),
    ("unclosed-link", R, "ties are close.", "ties are [close](https://example.org.", f"{R}:47:27: error: link syntax '](https://example.org.' would print as text: a link is '[text](url)', with the closing ')'"),
    ("unclosed-citation-in-glance", R, "Testville [@atlas]", "Testville [@atlas", f"{R}:23:22: error: unclosed citation '[@atlas': a citation needs its closing ']' ('[@key]')"),
    ("key-without-at-in-bio", A, "office [@corp-2020]", "office [corp-2020]", f"{A}:4:42: error: '[corp-2020' would print as text: a citation needs '@' before its key ('[@corp-2020]')"),
    ("key-without-at-in-glance", R, "Testville [@atlas]", "Testville [atlas]", f"{R}:23:22: error: '[atlas' would print as text: a citation needs '@' before its key ('[@atlas]')"),
    ("unclosed-bold-in-bio", A, "is a research fellow.", "is a **research fellow.", f"{A}:8:13: error: '**' opens bold text that is never closed; write '\\*' for a literal '*'"),
    ("bad-language", R, "Relations began in 1960", "Relations began in [1960]{lang=klingon}", f"{R}:43:26: error: lang: 'klingon' is not a language, expected a tag such as fr, ru, zh-Hant or a name such as french"),
]


@pytest.mark.parametrize("case_id, file, old, new, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gives_one_located_error(mini, run, case_id, file, old, new, expected):
    path = mini / file
    text = path.read_text(encoding="utf-8")
    edits = zip(old, new) if isinstance(old, tuple) else [(old, new)]
    for before, after in edits:
        assert before in text, f"case {case_id}: '{before}' not in {file}"
        text = text.replace(before, after, 1)
    path.write_text(text, encoding="utf-8")
    status, out, err = run("check", cwd=mini)
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert status == 1, out + err
    assert "Traceback" not in out + err
    assert errors == [expected]


def test_non_utf8_source_is_located(mini, run):
    path = mini / R
    data = path.read_bytes().replace("Testville".encode(), "Test\xe9ville".encode("latin-1"), 1)
    path.write_bytes(data)
    status, out, _ = run("check", cwd=mini)
    assert status == 1
    assert out.splitlines() == [f"{R}:23:16: error: not UTF-8 text (byte 0xe9); save the file as UTF-8"]


def test_non_utf8_bibtex_is_located(mini, run):
    path = mini / B
    path.write_bytes(path.read_bytes().replace(b"Atlas of", "Atlas \xe9 of".encode("latin-1")))
    status, out, _ = run("check", cwd=mini)
    assert status == 1
    assert out.splitlines() == [f"{B}:17:18: error: not UTF-8 text (byte 0xe9); save the file as UTF-8"]


def test_misspelt_bibtex_field_is_a_warning_with_a_suggestion(mini, run):
    path = mini / B
    path.write_text(path.read_text(encoding="utf-8").replace("urldate =", "urldtae =")
                    .replace("date = {2020},", "date = {2020},\n  abstract = {Silent.}, keywords = {a, b},"), encoding="utf-8")
    status, out, _ = run("check", cwd=mini)
    assert status == 0
    assert out.splitlines() == [
        f"{B}:7:3: warning: entry 'smith-2023', field 'urldtae': unknown field, not printed; did you mean 'urldate'?"]


def test_workspace_without_content_is_a_usage_error(tmp_path, run):
    status, out, err = run("check", cwd=tmp_path)
    assert status == 2
    assert "no workspace found" in err and "content/" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("target, message", [
    ("https://example.org/map.png", "image 'https://example.org/map.png' is not a file: images must be files inside the workspace"),
    ("../../../outside.png", "image '../../../outside.png' is outside the workspace"),
    ("missing.png", "image file 'missing.png' not found"),
    ("map.svg", "image 'map.svg': unsupported format, expected one of: .png, .jpg, .jpeg, .gif"),
])
def test_images_must_be_workspace_files(mini, run, target, message):
    path = mini / R
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Diplomatic ties are close.", f"Diplomatic ties are close. ![A map]({target})"), encoding="utf-8")
    status, out, _ = run("check", cwd=mini)
    assert status == 1
    assert out.splitlines() == [f"{R}:47:28: error: {message}"]


def test_images_are_read_into_the_model(mini):
    from mdime_publish.model import document as m
    from mdime_publish.pipeline import load_report

    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (4, 3)).save(png, "PNG")  # a whole image: check opens every image
    (mini / "content" / "testland" / "map.png").write_bytes(png.getvalue())
    path = mini / R
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Diplomatic ties are close.", "Diplomatic ties are close. ![A map](map.png)"), encoding="utf-8")
    loaded = load_report(path)
    image = loaded.report.categories[0].intro[0].children[-1]
    assert isinstance(image, m.Image)
    assert (image.alt, image.media_type, image.data[:4]) == ("A map", "image/png", b"\x89PNG")


def test_escaped_markers_print_as_written(mini):
    """`\\*`, `\\_`, `\\[@` are the author's literal characters: no error, printed bare."""
    from mdime_publish.pipeline import load_report

    path = mini / R
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Diplomatic ties are close.", r"Ties are close \*really\* \_close\_ \[@x] 2 * 3 a_b_c."), encoding="utf-8")
    loaded = load_report(path)
    assert loaded.ok, loaded.problems
    assert loaded.report.categories[0].intro[0].children[0].text == "Ties are close *really* _close_ [@x] 2 * 3 a_b_c."
