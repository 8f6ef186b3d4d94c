"""References to note text: full, short and Ibid. notes in the FMSO/Chicago manner.

Each form is a list of inline runs (Text, Emph, Link), so every writer prints real
italics and live links. Which form a citation takes is decided by `model.notes`.

Full notes separate their elements with periods, as the printed FMSO reports do:

    Schogol, Jeff. “The US can't use its $110 million drone base in Niger.” *Task &
    Purpose*. August 1, 2023. https://taskandpurpose.com/news/...

Titles are quoted for articles, web pages, chapters, theses and other short works,
italic for books, reports and videos; periodicals (`journaltitle`) are italic and
other outlets (publisher, organization, institution) roman. A locator follows the
facts of publication. Short notes are Chicago's: `Schogol, “US can't use,” 14.`

Hand-written on purpose: citeproc-py, the Python CSL processor, lists CSL `position`
(first, subsequent, ibid) among its unimplemented features, and the processors that
do implement it (citeproc-js, pandoc's citeproc) would bring a JavaScript or Haskell
runtime into the build for a dozen entry types and one style.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence

from mdime_publish.model.document import Emph, Inline, Link, Text
from mdime_publish.model.languages import entry_language
from mdime_publish.model.references import Name, PartialDate, Reference

Runs = list[Inline]

_ITALIC_TITLES = frozenset({"book", "report", "techreport", "video"})
_CHAPTERS = frozenset({"incollection", "inproceedings"})
_THESIS_KINDS = {
    "phdthesis": "PhD diss.",
    "mathesis": "Master’s thesis",
    "mastersthesis": "Master’s thesis",
    "thesis": "Thesis",
}
_PAGE_LABEL = re.compile(r"^(?:pp?\.|pages?\b)\s*", re.IGNORECASE)
_SUBTITLE = re.compile(r"\s*[:：]")
_WORD = re.compile(r"\w")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ'’-]+")
# Words a shortened title does not end on (English, French, Russian).
_MINOR_WORDS = frozenset(
    "a an the and or nor but of in on at to for from by with as into its his her their"
    " le la les l' un une des du de d' et en au aux à pour sur"
    " в во и на с со о об к по для"
    " my your our its his her their whose".split()
)
_CONJUNCTIONS = frozenset({"and", "or", "nor", "&", "et", "ou", "и", "или"})
_SHORT_TITLE_WORDS = 4


# --- the note forms ---------------------------------------------------------------


def full_note(ref: Reference, locator: str = "") -> list[Inline]:
    """The note for a source's first citation: all the entry gives, URL last.

    With no author, title or outlet, the key stands in for them.
    """
    locator = _locator(locator)
    segments = [s for s in _FORMS.get(ref.type, _web_page)(ref, locator) if s]
    segments = segments or _at_end([_text(ref.key)], locator)
    runs = _sentences([*segments, _text(ref.get("note")), _text(_accessed(ref))])
    link = Link(url=ref.url, children=[Text(text=ref.url)])
    return _merged([*runs, Text(text=" "), link] if ref.url else runs)


def short_note(ref: Reference, locator: str = "") -> list[Inline]:
    """A later citation: surnames (or organisation) and short title, then the locator."""
    names = ref.authors or ([] if ref.type in _CHAPTERS else ref.editors)
    parts = [_text(_and_list([n.surname for n in names])), _short_title(ref)]
    parts = [p for p in parts if p] or [_outlet(ref) or _text(ref.key)]
    return _merged(_close(_joined([*parts, _text(_locator(locator))], ","), "."))


def ibid_note(locator: str = "") -> list[Inline]:
    """The same single source as the preceding note: 'Ibid.' or 'Ibid., 14.'."""
    locator = _locator(locator)
    return [Text(text=f"Ibid., {locator}." if locator else "Ibid.")]


def missing_note(key: str, locator: str = "") -> list[Inline]:
    """A key with no entry (validation reports it): the key in brackets."""
    locator = _locator(locator)
    return [Text(text=f"[{key}], {locator}." if locator else f"[{key}].")]


# --- per entry type: the segments before note, access date and URL -------------------


def _article(ref: Reference, locator: str) -> list[Runs]:
    """*Journal* 9, no. 4 (December 1971): 83–95; without volume or number, like a web page."""
    volume, number = ref.get("volume"), ref.get("number")
    if not (volume or number):
        return _web_page(ref, locator)
    issue = ", ".join(filter(None, [volume, number and f"no. {number}"]))
    journal = _italic(ref.get("journaltitle"), _language(ref))
    if journal:  # '*Journal* 9, no. 4' but '*Journal*, no. 61'
        issue = (" " if volume else ", ") + issue
    date = _date(ref.date)
    facts = [*journal, Text(text=issue + (f" ({date})" if date else ""))]
    where = locator or ref.get("pages")
    if where:
        facts.append(Text(text=f": {where}"))
    return [_creators(ref), _title(ref), facts]


def _web_page(ref: Reference, locator: str) -> list[Runs]:
    """Online, misc, news: Author. “Title.” Outlet. Date."""
    return _at_end([_creators(ref), _title(ref), _outlet(ref), _text(_date(ref.date))], locator)


def _video(ref: Reference, locator: str) -> list[Runs]:
    """Author. *Title*. Video. Outlet. Date."""
    medium = _text(ref.get("type") or "Video")
    return _at_end(
        [_creators(ref), _title(ref), medium, _outlet(ref), _text(_date(ref.date))], locator
    )


def _book(ref: Reference, locator: str) -> list[Runs]:
    """Author. *Title*. Edited by Name. Place: Publisher, Date."""
    edited = _names_phrase("Edited by", ref.editors) if ref.authors else ""
    facts = _publication(ref, "publisher")
    return _at_end([_creators(ref), _title(ref), _text(edited), _text(facts)], locator)


def _report(ref: Reference, locator: str) -> list[Runs]:
    """Author. *Title*. Type Number. Institution, Date."""
    kind, number = ref.get("type"), ref.get("number")
    if number and not kind and " " not in number:  # 'Working Paper 40' names its series
        kind = "Report"
    series = " ".join(filter(None, [kind, number]))
    facts = _publication(ref, "institution", "organization", "publisher")
    return _at_end([_creators(ref), _title(ref), _text(series), _text(facts)], locator)


def _chapter(ref: Reference, locator: str) -> list[Runs]:
    """Author. “Title.” In *Book*, edited by Name, 83–95. Place: Publisher, Date."""
    book = ref.get("booktitle")
    container = _joined(
        [
            [Text(text="In "), *_italic(book, _language(ref))] if book else [],
            _text(_names_phrase("edited by", ref.editors)),
            _text(locator or ref.get("pages")),
        ],
        ",",
    )
    facts = _publication(ref, "publisher", "organization")
    return [_creators(ref), _title(ref), container, _text(facts)]


def _thesis(ref: Reference, locator: str) -> list[Runs]:
    """Author. “Title.” PhD diss., Institution, Date."""
    kind = ref.get("type")
    kind = _THESIS_KINDS.get(kind.lower(), kind) if kind else _THESIS_KINDS[ref.type]
    facts = ", ".join(filter(None, [kind, ref.get("institution"), _date(ref.date)]))
    return _at_end([_creators(ref), _title(ref), _text(facts)], locator)


_FORMS: dict[str, Callable[[Reference, str], list[Runs]]] = {
    "article": _article,
    "online": _web_page,
    "misc": _web_page,
    "video": _video,
    "book": _book,
    "report": _report,
    "techreport": _report,
    "incollection": _chapter,
    "inproceedings": _chapter,
    "thesis": _thesis,
    "phdthesis": _thesis,
    "mastersthesis": _thesis,
}


# --- elements -------------------------------------------------------------------------


def _creators(ref: Reference) -> Runs:
    """'Schogol, Jeff'; 'Ginsburgs, George, and Robert Slusser'; editors with 'ed.'."""
    if ref.authors:
        return _text(_name_list(ref.authors))
    if ref.editors and ref.type not in _CHAPTERS:
        return _text(_name_list(ref.editors) + (", eds." if len(ref.editors) > 1 else ", ed."))
    return []


def _name_list(names: Sequence[Name]) -> str:
    """First name inverted, others direct; more than three: first and 'et al.'."""
    first = names[0].inverted
    comma = "," if "," in first else ""
    if len(names) == 1:
        return first
    if len(names) > 3 or names[-1].others:
        return f"{first}{comma} et al."
    if len(names) == 2:
        return f"{first}{comma} and {names[1].direct}"
    return f"{first}, {names[1].direct}, and {names[2].direct}"


def _names_phrase(lead: str, names: Sequence[Name]) -> str:
    return f"{lead} {_and_list([n.direct for n in names])}" if names else ""


def _and_list(items: Sequence[str]) -> str:
    """'A'; 'A and B'; 'A, B, and C'; 'A et al.' (also for BibTeX's 'and others')."""
    if len(items) > 3 or (len(items) > 1 and items[-1] == "others"):
        return f"{items[0]} et al."
    if len(items) == 3:
        return f"{items[0]}, {items[1]}, and {items[2]}"
    return " and ".join(items)


def _title(ref: Reference) -> Runs:
    """The title, quoted or italic by entry type, then its translation in parentheses."""
    title = ref.get("title")
    if not title:
        return []
    addon = ref.get("titleaddon").rstrip(".")
    return [*_styled_title(ref, title), *_text(f" ({addon})" if addon else "")]


def _short_title(ref: Reference) -> Runs:
    """`shorttitle`, else the main title if short, else its first words (Chicago)."""
    title = ref.get("shorttitle") or _shortened(ref.get("title"))
    return _styled_title(ref, title) if title else []


def _shortened(title: str) -> str:
    """Chicago's short title: the main title if it has four words or fewer, else up to
    four key words of it (minor words do not count) that keep their case, never start
    in lower case, never end on a minor word or a possessive, never split a name."""
    main, *subtitle = (p.strip() for p in _SUBTITLE.split(title, maxsplit=1))
    if subtitle and subtitle[0] and _LATIN_WORD.fullmatch(main):  # "Mali: Huawei Awarded ..."
        main = subtitle[0]
    words = main.split()
    if len(words) <= _SHORT_TITLE_WORDS:
        return main
    if words[0].lower() in ("a", "an", "the", "le", "la", "les", "un", "une"):
        words = words[1:]
    cut = _key_words(words, _name_runs(words))
    words = _before_open_conjunction(cut) if len(cut) < len(words) else cut
    while len(words) > 1 and (_minor(words[-1]) or _possessive(words[-1]) or not _LETTER.search(words[-1])):
        words.pop()
    short = " ".join(words).rstrip(",;:.")
    return short[:1].upper() + short[1:]


def _key_words(words: list[str], names: list[int]) -> list[str]:
    """`words` up to the fourth key word, or before a name that word would split."""
    count = 0
    for index, word in enumerate(words):
        count += not _minor(word) and bool(_LETTER.search(word))
        if count == _SHORT_TITLE_WORDS:
            end = index + 1
            if end < len(words) and names[end] == names[index] != 0:  # inside a name
                start = names.index(names[index])
                keep = sum(not _minor(w) for w in words[:start])
                end = start if keep >= 2 else names.index(names[index]) + names.count(names[index])
            return words[:end]
    return words


def _before_open_conjunction(words: list[str]) -> list[str]:
    """A cut title ends before its last 'and'/'or' when two key words come before it,
    so a listing is not left half-way ('Weapons Exports', not 'Weapons Exports and Private')."""
    for index in range(len(words) - 1, 0, -1):
        if words[index].lower() in _CONJUNCTIONS:
            if sum(not _minor(w) for w in words[:index]) >= 2:
                return words[:index]
            break
    return words


def _name_runs(words: list[str]) -> list[int]:
    """For each word, the number of the run of capitalised words (a name) it belongs
    to, 0 if none. Only a title in sentence case shows names by their capitals; in
    title case a capitalised pair closing a clause ('Assimi Goïta,') counts as one."""
    capital = [w[:1].isupper() for w in words]
    sentence_case = any(not c and not _minor(w) and w[:1].isalpha() for c, w in zip(capital, words))
    runs, run = [0] * len(words), 0
    for i, word in enumerate(words):
        if not capital[i]:
            continue
        joined = i and capital[i - 1] and not re.search(r"[,;:.?!]$", words[i - 1])
        if sentence_case and i:
            run = runs[i - 1] if joined and runs[i - 1] else run + 1
            runs[i] = run
        elif not sentence_case and joined and re.search(r"[,;:.?!]$|^\S*$", word) and (
                i == len(words) - 1 or re.search(r"[,;:.?!]$", word)):
            run += 1
            runs[i - 1] = runs[i] = run
    return runs


def _minor(word: str) -> bool:
    """An article, preposition, conjunction or possessive pronoun: not a key word."""
    return word.strip(",;:.?!\"“”‘’()").lower() in _MINOR_WORDS


def _possessive(word: str) -> bool:
    """'China's', 'Niger’s', 'Wagner Groups'': a short title never ends on one."""
    return bool(re.search(r"\w['’]s?$", word.rstrip(",;:.?!")))


def _styled_title(ref: Reference, title: str) -> Runs:
    lang = _language(ref)
    if ref.type in _ITALIC_TITLES:
        return _italic(title, lang)
    inner = re.sub(r'"([^"]*)"', r"‘\1’", title).replace("“", "‘").replace("”", "’")
    return [Text(text=f"“{inner}”", lang=lang)]


def _language(ref: Reference) -> str:
    """The entry's language (`langid`, `language`) for its titles; '' if not given."""
    return entry_language(ref.get("langid", "language"))


def _outlet(ref: Reference) -> Runs:
    """The periodical (italic) or the site, organisation or publisher (roman)."""
    journal = ref.get("journaltitle")
    if journal:
        return _italic(journal, _language(ref))
    return _text(_publisher(ref, "organization", "publisher", "institution", "howpublished"))


def _publication(ref: Reference, *publisher_fields: str) -> str:
    """'Leiden: Brill, 1981'."""
    press = ": ".join(filter(None, [ref.get("location"), _publisher(ref, *publisher_fields)]))
    return ", ".join(filter(None, [press, _date(ref.date)]))


def _publisher(ref: Reference, *fields: str) -> str:
    """The first of `fields`, unless it repeats the author ('The White House')."""
    name = ref.get(*fields)
    return "" if any(a.corporate and a.family == name for a in ref.authors) else name


def _accessed(ref: Reference) -> str:
    return f"Accessed {_date(ref.urldate)}" if ref.urldate else ""


def _date(date: PartialDate | None) -> str:
    """'August 1, 2023', 'August 2023' or '2023'."""
    if date is None:
        return ""
    if not date.month:
        return str(date.year)
    month = calendar.month_name[date.month]
    return f"{month} {date.day}, {date.year}" if date.day else f"{month} {date.year}"


def _locator(locator: str) -> str:
    """'p. 14' and 'pp. 3-5' print as '14' and '3-5', as Chicago notes do."""
    return _PAGE_LABEL.sub("", locator.strip())


# --- runs and punctuation -----------------------------------------------------------


def _text(value: str) -> Runs:
    return [Text(text=value)] if value else []


def _italic(value: str, lang: str = "") -> Runs:
    return [Emph(children=[Text(text=value, lang=lang)])] if value else []


def _at_end(segments: list[Runs], locator: str) -> list[Runs]:
    """`segments` with ', locator' after the last one that is not empty."""
    segments = [s for s in segments if s]
    if not (locator and segments):
        return segments
    return [*segments[:-1], [*_close(segments[-1], ","), Text(text=f" {locator}")]]


def _sentences(segments: list[Runs]) -> Runs:
    """Segments as sentences: 'A. “B.” *C*. D.'."""
    runs = _joined(segments, ".")
    return _close(runs, ".") if runs else []


def _joined(segments: list[Runs], mark: str) -> Runs:
    """Non-empty segments joined by `mark` and a space."""
    runs: Runs = []
    for segment in filter(None, segments):
        runs = [*_close(runs, mark), Text(text=" "), *segment] if runs else list(segment)
    return runs


def _close(runs: Runs, mark: str) -> Runs:
    """`runs` followed by `mark`: inside closing quotes, never after a stop or '?'."""
    if not runs:
        return runs
    last = runs[-1]
    text = _last_text(last)
    core = text.rstrip("”’") if isinstance(last, Text) and text.endswith("”") else text
    if core.endswith(tuple("?!" if mark == "," else ".?!")):
        return runs
    if isinstance(last, Text) and core != text:
        return [*runs[:-1], last.model_copy(update={"text": core + mark + text[len(core) :]})]
    return [*runs, Text(text=mark)]


def _last_text(run: Inline) -> str:
    if isinstance(run, Text):
        return run.text
    if isinstance(run, Emph) and run.children:
        return _last_text(run.children[-1])
    return ""


def _merged(runs: Runs) -> Runs:
    """Adjacent Text runs in one language as one."""
    out: Runs = []
    for run in runs:
        if out and isinstance(run, Text) and isinstance(out[-1], Text) and run.lang == out[-1].lang:
            out[-1] = Text(text=out[-1].text + run.text, lang=run.lang)
        else:
            out.append(run)
    return out
