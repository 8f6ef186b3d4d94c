"""A realistic numbered Report built by hand, for writer tests that need no parser.

Shaped like the published Russia-in-Mali report: twelve instruments with findings and
» evidence, about a hundred notes (Cyrillic, Chinese and French titles, long URLs),
a glance table, low-confidence ratings, and one of every generic block.
"""

from __future__ import annotations

from ruamel.yaml import YAML

from mdime_publish.model import document as m
from mdime_publish.model.build import rating_lines
from mdime_publish.series import Series, default_series_text

CYRILLIC_TITLE = "Россия и Мали заключили межправительственное соглашение о военном сотрудничестве"
CHINESE_TITLE = "中国同马里的关系"
LONG_URL = (
    "https://datareportal.com/reports/digital-2022-mali#:~:text=Internet%20use%20in%20Mali"
    "%20in%202022&text=Mali's%20internet%20penetration%20rate%20stood"
)

RATINGS = {
    "D1": ("medium", "increasing"), "D2": ("low", "increasing"), "D3": ("low", "steady"),
    "I1": ("high", "steady"), "I2": ("low", "increasing"), "I3": ("unobserved", "unknown", "low"),
    "M1": ("medium", "increasing"), "M2": ("very-high", "increasing"), "M3": ("medium", "steady"),
    "E1": ("high", "increasing"), "E2": ("unobserved", "unknown", "low"), "E3": ("very-low", "decreasing"),
}


def series() -> Series:
    return Series.model_validate(YAML(typ="safe").load(default_series_text()))


def t(text: str) -> m.Text:
    return m.Text(text=text)


def strong(text: str) -> m.Strong:
    return m.Strong(children=[t(text)])


def para(*children: m.Inline) -> m.Paragraph:
    return m.Paragraph(children=list(children))


class Notes:
    """Hands out note markers in reading order and keeps each note's text."""

    def __init__(self) -> None:
        self.notes: list[m.Note] = []

    def ref(self, *content: m.Inline, form: str = "full") -> m.NoteRef:
        number = len(self.notes) + 1
        self.notes.append(m.Note(number=number, content=list(content), form=form))
        return m.NoteRef(number=number)

    def source(self, outlet: str, n: int) -> m.NoteRef:
        return self.ref(
            t(f"Author {n}, A. “Report number {n} on military cooperation.” {outlet}. March {1 + n % 27}, 2023. "),
            m.Link(url=f"https://www.example.org/{outlet.lower().replace(' ', '-')}/2023/{n}", children=[
                t(f"https://www.example.org/{outlet.lower().replace(' ', '-')}/2023/{n}")
            ]),
        )


def findings(notes: Notes, code: str, name: str) -> m.Findings:
    items = []
    for lead_no in range(3):
        lead = [strong(f"{code} lead judgement {lead_no + 1}: the benefactor's use of {name.lower()} "
                       f"shapes the recipient's armed forces in measurable ways."), notes.source("Reuters", len(notes.notes))]
        evidence = [
            m.ListItem(blocks=[para(
                t(f"Evidence {e + 1} for {code}: officials met in Bamako and Moscow to discuss training, "
                  "equipment deliveries worth about $11 million a month, and the presence of advisers "
                  "at bases in the north of the country."),
                notes.source("Le Monde", len(notes.notes)),
                *( [notes.source("BBC", len(notes.notes))] if e == 1 else [] ),
            )])
            for e in range(2 if lead_no < 2 else 1)
        ]
        items.append(m.Finding(lead=lead, evidence=evidence))
    return m.Findings(items=items)


def generic_blocks(notes: Notes) -> list[m.Block]:
    """One of each generic block, as an author may write under an instrument."""
    cell = lambda text, align="": m.TableCell(children=[t(text)], align=align)  # noqa: E731
    return [
        m.Heading(level=3, children=[t("Deliveries by year")]),
        m.Table(header=[cell("Year"), cell("Item"), cell("Units", "right")],
                rows=[[cell("2021"), cell("Mi-171 helicopters"), cell("4", "right")],
                      [cell("2022"), cell("L-39 trainers"), cell("6", "right")]]),
        m.BlockQuote(blocks=[para(m.Emph(children=[t("“We buy where we can.”")]), notes.source("MEMRI TV", 0))]),
        m.OrderedList(start=1, items=[m.ListItem(blocks=[para(t("first step"))]),
                                      m.ListItem(blocks=[para(t("second step"))])]),
        m.BulletList(items=[m.ListItem(blocks=[para(t("a plain bullet"))])]),
        m.CodeBlock(text="<script>alert('x')</script>"),
        m.ThematicBreak(),
    ]


def build_report(status: str = "final") -> m.Report:
    s = series()
    notes = Notes()
    names = {"possessive": "Russia's", "recipient": "Mali"}
    introduction = [
        para(t("Relations between Mali and the Soviet Union began in 1960, when Moscow recognized the new state."),
             notes.ref(t(f"“{CYRILLIC_TITLE}.” (Russia and Mali signed an intergovernmental agreement on military "
                         "cooperation.) Ministry of Defense of the Russian Federation. June 25, 2019.")),
             t(" Beijing followed within weeks."),
             notes.ref(t(f"“{CHINESE_TITLE}.” (China-Mali relations.) Ministry of Foreign Affairs of the People's "
                         "Republic of China. 2023. "), m.Link(url=LONG_URL, children=[t(LONG_URL)])),
             notes.ref(t("Ibid."), form="ibid")),
        *[para(t("The Sahel has become a focal point of global affairs, and the ruling junta now relies on "
                 "Moscow for counterterrorism aid, training and equipment. " * 3), notes.source("Atlantic Council", i))
          for i in range(3)],
    ]
    glance = [
        m.GlanceRow(label="Capital", value=[t("Bamako "), notes.source("CIA", 1)]),
        m.GlanceRow(label="Population", value=[t("23,457,965 (2023 estimate) "), notes.source("Worldometer", 2)]),
        m.GlanceRow(label="GDP per Capita", value=[t("$2,100 (2021 estimate) "), notes.source("World Bank", 3)]),
        m.GlanceRow(label="Armed Service Branches", value=[
            strong("Malian Armed Forces"), t(" (Forces Armées Maliennes or FAMA): Land Forces, "),
            strong("Air Force"), t("; "), strong("National Guard"), t(" "), notes.source("CIA", 4)]),
    ]
    categories = []
    for c in s.categories:
        intro = [para(t(f"{c.name} instruments have given Russia a growing say in Mali's military affairs "
                        "since the 2021 coup. " * 2))]
        instruments = []
        for i in c.instruments:
            current, projected, *confidence = RATINGS[i.code]
            cur, proj = s.current(current), s.projected(projected)
            rating = m.Rating(
                current=m.Level(id=cur.id, label=cur.label),
                projected=m.Level(id=proj.id, label=proj.label),
                confidence=m.Level(id="low", label="Low") if confidence else None,
            )
            blocks: list[m.Block] = [findings(notes, i.code, i.name)]
            if i.code == "E1":
                blocks += generic_blocks(notes)
            instruments.append(m.InstrumentSection(code=i.code, name=i.name, short_name=i.short,
                                                   title=f"{i.code} - {i.name}", rating=rating,
                                                   rating_lines=rating_lines(s, rating), blocks=blocks))
        categories.append(m.CategorySection(code=c.code, name=c.name, title=f"{c.code} - {c.name} Influence",
                                            intro=intro, instruments=instruments))
    conclusions = [
        para(m.Emph(children=[strong("Russia's military influence in Mali is high and growing.")]),
             t(" Wagner's entrenchment (M2) and arms transfers (E1) carry most of it."), notes.source("Brookings", 5)),
        para(m.Emph(children=[strong("The next three years favour Moscow.")]),
             t(" Training (D2) and diplomacy (D1) will deepen the ties."), notes.source("DW", 6)),
    ]
    report = m.Report(
        series=s, source="content/mali/russia.md", benefactor_id="russia", benefactor="Russia",
        adjective="Russian", possessive="Russia's", recipient="Mali", recipient_id="mali",
        date="2024-05", date_label="May 2024", status=status,
        title="Instruments of Russian Military Influence in Mali",
        authors=[
            m.Author(id="winter", name="Lucas Winter", honorific="Mr.", letter="a",
                     bio=[t("is the senior analyst for the Middle East and North Africa at FMSO.")]),
            m.Author(id="warner", name="Jason Warner", honorific="Dr.", letter="b",
                     bio=[t("directs research at FMSO.")]),
            m.Author(id="betts", name="Christopher Betts", honorific="Mr.", letter="c",
                     bio=[t("is a research fellow at FMSO.")]),
        ],
        overview=overview(s),
        overall=m.Rating(current=m.Level(id="medium", label="Medium"),
                         projected=m.Level(id="increasing", label="Increasing")),
        key_current=m.KeyAssessment(
            opening=s.key_assessments.current_opening.format(level="Medium", **names),
            lead_in=[t(s.key_assessments.current_lead_in.format(**names))],
            highlights=[
                m.Highlight(code="M2", name="Shared Informal/Multilateral Military Engagements",
                            children=[t("The Wagner Group has entrenched itself in Mali.")]),
                m.Highlight(code="E1", name="Arms Transfers",
                            children=[t("About 80 percent of Malian military equipment comes from Russia.")]),
            ]),
        key_projected=m.KeyAssessment(
            opening=s.key_assessments.projected_opening.format(level="Increasing", **names),
            lead_in=[t(s.key_assessments.projected_lead_in.format(**names))],
            highlights=[m.Highlight(code="D2", name="International Military Education and Training",
                                    children=[t("Scholarships for Malian officers rose from 35 to 290 in 2023.")]),
                        m.Highlight(children=[t("A bullet with no instrument code.")])]),
        introduction_title="Introduction to Russia-Mali Military Relations",
        introduction=introduction,
        glance_title="Mali at a Glance",
        glance=glance,
        categories=categories,
        conclusions=conclusions,
    )
    report.notes = notes.notes
    return report


def overview(s: Series) -> list[m.Block]:
    blocks: list[m.Block] = [para(t("The Military DIME (M-DIME) Research Project compares how China and Russia "
                                    "use the instruments of national power to win military influence. " * 3)),
                             para(strong("The framework distinguishes twelve instruments:"))]
    for c in s.categories:
        blocks.append(m.Heading(level=3, children=[t(f"{c.name} Instruments")]))
        blocks.append(m.BulletList(items=[m.ListItem(blocks=[para(strong(i.code), t(f" {i.name}"))])
                                          for i in c.instruments]))
    blocks += [para(t("All findings come from open sources. " * 12)) for _ in range(3)]
    return blocks
