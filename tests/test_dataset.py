"""`mdime dataset`: every rating of the examples, as CSV and JSON, equals the front matter."""

from __future__ import annotations

import csv
import io
import json

from conftest import PROJECT
from example_ratings import CATEGORY, CONFIDENCE, CURRENT, EXAMPLES, INSTRUMENT, PROJECTED, front_matter, ratings

from mdime_publish.dataset import COLUMNS


def expected_rows(path) -> list[dict[str, str]]:
    """The 13 rows (12 instruments, then overall) a report's front matter calls for."""
    doc = front_matter(path)
    benefactor = doc["benefactor"]
    rows = []
    for code, rating in ratings(path).items():
        overall = code == "overall"
        rows.append({
            "recipient": doc["recipient"],
            "recipient_id": doc["recipient"].lower(),
            "benefactor": benefactor.capitalize(),
            "benefactor_id": benefactor,
            "date": str(doc["date"]),
            "status": doc["status"],
            "code": code,
            "category": "" if overall else CATEGORY[code[0]],
            "instrument": "Overall" if overall else INSTRUMENT[code],
            "current": rating["current"],
            "current_label": CURRENT[rating["current"]],
            "projected": rating["projected"],
            "projected_label": PROJECTED[rating["projected"]],
            "confidence": rating.get("confidence", ""),
            "source": str(path.relative_to(PROJECT)),
        })
    return rows


def by_report(rows: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in rows:
        out.setdefault(row["source"], []).append(row)
    return out


def test_csv_rows_equal_the_front_matter(run):
    status, out, err = run("dataset", cwd=PROJECT)
    assert status == 0, err
    assert out.splitlines()[0] == ",".join(COLUMNS)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 26
    got = by_report(rows)
    for path in EXAMPLES:
        expected = expected_rows(path)
        assert len(expected) == 13
        assert got[str(path.relative_to(PROJECT))] == expected
    assert {r["confidence"] for r in rows} >= {"", "low"}
    assert set(CONFIDENCE) >= {r["confidence"] for r in rows} - {""}


def test_json_holds_the_same_rows_as_csv(run, tmp_path):
    target = tmp_path / "ratings.JSON"
    status, out, err = run("dataset", "--out", target, cwd=PROJECT)
    assert (status, out) == (0, ""), err
    assert "wrote" in err and "2 reports" in err
    rows = json.loads(target.read_text(encoding="utf-8"))
    assert all(list(row) == list(COLUMNS) for row in rows)
    _, csv_text, _ = run("dataset", cwd=PROJECT)
    assert rows == list(csv.DictReader(io.StringIO(csv_text)))
    for path in EXAMPLES:
        assert by_report(rows)[str(path.relative_to(PROJECT))] == expected_rows(path)


def test_csv_file_and_one_path(run, tmp_path):
    target = tmp_path / "russia.csv"
    status, _, err = run("dataset", EXAMPLES[0], "--out", target, cwd=PROJECT)
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows == expected_rows(EXAMPLES[0])


def test_levels_as_written_become_ids(mini, run):
    status, out, err = run("dataset", cwd=mini)
    assert status == 0, err
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(out))}
    assert (rows["M2"]["current"], rows["M2"]["current_label"]) == ("very-high", "Very High")  # 'Very High'
    assert (rows["I2"]["current"], rows["D2"]["projected"]) == ("very-low", "steady")  # 'very_low', 'Steady'
    assert rows["overall"]["recipient_id"] == "testland"


def test_unknown_extension_is_a_usage_error(run, tmp_path):
    target = tmp_path / "ratings.xlsx"
    status, out, err = run("dataset", "--out", target, cwd=PROJECT)
    assert status == 2
    assert "unknown format '.xlsx'" in err and ".csv or .json" in err
    assert not target.exists() and out == ""


def test_a_report_with_errors_is_reported_and_the_rest_written(mini, run):
    good = mini / "content" / "testland" / "russia.md"
    bad = good.with_name("china.md")
    bad.write_text(good.read_text(encoding="utf-8").replace("benefactor: russia", "benefactor: china")
                   .replace("E3: {current: medium", "E3: {current: meduim"), encoding="utf-8")
    status, out, err = run("dataset", cwd=mini)
    assert status == 1
    assert "china.md:" in err and ": error: ratings.E3.current" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 13 and {r["benefactor_id"] for r in rows} == {"russia"}
