"""Example reports' front matter to the ratings tests expect, read straight from the YAML.

Independent of the package: the labels and names below are the framework as the
specification states it, so a wrong label or lookup in the code shows as a failure.
"""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from conftest import PROJECT

EXAMPLES = [PROJECT / "content" / "mali" / "russia.md", PROJECT / "content" / "mali" / "china.md"]

CURRENT = {"very-high": "Very High", "high": "High", "medium": "Medium", "low": "Low",
           "very-low": "Very Low", "unobserved": "Unobserved"}
CURRENT_SHORT = {"very-high": "VH", "high": "H", "medium": "M", "low": "L", "very-low": "VL", "unobserved": "U"}
PROJECTED = {"increasing": "Increasing", "steady": "Steady", "decreasing": "Decreasing", "unknown": "Unknown"}
ARROW = {"increasing": "\u2191", "steady": "\u2192", "decreasing": "\u2193", "unknown": "?"}
CONFIDENCE = {"low": "Low", "moderate": "Moderate", "high": "High"}
CONFIDENCE_MARK = {"low": "*", "moderate": "\u2020", "high": "\u2021"}
CATEGORY = {"D": "Diplomatic", "I": "Informational", "M": "Military", "E": "Economic"}
INSTRUMENT = {
    "D1": "Defense-Related Diplomacy",
    "D2": "International Military Education and Training",
    "D3": "Soft Power Activities",
    "I1": "Cultural and Media Outreach, Collaboration, and Alignment",
    "I2": "Information and Communications Technology (ICT) Support",
    "I3": "Cooperation in Military Intelligence and Communications",
    "M1": "Formal Bilateral Military Engagements",
    "M2": "Shared Informal/Multilateral Military Engagements",
    "M3": "Defense/Security Pacts and Agreements",
    "E1": "Arms Transfers",
    "E2": "Technology-Sharing and Joint Production Agreements",
    "E3": "Trade and Cooperation in Strategic Commodities/Sectors",
}


def front_matter(path: Path) -> dict:
    """The YAML between the report's first two '---' lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    end = lines.index("---", 1)
    return YAML(typ="safe").load("\n".join(lines[1:end]))


def ratings(path: Path) -> dict[str, dict]:
    """Code (D1 ... E3, then 'overall') -> {current, projected, confidence?} as written."""
    doc = front_matter(path)
    return {**doc["ratings"], "overall": doc["overall"]}
