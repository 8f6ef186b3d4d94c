"""Series settings: the M-DIME framework, scales, benefactors and fixed texts, as data.

The defaults live in `data/series.yaml`; a workspace's `content/series.yaml` may
replace any top-level key. Every instrument name, scale value and boilerplate text
the builder prints comes from here.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from mdime_publish.errors import suggest
from mdime_publish.output import write_atomic
from mdime_publish.paths import cache_dir

NAMES = ("benefactor", "adjective", "possessive", "recipient")  # what a report's texts may name


def _template(*names: str):
    """Text whose `{placeholders}` are exactly some of `names`: no format spec, no
    conversion, no attribute or index (`{recipient:>9999}` would build a huge string,
    `{recipient.__class__}` reach into Python), braces balanced."""

    def check(text: str) -> str:
        try:
            fields = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(text) if f is not None]
        except ValueError as exc:
            raise ValueError(f"{exc}; write '{{{{' and '}}}}' for a literal brace") from None
        for field, spec, conv in fields:
            if field not in names:
                raise ValueError(f"unknown placeholder '{{{field}}}', expected one of: "
                                 + ", ".join(f"{{{n}}}" for n in names) + suggest(field, names))
            if spec or conv:
                raise ValueError(f"placeholder '{{{field}{'!' + conv if conv else ''}{':' + spec if spec else ''}}}' "
                                 f"has a format; write '{{{field}}}' only")
        return text

    return Annotated[str, AfterValidator(check)]


def _colour(text: str) -> str:
    """A colour both CSS and DOCX (w:fill, w:color) read: '#' and six hex digits (or none)."""
    if text and not re.fullmatch(r"#[0-9A-Fa-f]{6}", text):
        raise ValueError(f"'{text}' is not a colour; expected '#' and six hex digits, e.g. '#2171B5'")
    return text


Colour = Annotated[str, AfterValidator(_colour)]
Name = Annotated[str, Field(max_length=100)]  # goes into titles, file names and DOCX properties
Property = Annotated[str, Field(max_length=255)]  # a DOCX core property holds 255 characters


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Instrument(_Data):
    code: str
    name: str
    short: str


class Category(_Data):
    code: str
    name: str
    instruments: list[Instrument]


class ScaleValue(_Data):
    id: str
    label: str
    key: str = ""
    fill: Colour = ""
    ink: Colour = ""
    arrow: str = ""
    symbol: str = ""


class Benefactor(_Data):
    name: Name
    adjective: Name
    possessive: Name


class BackMatter(_Data):
    name: str
    address: list[str]
    url: str
    about: str


class KeyAssessmentTexts(_Data):
    current_opening: _template(*NAMES, "level")
    current_lead_in: _template(*NAMES)
    projected_opening: _template(*NAMES, "level")
    projected_lead_in: _template(*NAMES)


class Labels(_Data):
    key_assessments: str
    conclusions: str
    endnotes: str
    authors: str
    current_line: _template("level")
    projected_line: _template("level")
    confidence_line: _template("level")
    draft_stamp: _template("date")
    draft_revision: _template("revision")


class LegendTexts(_Data):
    left_title: str
    right_title: str
    current_title: str
    projected_title: str


class Series(_Data):
    series_line: Property
    tagline: Property
    title_template: _template(*NAMES)
    introduction_title: _template(*NAMES)
    glance_title: _template(*NAMES)
    publisher: list[str]
    back_matter: BackMatter
    benefactors: Annotated[dict[str, Benefactor], Field(min_length=1)]
    categories: Annotated[list[Category], Field(min_length=1)]
    current_levels: Annotated[list[ScaleValue], Field(min_length=1)]
    projected_levels: Annotated[list[ScaleValue], Field(min_length=1)]
    confidence_levels: Annotated[list[ScaleValue], Field(min_length=1)]
    key_assessments: KeyAssessmentTexts
    labels: Labels
    legend: LegendTexts
    overview_title: str
    overview: _template("instruments", "current_scale", "projected_scale")
    pdf_engine: Literal["weasyprint", "typst"] = "weasyprint"

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, ignored_types=(cached_property,))

    @field_validator("current_levels", "projected_levels", "confidence_levels")
    @classmethod
    def _distinct_ids(cls, values: list[ScaleValue]) -> list[ScaleValue]:
        _distinct([v.id for v in values], "id")
        return values

    @field_validator("categories")
    @classmethod
    def _distinct_codes(cls, categories: list[Category]) -> list[Category]:
        _distinct([c.code for c in categories], "category code")
        _distinct([i.code for c in categories for i in c.instruments], "instrument code")
        return categories

    @cached_property
    def instruments(self) -> dict[str, Instrument]:
        """All instruments by code, in framework order."""
        return {i.code: i for c in self.categories for i in c.instruments}

    def current(self, level_id: str) -> ScaleValue:
        return next(v for v in self.current_levels if v.id == level_id)

    def projected(self, level_id: str) -> ScaleValue:
        return next(v for v in self.projected_levels if v.id == level_id)

    @cached_property
    def category_of(self) -> dict[str, Category]:
        return {i.code: c for c in self.categories for i in c.instruments}


def _distinct(names: list[str], what: str) -> None:
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"{what} '{repeated[0]}' is used more than once; each must be distinct")


def default_series_text() -> str:
    return (Path(__file__).parent / "data" / "series.yaml").read_text("utf-8")


def default_series_data() -> dict:
    """The default settings as plain data, parsed once per version of the file and
    kept as JSON in the user's cache (parsing the YAML takes ~15 ms a run)."""
    text = default_series_text()
    path = cache_dir() / f"series-{hashlib.sha256(text.encode()).hexdigest()[:16]}.json"
    try:
        data = json.loads(path.read_text("utf-8"))
        if isinstance(data, dict):
            return data
    except (OSError, ValueError):
        pass
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(text)
    try:
        write_atomic(path, json.dumps(data))
    except OSError:
        pass  # a read-only cache: parsed again next time
    return data


def normalise_level(value: str) -> str:
    """'Very High', 'very_high' and 'VERY-HIGH' all become 'very-high'."""
    return "-".join(value.strip().lower().replace("_", " ").replace("-", " ").split())
