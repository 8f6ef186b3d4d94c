"""Series settings: the M-DIME framework, scales, benefactors and fixed texts, as data.

The defaults live in `data/series.yaml`; a workspace's `content/series.yaml` may
replace any top-level key. Every instrument name, scale value and boilerplate text
the builder prints comes from here.
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from mdime_publish.output import write_atomic
from mdime_publish.paths import cache_dir


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
    fill: str = ""
    ink: str = ""
    arrow: str = ""
    symbol: str = ""


class Benefactor(_Data):
    name: str
    adjective: str
    possessive: str


class BackMatter(_Data):
    name: str
    address: list[str]
    url: str
    about: str


class KeyAssessmentTexts(_Data):
    current_opening: str
    current_lead_in: str
    projected_opening: str
    projected_lead_in: str


class Labels(_Data):
    key_assessments: str
    conclusions: str
    endnotes: str
    authors: str
    current_line: str
    projected_line: str
    confidence_line: str
    draft_stamp: str
    draft_revision: str


class LegendTexts(_Data):
    left_title: str
    right_title: str
    current_title: str
    projected_title: str


class Series(_Data):
    series_line: str
    tagline: str
    title_template: str
    introduction_title: str
    glance_title: str
    publisher: list[str]
    back_matter: BackMatter
    benefactors: dict[str, Benefactor]
    categories: list[Category]
    current_levels: list[ScaleValue]
    projected_levels: list[ScaleValue]
    confidence_levels: list[ScaleValue]
    key_assessments: KeyAssessmentTexts
    labels: Labels
    legend: LegendTexts
    overview_title: str
    overview: str

    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

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
