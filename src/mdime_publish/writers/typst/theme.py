"""report.css to the Typst template's theme: one place for colours, fonts and sizes.

The stylesheet's `:root { --name: value; }` custom properties are the theme. Both
engines read them: WeasyPrint through `var(--name)`, the Typst template as
`theme.name` in a generated `theme.typ`. Values become Typst values by their form:
`#1f3864` a colour, a comma-separated list of family names a font list (CSS
generic families left out), `10.5pt` a length, `1.42` a number. A value of any
other form is left out with a warning rather than passed on as code. A workspace's
own stylesheet that lacks a property (one written before the property existed) gets
the default stylesheet's value, so the template always finds it. The draft
watermark, a picture the stylesheet embeds as an SVG data URL, is taken from
the same stylesheet.

No CSS library is needed for this: the properties are plain `--name: value;`
declarations in one rule, and anything more would be parsed for nothing.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from mdime_publish.writers.typst.markup import array, string

_ROOT = re.compile(r":root\s*\{(?P<body>[^}]*)\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_PROPERTY = re.compile(r"--(?P<name>[a-z][a-z0-9-]*)\s*:\s*(?P<value>[^;]+);")
_COLOUR = re.compile(r"#(?:[0-9a-f]{3}|[0-9a-f]{6})", re.IGNORECASE)
_LENGTH = re.compile(r"\d+(?:\.\d+)?(?:pt|mm|cm|in|em)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_FAMILY = re.compile(r'"([^"\\]+)"|([A-Za-z][\w -]*)')
_WATERMARK = re.compile(r"\.watermark\s*\{[^}]*url\(\"data:image/svg\+xml,(?P<svg>[^\"]+)\"\)")
GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}


def theme_typ(css: str, missing: set[str] = frozenset(), defaults: str = "") -> tuple[str, list[str]]:
    """theme.typ for the stylesheet `css` (properties it lacks from `defaults`, the
    default stylesheet), and a warning per property left out. Font families in
    `missing` (not installed) are left out of font lists."""
    entries, skipped = [], []
    for name, value in {**custom_properties(defaults), **custom_properties(css)}.items():
        typst_value = _value(value, missing)
        if typst_value is None:
            skipped.append(f"report.css: --{name}: '{value}' is not a colour, font list, length or number; "
                           "the Typst edition leaves it out")
        else:
            entries.append(f"  {name}: {typst_value},")
    return "#let theme = (\n" + "\n".join(entries) + "\n)\n", skipped


def custom_properties(css: str) -> dict[str, str]:
    """The `--name: value` declarations of the stylesheet's `:root` rules."""
    css = _COMMENT.sub("", css)
    found: dict[str, str] = {}
    for root in _ROOT.finditer(css):
        for prop in _PROPERTY.finditer(root["body"]):
            found[prop["name"]] = prop["value"].strip()
    return found


def families(value: str) -> list[str]:
    """Font family names of a CSS `font-family` value, generic families left out."""
    names = [quoted or bare.strip() for quoted, bare in _FAMILY.findall(value)]
    return [n for n in names if n and n.lower() not in GENERIC_FAMILIES]


def watermark_svg(css: str) -> bytes | None:
    """The draft watermark picture the stylesheet embeds, as SVG bytes."""
    match = _WATERMARK.search(_COMMENT.sub("", css))
    return unquote(match["svg"]).encode("utf-8") if match else None


def _value(value: str, missing: set[str]) -> str | None:
    if _COLOUR.fullmatch(value):
        return f"rgb({string(value)})"
    if _LENGTH.fullmatch(value) or _NUMBER.fullmatch(value):
        return value
    if '"' in value or "," in value:
        names = [n for n in families(value) if n not in missing]
        return array([string(n) for n in names]) if names else None
    return None
