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
    ("malformed-yaml", R, "recipient: Testland", "recipient: [Testland", f"{R}:4:5: error: malformed YAML: expected ',' or ']', but got ':'"),
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

    (mini / "content" / "testland" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    path = mini / R
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Diplomatic ties are close.", "Diplomatic ties are close. ![A map](map.png)"), encoding="utf-8")
    loaded = load_report(path)
    image = loaded.report.categories[0].intro[0].children[-1]
    assert isinstance(image, m.Image)
    assert (image.alt, image.media_type, image.data[:4]) == ("A map", "image/png", b"\x89PNG")
