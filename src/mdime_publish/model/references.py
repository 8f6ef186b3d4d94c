"""Bibliography entries as typed values: names, dates and decoded text, ready to format.

`parse.bibtex` builds these from BibTeX; `model.note_forms` formats them. Nothing here
knows about BibTeX syntax or LaTeX: text fields are already decoded, `url` is literal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mdime_publish.model.document import Pos

#: Entry types the note forms know; any other type is formatted as `misc`.
ENTRY_TYPES = (
    "article",
    "online",
    "misc",
    "book",
    "report",
    "techreport",
    "incollection",
    "inproceedings",
    "thesis",
    "phdthesis",
    "mastersthesis",
    "video",
)


@dataclass(frozen=True)
class Name:
    """A person (family, given, "von" prefix, "Jr." suffix) or an organisation kept whole.

    A corporate name (`{U.S. Department of State}` in BibTeX) is all in `family`.
    """

    family: str
    given: str = ""
    prefix: str = ""
    suffix: str = ""
    corporate: bool = False

    @property
    def others(self) -> bool:
        """BibTeX's 'and others': the list goes on (printed 'et al.')."""
        return self.family == "others" and not (self.given or self.prefix or self.corporate)

    @property
    def surname(self) -> str:
        """'van Beethoven', 'Schogol', 'U.S. Department of State'."""
        return " ".join(p for p in (self.prefix, self.family) if p)

    @property
    def inverted(self) -> str:
        """'Schogol, Jeff'; 'King, Martin Luther, Jr.'; organisations unchanged."""
        return ", ".join(p for p in (self.surname, self.given, self.suffix) if p)

    @property
    def direct(self) -> str:
        """'Jeff Schogol'; 'Martin Luther King Jr.'; organisations unchanged."""
        return " ".join(p for p in (self.given, self.surname, self.suffix) if p)


@dataclass(frozen=True)
class PartialDate:
    """A date as precise as the source gives it: year, year-month or full (0 = absent)."""

    year: int
    month: int = 0
    day: int = 0


@dataclass(frozen=True)
class Reference:
    """One bibliography entry.

    `fields` holds the other text fields by biblatex name (`journal` is stored as
    `journaltitle`, `address` as `location`, `school` as `institution`), decoded.
    """

    key: str
    type: str  # one of ENTRY_TYPES
    fields: Mapping[str, str] = field(default_factory=dict)
    url: str = ""
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    date: PartialDate | None = None
    urldate: PartialDate | None = None
    pos: Pos | None = None

    def get(self, *names: str) -> str:
        """The first non-empty field among `names`, or ''."""
        return next((self.fields[n] for n in names if self.fields.get(n)), "")
