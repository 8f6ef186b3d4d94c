"""Large valid reports for the benchmarks: the Russia example multiplied 2, 5 and 10 times.

Each workspace `benchmarks/work/x<N>/` holds `content/mali/russia.md`, a copy of
`content/authors.yaml` and `bibliography/mali-russia.bib`. Under every heading except
Key Assessments, the content (findings with their evidence, paragraphs and inline
notes) is written N times; copy j > 1 cites `<key>-x<j>`, and the bibliography holds
each entry N times under those keys, so every citation resolves, every entry is cited
and `mdime check` passes. Usage: generate.py [--out DIR] [FACTOR ...] (default 2 5 10).
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "content" / "mali" / "russia.md"
BIBLIOGRAPHY = ROOT / "bibliography" / "mali-russia.bib"
ENTRY_KEY = re.compile(r"^(@\w+\{)([^,\s]+),", re.MULTILINE)
HEADING = re.compile(r"^#{1,2} ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("factors", nargs="*", type=int, default=[2, 5, 10])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "work")
    args = parser.parse_args()
    bib = BIBLIOGRAPHY.read_text("utf-8")
    entries = re.split(r"(?m)^(?=@)", bib)  # the file's comment header, then one entry each
    keys = sorted((k for _, k in ENTRY_KEY.findall(bib)), key=len, reverse=True)
    cite = re.compile(r"@(" + "|".join(map(re.escape, keys)) + r")(?![\w:.#$%&\-+?<>~/]*\w)")
    for factor in args.factors:
        ws = args.out / f"x{factor}"
        shutil.rmtree(ws, ignore_errors=True)
        (ws / "content" / "mali").mkdir(parents=True)
        (ws / "bibliography").mkdir()
        shutil.copy(ROOT / "content" / "authors.yaml", ws / "content" / "authors.yaml")
        report, cited = multiply_report(SOURCE.read_text("utf-8"), factor, cite)
        (ws / "content" / "mali" / "russia.md").write_text(report, "utf-8")
        copied = [e for e in entries if ENTRY_KEY.match(e) and ENTRY_KEY.match(e)[2] in cited]
        copies = [ENTRY_KEY.sub(rf"\g<1>\g<2>-x{j},", e) for j in range(2, factor + 1) for e in copied]
        (ws / "bibliography" / BIBLIOGRAPHY.name).write_text("".join([bib, "\n", *copies]), "utf-8")
        print(f"wrote {ws}: {factor}x {SOURCE.name}, {len(entries) - 1 + len(copies)} bibliography entries")


def multiply_report(text: str, factor: int, cite: re.Pattern) -> tuple[str, set[str]]:
    """The report with each section's content written `factor` times (Key Assessments
    once), and the keys the copies cite."""
    _, front, body = text.split("---\n", 2)
    out: list[str] = []
    chunk: list[str] = []
    cited: set[str] = set()
    section = ""  # the level-1 heading the chunk is under

    def flush() -> None:
        content = "\n".join(chunk).strip("\n")
        if section in ("", "# Key Assessments") or not content:
            out.extend(chunk)
            return
        cited.update(cite.findall(content))
        copies = [content] + [cite.sub(rf"@\g<1>-x{j}", content) for j in range(2, factor + 1)]
        # a list goes on as one tight list (no blank line between copies); paragraphs stay apart
        out.append("\n" + ("\n" if content.startswith("- ") else "\n\n").join(copies) + "\n")

    for line in body.splitlines():
        if HEADING.match(line):
            flush()
            chunk.clear()
            section = line if line.startswith("# ") else section
            out.append(line)
        else:
            chunk.append(line)
    flush()
    return f"---\n{front}---\n" + "\n".join(out) + "\n", cited


if __name__ == "__main__":
    main()
