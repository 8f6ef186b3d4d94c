"""Languages of passages: `Text.lang` on every run in another language than the report's.

Two sources, decided once here so every writer only prints what it finds:

- a bibliography entry's `langid` or `language` field (`note_forms` marks the titles
  of that entry with `entry_language`); this is the only way a Latin-script language
  (French, German ...) is marked, since the script cannot tell it from English;
- the script of the text, for runs still unmarked after numbering: Cyrillic is taken
  as Russian and Han as Chinese (the languages of the series' sources); a passage runs
  from its first to its last letter in the script, with the spaces, digits and
  punctuation between them.

Hand-written: language-detection libraries guess among Latin-script languages from
word statistics, which is what the series must not do, and the rule here is a
regular expression per script.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mdime_publish.model import document as m
from mdime_publish.model.walk import inline_lists

# BibTeX `langid` (babel names) and `language` values to BCP 47 tags.
LANGUAGE_NAMES = {
    "english": "en", "american": "en-US", "british": "en-GB", "french": "fr", "german": "de",
    "ngerman": "de", "russian": "ru", "ukrainian": "uk", "chinese": "zh", "spanish": "es",
    "portuguese": "pt", "italian": "it", "arabic": "ar", "turkish": "tr", "polish": "pl",
    "dutch": "nl", "japanese": "ja", "korean": "ko", "persian": "fa", "serbian": "sr",
}
_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")

_NEUTRAL = r"[\W\d_]"  # spaces, punctuation, digits: part of the passage around them
_SCRIPTS = {
    "ru": "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f",
    "zh": "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
          "\U00020000-\U0003134f",
}
_PASSAGE = re.compile("|".join(
    f"(?P<{lang}>[{chars}]+(?:{_NEUTRAL}+[{chars}]+)*)" for lang, chars in _SCRIPTS.items()
))


def entry_language(value: str) -> str:
    """The BCP 47 tag of a `langid`/`language` field ('russian', 'fr', 'zh-Hans'), or ''."""
    value = value.strip()
    if _TAG.fullmatch(value):
        return value
    return LANGUAGE_NAMES.get(value.lower().split(",")[0].strip(), "")


def mark_languages(report: m.Report) -> m.Report:
    """`report` with every unmarked run in another script split into marked passages."""
    for inlines in _all_lists(report):
        inlines[:] = split_by_script(inlines)
    return report


def split_by_script(nodes: list) -> list:
    """Runs with Cyrillic or Han passages split out and marked; nested runs too."""
    out: list = []
    for node in nodes:
        if isinstance(node, m.Text) and not node.lang:
            out += _passages(node.text)
        else:
            if getattr(node, "children", None):
                node.children = split_by_script(node.children)
            out.append(node)
    return out


def _passages(text: str) -> list[m.Text]:
    runs, start = [], 0
    for match in _PASSAGE.finditer(text):
        if match.start() > start:
            runs.append(m.Text(text=text[start:match.start()]))
        runs.append(m.Text(text=match.group(), lang=match.lastgroup))
        start = match.end()
    if start < len(text):
        runs.append(m.Text(text=text[start:]))
    return runs


def _all_lists(report: m.Report) -> Iterable[list]:
    yield from inline_lists(report)
    for note in report.notes:
        yield note.content
