"""BibTeX loading: decoded text, literal URLs, names, dates, and problems with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mdime_publish.model.references import Name, PartialDate
from mdime_publish.parse.bibtex import load_bibliography


def load(tmp_path: Path, *texts: str):
    """Write each text to a.bib, b.bib ... and load them; messages name files by basename."""
    paths = []
    for name, text in zip("abcdef", texts):
        paths.append(tmp_path / f"{name}.bib")
        paths[-1].write_text(text, encoding="utf-8")
    return load_bibliography(paths, display_name=lambda p: p.name)


def one(tmp_path: Path, fields: str, kind: str = "online"):
    references, problems = load(tmp_path, f"@{kind}{{k,\n{fields}\n}}\n")
    assert [str(p) for p in problems] == []
    return references["k"]


@pytest.mark.parametrize(
    "written, decoded",
    [
        (r"The {US} drone base in {Niger}", "The US drone base in Niger"),
        (r"\$110 million", "$110 million"),
        (r"Task \& Purpose", "Task & Purpose"),
        (r"50\% of arms", "50% of arms"),
        ("50% of arms", "50% of arms"),
        ("Task & Purpose", "Task & Purpose"),
        (r"Caf{\'e} {\^\i}le na{\"\i}ve", "Café île naïve"),
        (r"1958--1973 --- then", "1958–1973 — then"),
        (r"``Quoted''", "“Quoted”"),
        ("Минобороны России", "Минобороны России"),
        ("王毅会见马里外长迪奥普", "王毅会见马里外长迪奥普"),
        ("Goïta's Mali", "Goïta's Mali"),
        ("two\n   lines", "two lines"),
    ],
)
def test_latex_is_decoded_in_text_fields(tmp_path, written, decoded):
    assert one(tmp_path, f"title = {{{written}}}").fields["title"] == decoded


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a~b",
        "https://example.org/a%20b#:~:text=x%2Dy",
        "https://en.wikipedia.org/wiki/Sadio_Camara",
        "https://function.mil.ru/news_page/more.htm?id=1@egNews",
    ],
)
def test_url_is_literal(tmp_path, url):
    reference = one(tmp_path, f"url = {{{url}}}")
    assert reference.url == url and "url" not in reference.fields


@pytest.mark.parametrize(
    "author, names",
    [
        ("Schogol, Jeff", [Name("Schogol", "Jeff")]),
        ("Jeff Schogol", [Name("Schogol", "Jeff")]),
        ("{U.S. Department of State}", [Name("U.S. Department of State", corporate=True)]),
        ("{{Ministry of Defence}}", [Name("Ministry of Defence", corporate=True)]),
        (
            "{Ministry of Defense and Veterans Affairs} and Doe, Jane",
            [Name("Ministry of Defense and Veterans Affairs", corporate=True), Name("Doe", "Jane")],
        ),
        ("Ludwig van Beethoven", [Name("Beethoven", "Ludwig", prefix="van")]),
        ("King, Jr., Martin Luther", [Name("King", "Martin Luther", suffix="Jr.")]),
        ("Fouch{\\'e}, Alexandra", [Name("Fouché", "Alexandra")]),
        ("刘上靖", [Name("刘上靖")]),
        ("Weinbaum, Cortney and others", [Name("Weinbaum", "Cortney"), Name("others")]),
    ],
)
def test_names_are_split_before_decoding(tmp_path, author, names):
    assert list(one(tmp_path, f"author = {{{author}}}").authors) == names


def test_aliases_take_biblatex_names(tmp_path):
    reference = one(tmp_path, "journal = {J}, address = {Paris}, school = {Sciences Po}", "article")
    assert reference.fields == {"journaltitle": "J", "location": "Paris", "institution": "Sciences Po"}


@pytest.mark.parametrize(
    "fields, date",
    [
        ("date = {2023}", PartialDate(2023)),
        ("date = {2023-08}", PartialDate(2023, 8)),
        ("date = {2023-08-17}", PartialDate(2023, 8, 17)),
        ("year = 2023", PartialDate(2023)),
        ("year = 2023, month = aug", PartialDate(2023, 8)),
        ("year = 2023, month = {8}", PartialDate(2023, 8)),
        ("year = 2023, month = {August}, day = 17", PartialDate(2023, 8, 17)),
        ("", None),
    ],
)
def test_dates(tmp_path, fields, date):
    assert one(tmp_path, fields).date == date


def test_urldate(tmp_path):
    assert one(tmp_path, "urldate = {2023-11-12}").urldate == PartialDate(2023, 11, 12)


@pytest.mark.parametrize(
    "fields, where, message",
    [
        ("date = {17 August 2023}", "5:3", "entry 'k', field 'date': date '17 August 2023' is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ("date = {2023-02-30}", "5:3", "entry 'k', field 'date': date '2023-02-30' does not exist"),
        ("year = {c. 2020}", "5:3", "entry 'k', field 'year': year 'c. 2020' is not a four-digit year"),
        ("year = 2023,\n  month = {Agust}", "6:3", "entry 'k', field 'month': month 'agust' is not a month (8, aug or August)"),
        ("month = aug", "5:3", "entry 'k', field 'month': month or day given without a year"),
        ("urldate = {yesterday}", "5:3", "entry 'k', field 'urldate': date 'yesterday' is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_malformed_dates_are_errors_at_the_field(tmp_path, fields, where, message):
    _, problems = load(tmp_path, "\n\n@online{k,\n  title = {T},\n  " + fields + "\n}\n")
    assert [str(p) for p in problems] == [f"a.bib:{where}: error: {message}"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("@online{k,\n  title = {T}},\n  url = {https://example.org},\n}\n",
         "a.bib:2:14: error: an extra '}' closes entry 'k' here: field url after it would be lost"),
        ("@online{k,\n  title = {T}\n  url = {https://example.org},\n}\n",
         "a.bib:2:3: error: entry 'k', field 'title': missing comma after this value: field 'url' below was read "
         "as part of it; put a ',' after each field"),
        ("@online{k,\n  title = {T},\n  url = {example.org/a},\n}\n",
         "a.bib:3:3: error: entry 'k', field 'url': 'example.org/a' is not a web address: it needs a scheme such as https://"),
        ("@online{k,\n  title = {T},\n  url = {https://example.org/a b},\n}\n",
         "a.bib:3:3: error: entry 'k', field 'url': 'https://example.org/a b' is not a web address: it contains a space"),
        ("@online{k,\n  title = {T},\n  publisher = pubb,\n}\n",
         "a.bib:3:3: error: entry 'k', field 'publisher': undefined @string macro 'pubb' (text goes in braces: {...})"),
        ("@online{k,\n  title = {T},\n  urldtae = {2020-01-02},\n}\n",
         "a.bib:3:3: warning: entry 'k', field 'urldtae': unknown field, not printed; did you mean 'urldate'?"),
        ("@online{k,\n  title = {T},\n  langid = {rusian},\n}\n",
         "a.bib:3:3: warning: entry 'k', field 'langid': unknown language 'rusian': its titles are not marked as "
         "another language (expected a name such as 'russian' or a language tag such as 'ru'); did you mean 'russian'?"),
    ],
)
def test_mistakes_that_would_lose_text_are_located_at_the_field(tmp_path, text, expected):
    _, problems = load(tmp_path, text)
    assert [str(p) for p in problems] == [expected]


def test_reference_manager_extras_are_silent(tmp_path):
    fields = "abstract = {A}, keywords = {k}, file = {a.pdf}, timestamp = {2020}, langid = {english}, isbn = {1}"
    references, problems = load(tmp_path, f"@online{{k,\n{fields}\n}}\n")
    assert [str(p) for p in problems] == [] and "k" in references


def test_string_macros_and_concatenation(tmp_path):
    references, problems = load(tmp_path, '@string{pub = "Test Press"}\n@String{Part = {Part }}\n'
                                '@book{k,\n  title = Part # "One",\n  publisher = pub # { Ltd},\n'
                                '  year = 2020, month = aug,\n}\n')
    assert [str(p) for p in problems] == []
    reference = references["k"]
    assert (reference.fields["title"], reference.fields["publisher"]) == ("Part One", "Test Press Ltd")
    assert reference.date == PartialDate(2020, 8)


def test_bytes_that_are_not_utf8_are_located(tmp_path):
    path = tmp_path / "a.bib"
    path.write_bytes("@book{k,\n  title = {Caf\xe9},\n}\n".encode("latin-1"))
    _, problems = load_bibliography([path], display_name=lambda p: p.name)
    assert [str(p) for p in problems] == ["a.bib:2:15: error: not UTF-8 text (byte 0xe9); save the file as UTF-8"]


def test_every_entry_type_and_unknown_types_as_misc(tmp_path):
    kinds = ("article online misc book report techreport incollection inproceedings "
             "thesis phdthesis mastersthesis video").split()
    text = "".join(f"@{k}{{{k}, title={{T}}}}\n" for k in kinds) + "@Patent{p, title={T}}\n"
    references, problems = load(tmp_path, text)
    assert {k: r.type for k, r in references.items()} == {**{k: k for k in kinds}, "p": "misc"}
    assert [str(p) for p in problems] == [
        "a.bib:13:1: warning: unknown entry type @patent; formatted as @misc"]


def test_malformed_block_is_reported_with_its_line_and_the_rest_still_loads(tmp_path):
    references, problems = load(
        tmp_path,
        "@online{good1, title={One}}\n\n@online{broken,\n  title = {unclosed\n\n"
        "@online{good2, title={Two}}\n",
    )
    assert sorted(references) == ["good1", "good2"]
    assert [str(p) for p in problems] == [
        "a.bib:3:1: error: malformed BibTeX: Unexpected block start: `@online`. "
        "Was still looking for field-value closing `}`"
    ]


def test_duplicate_field_is_an_error(tmp_path):
    _, problems = load(tmp_path, "@online{k, title={A}, title={B}}\n")
    assert [str(p) for p in problems] == ["a.bib:1:1: error: field given twice in one entry: title"]


def test_duplicate_key_in_one_file_keeps_the_first(tmp_path):
    references, problems = load(tmp_path, "@online{k, title={First}}\n\n@book{k, title={Second}}\n")
    assert references["k"].fields["title"] == "First"
    assert [str(p) for p in problems] == [
        "a.bib:3:1: error: duplicate key 'k' (first defined at a.bib:1:1)"]


def test_duplicate_key_across_files(tmp_path):
    references, problems = load(tmp_path, "@online{k, title={First}}\n", "\n@book{k, title={Second}}\n")
    assert references["k"].fields["title"] == "First"
    assert [str(p) for p in problems] == [
        "b.bib:2:1: error: duplicate key 'k' (first defined at a.bib:1:1)"]


def test_missing_file_is_an_error(tmp_path):
    references, problems = load_bibliography([tmp_path / "nowhere.bib"], lambda p: p.name)
    assert references == {}
    assert [str(p) for p in problems] == ["nowhere.bib: error: bibliography file not found"]


def test_position_of_each_entry(tmp_path):
    references, _ = load(tmp_path, "% comment\n\n@online{k, title={T}}\n")
    assert str(references["k"].pos) == "a.bib:3:1"
