"""Located body parts to a `Body`: the report's sections, checked against the format.

Level-1 headings must be Key Assessments, Introduction, the four category codes and
Conclusions, each once and in that order; Key Assessments holds `## Current` and
`## Projected`; each category holds its three instruments as `## D1` (optionally
followed by the instrument's own name). Bullet lists under an instrument become
`Findings`; key-assessment bullets become highlights. Every deviation is a located
problem, and no text is dropped silently.
"""

from __future__ import annotations

import re

from mdime_publish.errors import Problem, Severity, error, suggest, warning
from mdime_publish.model import document as m
from mdime_publish.model.build import Body, CategoryBody, KeyPart
from mdime_publish.parse.markdown import SourceBlock, SourceHeading, plain_text
from mdime_publish.series import Series

KEY_ASSESSMENTS, INTRODUCTION, CONCLUSIONS = "Key Assessments", "Introduction", "Conclusions"
KEY_PARTS = ("Current", "Projected")
CODE_LIKE = re.compile(r"^[A-Z]\d{1,2}$")
SEPARATOR = re.compile(r"^\s*[-\u2013\u2014:]?\s*")


def validate_body(
    parts: list, series: Series, file: str, last_line: int, *, front_matter: bool = True,
    unfinished: Severity = "warning", unobserved: frozenset[str] = frozenset(),
) -> tuple[Body, list[Problem]]:
    """Check the body's structure; without front matter, leading text is not reported
    again (the missing front matter already is). Unfinished content (an instrument
    without findings, findings without evidence, evidence without a lead judgement)
    is reported with severity `unfinished`: a warning in a draft, an error when final.
    Instruments in `unobserved` (rated so) may have findings without evidence."""
    checker = _BodyChecker(series, file, last_line)
    checker.unfinished, checker.unobserved = unfinished, unobserved
    checker.stray_reported = not front_matter
    checker.run(parts)
    return checker.body, checker.problems


class _BodyChecker:
    def __init__(self, series: Series, file: str, last_line: int):
        self.series, self.file, self.last_line = series, file, last_line
        self.order = [KEY_ASSESSMENTS, INTRODUCTION, *[c.code for c in series.categories], CONCLUSIONS]
        self.body = Body()
        self.problems: list[Problem] = []
        self.stray_reported = False
        self.unfinished: Severity = "warning"
        self.unobserved: frozenset[str] = frozenset()

    def err(self, line: int, col: int, message: str) -> None:
        self.problems.append(error(self.file, line, col, message))

    def unfinished_content(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, 1, message, self.unfinished))

    def run(self, parts: list) -> None:
        sections = self.split_sections(parts)
        for name, (heading, content) in sections.items():
            if name == KEY_ASSESSMENTS:
                self.key_assessments(heading, content)
            elif name in (INTRODUCTION, CONCLUSIONS):
                blocks = self.plain_blocks(content)
                setattr(self.body, name.lower(), blocks)
            else:
                self.category(name, heading, content)

    # -- level 1 --------------------------------------------------------------

    def split_sections(self, parts: list) -> dict[str, tuple[SourceHeading, list]]:
        sections: dict[str, tuple[SourceHeading, list]] = {}
        current: list | None = None
        expected_next = 0
        unknown = False
        for part in parts:
            if isinstance(part, SourceHeading) and part.level == 1:
                name = self.section_name(part)
                current = None
                if name is None:
                    unknown = True
                    continue
                if name in sections:
                    first = sections[name][0].line
                    self.err(part.line, 1, f"duplicate heading '# {part.text}' (first at line {first})")
                    continue
                index = self.order.index(name)
                if index < expected_next:
                    self.err(part.line, 1, f"heading '# {name}' is out of order: expected {self._order_text()}")
                expected_next = max(expected_next, index + 1)
                current = []
                sections[name] = (part, current)
                self.body.headings[name] = part.line
            elif current is None:
                if not sections and not self.stray_reported:
                    self.err(part.line, 1, f"text before the first section heading; expected '# {self.order[0]}'")
                self.stray_reported = True
            else:
                current.append(part)
        for name in self.order if not unknown else ():  # an unknown heading already explains a gap
            if name not in sections:
                line = self._line_of_next(sections, name)
                self.err(line, 1, f"missing section heading '# {name}'")
        return sections

    def section_name(self, heading: SourceHeading) -> str | None:
        text = heading.text.strip()
        for name in self.order:
            if text.lower() == name.lower():
                return name
        category = self.category_by_title(text)
        if category:
            return category
        self.err(heading.line, 1, f"unknown section heading '# {text}', expected one of: "
                 f"{', '.join(self.order)}{suggest(text, self.order)}")
        return None

    def category_by_title(self, text: str) -> str | None:
        """'D - Diplomatic Influence' and 'Diplomatic' name category D too."""
        for c in self.series.categories:
            rest = SEPARATOR.sub("", text[len(c.code):]) if text.startswith(c.code + " ") else None
            if text.lower() in {c.name.lower(), f"{c.name} influence".lower()} or (
                rest is not None and rest.lower() in {c.name.lower(), f"{c.name} influence".lower()}
            ):
                return c.code
        return None

    def _order_text(self) -> str:
        return " > ".join(f"# {n}" for n in self.order)

    def _line_of_next(self, sections: dict, name: str) -> int:
        for later in self.order[self.order.index(name) + 1 :]:
            if later in sections:
                return sections[later][0].line
        return self.last_line

    # -- key assessments --------------------------------------------------------

    def key_assessments(self, heading: SourceHeading, content: list) -> None:
        parts: dict[str, list] = {}
        current: list | None = None
        for part in content:
            if isinstance(part, SourceHeading) and part.level == 2:
                name = next((k for k in KEY_PARTS if part.text.strip().lower() == k.lower()), None)
                if name is None:
                    self.err(part.line, 1, f"unknown heading '## {part.text}' under '# {KEY_ASSESSMENTS}', "
                             f"expected '## Current' or '## Projected'{suggest(part.text, KEY_PARTS)}")
                    current = None
                elif name in parts:
                    self.err(part.line, 1, f"duplicate heading '## {name}'")
                    current = None
                else:
                    if name == "Current" and "Projected" in parts:
                        self.err(part.line, 1, "heading '## Current' must come before '## Projected'")
                    current = parts[name] = []
            elif current is None:
                self.err(part.line, 1, f"text under '# {KEY_ASSESSMENTS}' outside '## Current' and '## Projected'")
            else:
                current.append(part)
        for name in KEY_PARTS:
            if name not in parts:
                self.err(heading.line, 1, f"missing heading '## {name}' under '# {KEY_ASSESSMENTS}'")
            self.body.key[name] = self.key_part(parts.get(name, []))

    def key_part(self, content: list) -> KeyPart:
        part = KeyPart()
        lead_in: list = []
        for item in content:
            if isinstance(item, SourceHeading):
                self.err(item.line, 1, f"unexpected heading '{'#' * item.level} {item.text}' in key assessments")
            elif isinstance(item.block, m.BulletList) and not part.highlights:
                part.highlights = [self.highlight(i, i.line or item.line) for i in item.block.items]
            elif isinstance(item.block, m.Paragraph) and not part.highlights:
                part.lead_in_pos = part.lead_in_pos or item.block.pos
                lead_in.extend(([m.Text(text=" ")] if lead_in else []) + item.block.children)
            else:
                part.blocks.append(item.block)
        part.lead_in = lead_in or None
        if not part.highlights and content:
            self.err(content[0].line, 1, "expected a bullet list of key assessments ('- **M2** ...')")
        return part

    def highlight(self, item: m.ListItem, line: int) -> m.Highlight:
        blocks = list(item.blocks)
        first = blocks.pop(0) if blocks and isinstance(blocks[0], m.Paragraph) else None
        children = list(first.children) if first else []
        code, name = "", ""
        if children and isinstance(children[0], m.Strong):
            label = plain_text(children[0].children).strip().rstrip(".:")
            instrument = self.series.instruments.get(label)
            if instrument:
                code, name = instrument.code, instrument.name
                children = _strip_leading_space(children[1:])
            elif CODE_LIKE.match(label):
                self.err(line, 1, f"unknown instrument code '{label}' in key assessments"
                         f"{suggest(label, self.series.instruments)}")
        return m.Highlight(code=code, name=name, children=children, blocks=blocks, pos=first.pos if first else None)

    # -- categories ---------------------------------------------------------------

    def category(self, code: str, heading: SourceHeading, content: list) -> None:
        category = next(c for c in self.series.categories if c.code == code)
        wanted = [i.code for i in category.instruments]
        body = CategoryBody()
        current: list | None = body.intro
        seen: list[str] = []
        misfit = False  # a wrong heading already explains a missing instrument
        for part in content:
            if isinstance(part, SourceHeading) and part.level == 2:
                found = self.instrument_heading(part, code, wanted)
                if found is None:
                    current, misfit = None, True
                    continue
                if found in body.instruments:
                    self.err(part.line, 1, f"duplicate instrument heading '## {found}'")
                    current, misfit = None, True
                    continue
                if seen and wanted.index(found) < wanted.index(seen[-1]):
                    self.err(part.line, 1, f"instrument '## {found}' is out of order: expected {', '.join(wanted)}")
                seen.append(found)
                self.body.headings[found] = part.line
                current = body.instruments[found] = []
            elif current is not None:
                current.append(part)
        for code_ in wanted if not misfit else ():
            if code_ not in body.instruments:
                self.err(heading.line, 1, f"missing instrument heading '## {code_}' under '# {code}'")
        body.intro = self.plain_blocks(body.intro)
        body.instruments = {k: self.instrument_blocks(v) for k, v in body.instruments.items()}
        for code_, blocks in body.instruments.items():
            self.supported(code_, self.body.headings[code_], [f for b in blocks if isinstance(b, m.Findings) for f in b.items])
        self.body.categories[code] = body

    def instrument_heading(self, part: SourceHeading, category: str, wanted: list[str]) -> str | None:
        text = part.text.strip()
        code, _, rest = text.partition(" ")
        code = code.rstrip(":.").upper()
        instrument = self.series.instruments.get(code)
        if instrument is None:
            self.err(part.line, 1, f"unknown instrument heading '## {text}', expected one of: "
                     f"{', '.join(wanted)}{suggest(code, wanted)}")
            return None
        if code not in wanted:
            owner = self.series.category_of[code].code
            self.err(part.line, 1, f"instrument '## {code}' belongs under '# {owner}', not '# {category}'")
            return None
        rest = SEPARATOR.sub("", rest).strip()
        if rest and " ".join(rest.lower().split()) != instrument.name.lower():
            self.err(part.line, 1, f"instrument heading '## {text}': text after the code must be the "
                     f"instrument's name '{instrument.name}' or nothing")
        return code

    def instrument_blocks(self, content: list) -> list:
        out = []
        for part in self.plain_parts(content):
            block = part.block
            after_lead = bool(out) and isinstance(out[-1], m.Paragraph) and _is_bold(out[-1].children)
            out.append(self.findings(block, part.line, after_lead) if isinstance(block, m.BulletList) else block)
        return out

    def supported(self, code: str, line: int, findings: list[m.Finding]) -> None:
        """An instrument needs findings; with several, one at least rests on evidence or
        a citation (a lone judgement may be the forecast; unobserved needs none)."""
        if not findings:
            self.unfinished_content(line, f"instrument '## {code}' has no findings: write its lead "
                                          "judgements as a bullet list ('- **...**')")
        elif len(findings) > 1 and code not in self.unobserved and not any(
            f.evidence or _cites(f.lead) for f in findings
        ):
            self.unfinished_content(line, f"no lead judgement under '## {code}' has evidence or a citation: "
                                          "add evidence bullets ('  - ...') under the judgements they support")

    def findings(self, block: m.BulletList, line: int, after_lead: bool = False) -> m.Findings:
        """A bullet list as findings; `after_lead` when a bold paragraph precedes it
        (a lead judgement written without its bullet)."""
        items = []
        for index, item in enumerate(block.items):
            where = item.line or line
            blocks = list(item.blocks)
            first = blocks.pop(0) if blocks and isinstance(blocks[0], m.Paragraph) else None
            lead = first.children if first else []
            evidence, rest = [], []
            for b in blocks:
                if isinstance(b, m.BulletList):
                    evidence.extend(b.items)
                else:
                    rest.append(b)
            if not lead and evidence:
                self.unfinished_content(where, "evidence with no lead judgement above it: write the judgement "
                                               "as '- **...**' with the evidence indented under it")
            elif not _is_bold(lead) and index and _is_bold(items[-1].lead) and not evidence:
                self.unfinished_content(where, "evidence with no lead judgement above it: indent it by two "
                                               "spaces under the '- **...**' bullet above")
            elif not _is_bold(lead) and after_lead:
                self.unfinished_content(where, "evidence with no lead judgement above it: write the bold "
                                               "judgement above as a bullet ('- **...**') and indent the evidence under it")
            elif not _is_bold(lead):
                self.problems.append(warning(self.file, where, 1, "lead judgement is not bold; write it as '- **...**'"))
            for empty in (e for e in evidence if not e.blocks):
                self.unfinished_content(empty.line or where, "empty evidence bullet: write the evidence or delete the '-'")
            items.append(m.Finding(lead=lead, evidence=evidence, blocks=rest, pos=first.pos if first else None))
        return m.Findings(items=items)

    # -- plain sections -------------------------------------------------------------

    def plain_parts(self, content: list) -> list[SourceBlock]:
        """Blocks of a section; headings below level 2 become Heading blocks."""
        out = []
        for part in content:
            if isinstance(part, SourceHeading):
                pos = m.Pos(file=self.file, line=part.line, col=part.level + 2)
                out.append(SourceBlock(m.Heading(level=part.level, children=part.children, pos=pos), part.line))
            else:
                out.append(part)
        return out

    def plain_blocks(self, content: list) -> list:
        return [p.block for p in self.plain_parts(content)]


def _strip_leading_space(children: list) -> list:
    if children and isinstance(children[0], m.Text):
        text = children[0].text.lstrip()
        return ([m.Text(text=text)] if text else []) + children[1:]
    return children


def _cites(children: list) -> bool:
    """Whether inline nodes hold a citation or a note (bold and italic looked into)."""
    return any(isinstance(c, (m.Cite, m.InlineNote)) or _cites(getattr(c, "children", [])) for c in children)


def _is_bold(children: list) -> bool:
    first = next((c for c in children if not (isinstance(c, m.Text) and not c.text.strip())), None)
    if isinstance(first, m.Strong):
        return True
    return isinstance(first, m.Emph) and bool(first.children) and isinstance(first.children[0], m.Strong)
