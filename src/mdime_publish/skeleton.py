"""Series settings to the text of a new, complete report that `mdime check` accepts.

All sections and all twelve instruments, every rating `unobserved`/`unknown`, a
`bibliography:` line, and placeholders `[[...]]` that say what belongs where:
`check` warns about each one left in a draft and refuses them in a final report.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from mdime_publish.series import Series
from mdime_publish.validate.placeholders import placeholder as todo


def _scalar(text: str) -> str:
    """`text` as a YAML value: plain when YAML reads it back unchanged, else double-quoted
    (a name such as 'Foo: Bar' or '#1 Land' would otherwise break or vanish)."""
    plain = re.fullmatch(r"[^\W\d_][\w .,'’()-]*", text) and not text.endswith(" ")
    return text if plain and text.lower() not in _YAML_WORDS else json.dumps(text, ensure_ascii=False)


_YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}  # read as other than text


def bibliography_name(recipient_id: str, benefactor_id: str) -> str:
    """The report's own BibTeX file, as the examples name it: 'mali-russia.bib'."""
    return f"{recipient_id}-{benefactor_id}.bib"


def bibliography_text(recipient: str, benefactor: str) -> str:
    return f"% Sources of the {benefactor} report on {recipient}, one BibTeX entry each (docs/authoring.md).\n"


def skeleton(series: Series, recipient: str, benefactor_id: str, author_ids: list[str], today: dt.date,
             bibliography: str) -> str:
    benefactor = series.benefactors[benefactor_id]
    unobserved, unknown = series.current_levels[-1].id, series.projected_levels[-1].id
    width = max(len(code) for code in series.instruments)
    ratings = "\n".join(
        f"  {code + ':':<{width + 1}} {{current: {unobserved}, projected: {unknown}}}" for code in series.instruments
    )
    available = f"  # ids from content/authors.yaml: {', '.join(author_ids)}" if author_ids else ""
    first = next(iter(series.instruments))
    lines = [
        "---",
        f"benefactor: {benefactor_id}",
        f"recipient: {_scalar(recipient)}",
        f"date: {today:%Y-%m}",
        "status: draft",
        f"authors: []{available}",
        f"bibliography: [{bibliography}]",
        f"overall: {{current: {unobserved}, projected: {unknown}}}",
        "ratings:",
        ratings,
        "glance:",
        f"  Capital: {json.dumps(todo(f'Capital of {recipient}'), ensure_ascii=False)}",
        f'  Population: "{todo("Figure (year estimate)")}"',
        "---",
        "",
        "# Key Assessments",
        "",
        "## Current",
        "",
        f"- **{first}** {todo(f'Why this instrument matters most for {benefactor.possessive} current influence in {recipient}.')}",
        "",
        "## Projected",
        "",
        f"- **{first}** {todo('Why this instrument will matter most over the next three years.')}",
        "",
        "# Introduction",
        "",
        todo(f"The history and present state of {benefactor.name}-{recipient} military relations."),
        "",
    ]
    for category in series.categories:
        lines += [f"# {category.code}", "", todo(f"What the {category.name.lower()} instruments show overall."), ""]
        for instrument in category.instruments:
            lines += [
                f"## {instrument.code}",
                "",
                f"- **{todo(f'Lead judgement on {instrument.code}, {instrument.name}.')}**",
                f"  - {todo('Evidence for the judgement, with a citation.')}",
                "",
            ]
    lines += [
        "# Conclusions",
        "",
        f"***{todo('Overall judgement on current influence.')}*** {todo('The instruments that carry it, by code (M2).')}",
        "",
        f"***{todo('Overall judgement on projected influence.')}*** {todo('The instruments that will change it.')}",
        "",
    ]
    return "\n".join(lines)
