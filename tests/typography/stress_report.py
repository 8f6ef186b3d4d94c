"""A generated workspace whose report is hard on typography.

Long URLs (hyphens, underscores, queries, percent signs; in notes and in the body),
long names and words, many consecutive note markers, straight quotes and apostrophes everywhere
an author types them (body, glance values, bios, BibTeX titles), number ranges and
locators, CJK and Cyrillic titles, and parts of every length, so that some end just
past a page boundary.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES

LONG_URLS = [
    "https://www.example-defence-news.org/africa/sahel/2023/08/17/wagner-group_contractors-"
    "in-testland-and-the-long-road-to-bamako?utm_source=feed&utm_medium=rss#section-2",
    "http://archive.testland-ministry.gov.tl/documents/official_statements/2022/communique%20"
    "final%20version_signed-and-stamped.pdf",
    "https://function.mil.ru/news_page/country/more.htm?id=12433883@egNews&lang=en~ru",
    "https://www.fmprc.gov.cn/web/wjbzhd/202312/t20231218_11204564.shtml",
]
CYRILLIC = "Минобороны России готово помочь Республике Тестландия в подготовке кадров"
CHINESE = "王毅会见测试兰外长迪奥普并就双边关系与地区安全问题深入交换意见"
LONG_WORD = "Transkontinentalverteidigungszusammenarbeitsabkommensverhandlungsdelegationsleitungsbüro" * 2
LONG_NAME = "Maximiliane Alexandra Konstantinopoulou-Brandenburg-Hohenzollern"
KEYS = [f"src-{i}" for i in range(12)]

WORDS = ("Contractors trained units near the border while officials negotiated over fuel, "
         "spare parts and the terms of a long agreement ").split()


def sentence(n: int, seed: int) -> str:
    return " ".join(WORDS[(seed + i) % len(WORDS)] for i in range(n)).capitalize()


def paragraph(sentences: int, seed: int, cite: str = "") -> str:
    body = ". ".join(sentence(9 + (seed + i) % 11, seed + i) for i in range(sentences))
    return f"{body}{cite}."


def bibliography() -> str:
    entries = []
    for index, key in enumerate(KEYS):
        url = LONG_URLS[index % len(LONG_URLS)]
        title = {0: CYRILLIC, 1: CHINESE, 2: 'The "New" Partners: Testland\'s Turn East, 2012-2023'}.get(
            index, f"Testland's Security Partners and the Wagner Group in the Sahel, Part {index}")
        addon = {0: "The Russian Ministry of Defense Is Ready to Help Testland Train Staff",
                 1: "Wang Yi Meets the Testland Foreign Minister"}.get(index, "")
        entries.append(
            f"@online{{{key},\n  author = {{{LONG_NAME if index == 3 else 'Smith, John'}}},\n"
            f"  title = {{{title}}},\n" + (f"  titleaddon = {{{addon}}},\n" if addon else "")
            + f"  organization = {{Test News}},\n  date = {{2023-08-{index + 10}}},\n"
            f"  url = {{{url}}},\n  urldate = {{2024-01-05}},\n}}\n"
        )
    return "\n".join(entries)


def markers(count: int, start: int = 0) -> str:
    return "[" + "; ".join(f"@{KEYS[(start + i) % len(KEYS)]}" for i in range(count)) + "]"


def report(parts: dict[str, int]) -> str:
    """The report; `parts` gives the paragraphs of each category's introduction."""
    ratings = "\n".join(f"  {code}: {{current: medium, projected: steady{', confidence: low' if code in ('I3', 'E2') else ''}}}"
                        for code in ("D1 D2 D3 I1 I2 I3 M1 M2 M3 E1 E2 E3".split()))
    body = [
        "---", "benefactor: russia", "recipient: Testland", "date: 2024-05", "status: draft",
        "authors: [doe, long]", "bibliography: [stress.bib]",
        "overall: {current: medium, projected: increasing}", "ratings:", ratings, "glance:",
        f"  Capital: \"Testville, the 'old' capital [@{KEYS[0]}, pp. 14-17]\"",
        f"  Population: \"21.9 million (2023-2024 estimate) [@{KEYS[1]}]\"",
        f"  Motto: {LONG_WORD}", "---", "",
        "# Key Assessments", "", "## Current", "",
        f"- **M2** Contractors \"shape\" training and the army's plans {markers(3)}.",
        f"- **E1** Most equipment comes from the benefactor's stocks {markers(2, 3)}.", "",
        "## Projected", "", f"- **D2** Training ties will deepen in the '20s {markers(4, 5)}.", "",
        "# Introduction", "",
        paragraph(4, 1, f" as \"Testland's\" press put it, in 1960-1962 {markers(8)}"), "",
        f"The ministry's statement is at <{LONG_URLS[1]}> and the archive's at "
        f"[its site]({LONG_URLS[0]}), both read on 2024-01-05.", "",
        paragraph(3, 2, f" ({markers(6, 2)})"), "", f"The office is the {LONG_WORD}.", "",
    ]
    for category, codes in (("D", "D1 D2 D3"), ("I", "I1 I2 I3"), ("M", "M1 M2 M3"), ("E", "E1 E2 E3")):
        body += [f"# {category}", ""]
        for i in range(parts.get(category, 1)):
            body += [paragraph(3 + i % 3, i + len(category), f" {markers(1 + i % 5, i)}"), ""]
        for code in codes.split():
            body += [f"## {code}", "",
                     f"- **Lead judgement on {code}: \"the\" partner's role grew in 2019-2021 {markers(2, 1)}.**",
                     f"  - {paragraph(2, ord(code[0]), f' {markers(1, 4)}')}",
                     f"  - {paragraph(1, ord(code[1]), f' {markers(7, 3)}')}", ""]
    body += ["# Conclusions", "", paragraph(5, 7, f" [@{KEYS[2]}, pp. 3-5]"), ""]
    return "\n".join(body)


AUTHORS = f"""\
doe:
  name: Jane O'Doe
  honorific: Dr.
  bio: is a senior analyst at the "Testland Desk" and the office's Sahel lead [@{KEYS[4]}].
long:
  name: {LONG_NAME}
  honorific: Prof.
  bio: has written on Testland's armed forces since the '90s.
"""


def write_workspace(root: Path, parts: dict[str, int]) -> Path:
    """A workspace at `root` holding the stress report; returns the report's path."""
    shutil.copytree(FIXTURES / "mini", root)
    (root / "bibliography" / "mini.bib").unlink()
    (root / "bibliography" / "stress.bib").write_text(bibliography(), encoding="utf-8")
    (root / "content" / "authors.yaml").write_text(AUTHORS, encoding="utf-8")
    path = root / "content" / "testland" / "russia.md"
    path.write_text(report(parts), encoding="utf-8")
    return path
