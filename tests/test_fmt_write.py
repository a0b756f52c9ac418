"""A record written straight in fmt's layout (`drafting/layout/fmt_write.py`) is, byte for byte,
what `summit fmt` makes of the same values dumped plainly; where the writer cannot
promise that, it says so (None) and the caller lays out with fmt."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import yaml

from summitkit.drafting.layout.fmt import format_text
from summitkit.drafting.layout.fmt_write import write_record
from summitkit.exchange.word.records import as_read
from summitkit.sources.core.layout import FOLDERS
from summitkit.sources.records.loader import load_bytes

DATA = Path(__file__).parent / "data"


def dumped(data: dict[str, Any]) -> str:
    """The values as an importer dumped them before the writer: libyaml, no layout."""
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)


def test_every_record_of_the_test_data_is_written_as_fmt_lays_it_out() -> None:
    written = 0
    for path in sorted(DATA.rglob("*.yaml")):
        kind = next((k for f, k in FOLDERS.items() if path.parent.as_posix().endswith(f)), None)
        if kind is None or "hostile" in path.parts or "invalid" in path.parts:
            continue
        data = yaml.safe_load(path.read_text("utf-8"))
        if not isinstance(data, dict):
            continue
        text = write_record(data, kind)
        if text is not None:
            assert text == format_text(dumped(data), kind), path
            written += 1
    assert written > 20  # the others hold what is left to fmt (sources, sorted lists)


PIECES = [
    "a", "b c", "Clause", " ", ":", ": ", "a:b", "#", " #", "- ", "?", "'", '"', "\\", "\t",
    "\n", "\n\n", "é", "日本", "\u2028", "\x85", "\ufeff", "true", "yes", "null", "1", "0x1",
    "1.5", "2012-01-01", "~", "[", "]", "{", "}", ",", "*", "&", "!", "%", "@", "`", "|",
    ">", "...", "---", "\r", "\x07", "\U0001f600", "\u00a0", "“quoted”", "—", "(a)", "x,y",
]  # fmt: skip


WORDS = ["Clause", "the text", "é", "日本", "“quoted”", "— x", "(a) ", "(b)", "2nd", "a:b", "op3"]


def text(rng: random.Random, lines: bool = False) -> str:
    """Mostly words, now and then an awkward piece (or a line break, with `lines`)."""
    pieces = [*PIECES, "\n"] if lines else PIECES
    drawn = (rng.choice(WORDS if rng.random() < 0.98 else pieces) for _ in range(3))
    return "".join(drawn)


def proposal(rng: random.Random) -> dict[str, Any]:
    """A proposal as an import makes one, with values drawn from awkward pieces."""
    changes: list[dict[str, Any]] = []
    for _ in range(rng.randint(1, 4)):
        clause = rng.choice(["c1", "op3", text(rng)])
        kind = rng.choice(["replace", "delete", "insert", "substitute"])
        if kind == "replace":
            changes.append({"replace": {"clause": clause, "old": text(rng), "new": text(rng)}})
        elif kind == "delete":
            changes.append({"delete": clause})
        elif kind == "insert":
            body = {"after": clause, "id": f"{clause}-jpn1", "kind": "operative"}
            changes.append({"insert": {**body, "text": text(rng, lines=True)}})
        else:
            changes.append({"substitute": {"clause": clause, "text": text(rng)}})
    authors = [text(rng) for _ in range(rng.randint(1, 3))]
    data: dict[str, Any] = {
        "id": "jpn-s1-2012-03-20",
        "document": "s1",
        "by": [rng.choice(["jpn", text(rng)])],
        "date": dt.date(2012, 3, 20),
        "status": "tabled",
        "changes": changes,
    }
    if rng.random() < 0.5:
        data["note"] = text(rng, lines=True) + "\n"
    data["against"] = {rng.choice(["c1", text(rng)]): "sha256:08bf33f9a50c88ce"}
    if rng.random() < 0.3:
        data["sensitivity"] = "TLP:AMBER"
    data["received_from"] = {
        "party": "jpn",
        "file": rng.choice(["back.docx", text(rng)]),
        "sha256": "d98cf28eece108c57f63a55d062b703e21cfc22afe27174454163a5ad0c2ec14",
        "authors": authors,
        "date": dt.date(2012, 3, 20),
        "by": "chair",
    }
    return data


def test_random_proposals_are_written_as_fmt_lays_them_out_or_left_to_fmt() -> None:
    rng = random.Random(34)
    written = 0
    for _ in range(3000):
        data = proposal(rng)
        text = write_record(data, "proposal")
        if text is not None:
            assert text == format_text(dumped(data), "proposal"), data
            # ... and it reads back as exactly its values, with nothing to report: the
            # import validates those values without parsing the text again.
            raw, problems = load_bytes(text.encode(), Path("p.yaml"), "proposal", "p.yaml")
            assert raw is not None and raw.data == as_read(data) and not problems, data
            written += 1
    assert written > 100  # the writer is used, not only refused


def test_a_long_party_list_and_a_note_of_many_lines() -> None:
    data: dict[str, Any] = {
        "id": "p1",
        "document": "s1",
        "by": [f"party{n}" for n in range(20)],
        "date": dt.date(2012, 3, 20),
        "status": "tabled",
        "changes": [{"delete": "c1"}],
        "note": "Ben Sherpa, c1: a note\n\nAnd a reply (resolved)\n",
        "received_from": {"party": "jpn", "authors": ["Ben Sherpa", "Delegate of Japan"]},
    }
    text = write_record(data, "proposal")
    assert text is not None and "by:\n  - party0\n" in text and "note: |\n  Ben" in text
    assert text == format_text(dumped(data), "proposal")


def test_what_needs_quotes_or_sorting_is_left_to_fmt() -> None:
    base = {"id": "p1", "document": "s1", "by": ["jpn"], "changes": [{"delete": "c1"}]}
    assert write_record({**base, "note": "yes"}, "proposal") is None
    assert write_record({**base, "by": ["a, b"]}, "proposal") is None
    assert write_record({**base, "by": []}, "proposal") is None
    assert write_record({"id": "s1", "signatories": ["kor", "jpn"]}, "statement") is None
