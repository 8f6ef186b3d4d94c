"""Front-matter data to a validated `FrontMatter`, or located problems.

The pydantic models are made from the series settings (instrument codes, scale
values, benefactor ids), so no scale value or code is written here. Rating values
are case-insensitive and treat space, '-' and '_' alike; every other key is exact,
and an unknown key is an error with a suggestion.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model

from mdime_publish.errors import Problem, error, one_of, suggest
from mdime_publish.model.properties import MAX_PROPERTY
from mdime_publish.parse.yaml_positions import Located
from mdime_publish.series import Series, normalise_level

DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")

# Longest recipient name: it goes into the title, the output file names and the DOCX
# properties (255 characters at most each); the longest country name has 56.
MAX_RECIPIENT = 100
FIRST_YEAR, LAST_YEAR = 1980, 2107  # the years a ZIP entry's date holds


def _scale(values: list[str], what: str) -> Any:
    """A Literal of `values` that first normalises the input and explains a miss."""

    def normalise(value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError(f"{what} must be a word, {one_of(values)}")
        norm = normalise_level(value)
        if norm not in values:
            raise ValueError(f"unknown {what} '{value}', {one_of(values)}{suggest(norm, values)}")
        return norm

    return Annotated[Literal[tuple(values)], BeforeValidator(normalise)]  # type: ignore[valid-type]


def _choice(values: list[str], what: str) -> Any:
    """A Literal of exact ids (benefactors, status) with a suggestion on a miss."""

    def check(value: Any) -> Any:
        text = str(value).strip().lower() if value is not None else ""
        if text not in values:
            raise ValueError(f"unknown {what} '{value}', {one_of(values)}{suggest(text, values)}")
        return text

    return Annotated[Literal[tuple(values)], BeforeValidator(check)]  # type: ignore[valid-type]


def _check_date(value: Any) -> str:
    text = str(value).strip()
    match = DATE.match(text)
    if not match:
        raise ValueError(f"malformed date '{text}', expected YYYY-MM or YYYY-MM-DD")
    month, day = int(match[2]), int(match[3] or 1)
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise ValueError(f"malformed date '{text}': no such month or day")
    if not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        raise ValueError(f"date '{text}' is out of range: a release build dates its files by the report, "
                         f"and a DOCX (ZIP) holds years {FIRST_YEAR} to {LAST_YEAR}")
    return text


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)) or value is None:
        raise ValueError("expected text")
    return str(value)


Text = Annotated[str, BeforeValidator(_text)]


def _bounded(limit: int, why: str) -> Any:
    """Text of at most `limit` characters; longer is an error saying `why`."""

    def check(value: Any) -> str:
        text = _text(value)
        if len(text) > limit:
            raise ValueError(f"{len(text)} characters long; at most {limit} fit {why}")
        return text

    return Annotated[str, BeforeValidator(check)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


_MODELS: dict[int, tuple[Series, type[BaseModel]]] = {}


def front_matter_model(series: Series) -> type[BaseModel]:
    """The pydantic model of a report's front matter under `series` (made once)."""
    cached = _MODELS.get(id(series))
    if cached is None or cached[0] is not series:
        cached = _MODELS[id(series)] = (series, _make_model(series))
    return cached[1]


def _make_model(series: Series) -> type[BaseModel]:
    current = _scale([v.id for v in series.current_levels], "current level")
    projected = _scale([v.id for v in series.projected_levels], "projected level")
    confidence = _scale([v.id for v in series.confidence_levels], "confidence level")

    rating = create_model(
        "Rating",
        __base__=_Strict,
        current=(current, Field(description="Current influence")),
        projected=(projected, Field(description="Projected influence (three years)")),
        confidence=(Optional[confidence], Field(None, description="Confidence of the assessment")),
    )
    ratings = create_model(
        "Ratings",
        __base__=_Strict,
        **{code: (rating, Field(description=i.name)) for code, i in series.instruments.items()},
    )
    return create_model(
        "FrontMatter",
        __base__=_Strict,
        benefactor=(_choice(list(series.benefactors), "benefactor"), Field(description="Benefactor id")),
        recipient=(_bounded(MAX_RECIPIENT, "in a title, a file name and the DOCX properties"), Field(description="Display name of the recipient country")),
        date=(Annotated[str, BeforeValidator(_check_date)], Field(description="YYYY-MM or YYYY-MM-DD")),
        status=(_choice(["draft", "final"], "status"), Field("draft", description="draft or final")),
        authors=(list[Text], Field(description="Author ids from content/authors.yaml, in byline order")),
        bibliography=(Optional[list[Text]], Field(None, description="Files under bibliography/")),
        title=(Optional[_bounded(MAX_PROPERTY, "in the DOCX title property")], Field(None, description="Overrides the default title")),
        overall=(rating, Field(description="Overall ratings")),
        ratings=(ratings, Field(description="All twelve instruments")),
        glance=(dict[str, Text], Field(description="'<Recipient> at a Glance' rows, in order")),
    )


def validate_front_matter(doc: Located, series: Series) -> tuple[Any | None, list[Problem]]:
    """Validate the loaded front matter; every problem is located at its key or value."""
    data = doc.plain()
    if not isinstance(data, dict):
        return None, [error(doc.file, doc.first_line, 1, "front matter must be a mapping of keys to values")]
    model = front_matter_model(series)
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = _merge_missing([_problem(doc, e, model) for e in exc.errors()])
        return None, sorted(problems, key=lambda p: (p.line, p.col))


def _merge_missing(problems: list[Problem]) -> list[Problem]:
    """Several keys missing from one mapping make one problem that names them all."""
    merged: dict[tuple[str, int, int, str], list[str]] = {}
    rest = []
    for p in problems:
        if p.message.startswith("missing key '"):
            dotted = p.message[len("missing key '") : -1]
            parent, _, name = dotted.rpartition(".")
            merged.setdefault((p.file, p.line, p.col, parent), []).append(name)
        else:
            rest.append(p)
    for (file, line, col, parent), names in merged.items():
        where = f" under '{parent}'" if parent else ""
        noun = "key" if len(names) == 1 else "keys"
        rest.append(error(file, line, col, f"missing {noun}{where}: {', '.join(names)}"))
    return rest


def _problem(doc: Located, err: Any, model: type[BaseModel]) -> Problem:
    loc = tuple(err["loc"])
    dotted = ".".join(map(str, loc))
    kind = err["type"]
    if kind == "missing":
        line, col = doc.position(loc[:-1], key=True) if len(loc) > 1 else (doc.first_line, 1)
        return error(doc.file, line, col, f"missing key '{dotted}'")
    if kind == "extra_forbidden":
        line, col = doc.position(loc, key=True)
        known = _known_keys(model, loc[:-1])
        return error(doc.file, line, col, f"unknown key '{dotted}'{suggest(str(loc[-1]), known)}")
    line, col = doc.position(loc)
    message = err["msg"].removeprefix("Value error, ")
    if kind in {"list_type", "dict_type", "model_type", "model_attributes_type"}:
        message = {"list_type": "expected a list", "dict_type": "expected a mapping"}.get(kind, "expected a mapping")
    return error(doc.file, line, col, f"{dotted}: {message}")


def _known_keys(model: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    for part in path:
        field = model.model_fields.get(str(part))
        annotation = getattr(field, "annotation", None)
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return list(model.model_fields)
