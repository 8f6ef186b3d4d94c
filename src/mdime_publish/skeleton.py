"""Series settings to the text of a new, complete report that passes `mdime check`.

All sections and all twelve instruments, every rating `unobserved`/`unknown`, and
placeholder bullets that say what belongs where.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from mdime_publish.series import Series


def _scalar(text: str) -> str:
    """`text` as a YAML value: plain when YAML reads it back unchanged, else double-quoted
    (a name such as 'Foo: Bar' or '#1 Land' would otherwise break or vanish)."""
    plain = re.fullmatch(r"[^\W\d_][\w .,'’()-]*", text) and not text.endswith(" ")
    return text if plain and text.lower() not in _YAML_WORDS else json.dumps(text, ensure_ascii=False)


_YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}  # read as other than text


def skeleton(series: Series, recipient: str, benefactor_id: str, author_ids: list[str], today: dt.date) -> str:
    benefactor = series.benefactors[benefactor_id]
    unobserved, unknown = series.current_levels[-1].id, series.projected_levels[-1].id
    width = max(len(code) for code in series.instruments)
    ratings = "\n".join(
        f"  {code + ':':<{width + 1}} {{current: {unobserved}, projected: {unknown}}}" for code in series.instruments
    )
    available = f"  # ids from content/authors.yaml: {', '.join(author_ids)}" if author_ids else ""
    lines = [
        "---",
        f"benefactor: {benefactor_id}",
        f"recipient: {_scalar(recipient)}",
        f"date: {today:%Y-%m}",
        "status: draft",
        f"authors: []{available}",
        f"overall: {{current: {unobserved}, projected: {unknown}}}",
        "ratings:",
        ratings,
        "glance:",
        f"  Capital: {_scalar('Capital of ' + recipient)}",
        '  Population: "Figure (year estimate)"',
        "---",
        "",
        "# Key Assessments",
        "",
        "## Current",
        "",
        f"- **{next(iter(series.instruments))}** Why this instrument matters most for "
        f"{benefactor.possessive} current influence in {recipient}.",
        "",
        "## Projected",
        "",
        f"- **{next(iter(series.instruments))}** Why this instrument will matter most over the next three years.",
        "",
        "# Introduction",
        "",
        f"The history and present state of {benefactor.name}-{recipient} military relations.",
        "",
    ]
    for category in series.categories:
        lines += [f"# {category.code}", "", f"What the {category.name.lower()} instruments show overall.", ""]
        for instrument in category.instruments:
            lines += [
                f"## {instrument.code}",
                "",
                f"- **Lead judgement on {instrument.code}, {instrument.name}.**",
                "  - Evidence for the judgement, with a citation.",
                "",
            ]
    lines += [
        "# Conclusions",
        "",
        "***Overall judgement on current influence.*** The instruments that carry it, by code (M2).",
        "",
        "***Overall judgement on projected influence.*** The instruments that will change it.",
        "",
    ]
    return "\n".join(lines)
