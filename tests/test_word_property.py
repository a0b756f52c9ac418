"""Property: for any tracked edits by up to three authors, written as Word writes them
into a printed DOCX, accepting every imported proposal gives the text Word's "Accept
all changes" gives (read by tests/wordkit.py, independently of the importer), and each
change belongs to the delegation of the markup's `w:author`.

The edits: per clause, words inserted after a word, deleted or replaced (at least
three words apart, so that two delegations' changes never claim the same words), the
whole clause emptied (its mark kept), or the clause split in two (a tracked Enter);
and at most one new paragraph after each clause.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import pytest
import wordkit
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from test_import_docx import BASE, BEN, CHEN, KIM, print_statement
from wordkit import q

from summitkit.drafting.accept import apply_change
from summitkit.exchange.word.returns import import_docx
from summitkit.sources.schema import Proposal

WORDS = {
    "op1": "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima",
    "op2": "mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray",
    "op3": "amber birch cedar dune ember fjord grove heath islet jetty knoll larch",
}
STATEMENT = """\
id: joint-2012
title: Joint statement on training centres
round: seoul-2012
status: circulated
revision: 2
lead: [usa]
signatories: [usa, jpn]
clauses:
""" + "".join(f"  - id: {c}\n    text: {w}.\n" for c, w in WORDS.items())
AUTHORS = {BEN: "jpn", CHEN: "chn", KIM: "kor"}
DATE = "2012-03-20T09:30:00Z"


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return print_statement(tmp_path_factory.mktemp("property"), STATEMENT)


author = st.sampled_from(sorted(AUTHORS))
word_edit = st.tuples(st.sampled_from(["insert", "delete", "replace"]), author)
clause_edit = st.one_of(
    st.tuples(st.just("words"), st.dictionaries(st.integers(0, 11), word_edit, max_size=4)),
    st.tuples(st.just("empty"), author),
    st.tuples(st.just("split"), st.tuples(st.integers(1, 11), author)),
)
edits = st.fixed_dictionaries(
    {
        "clauses": st.dictionaries(st.sampled_from(sorted(WORDS)), clause_edit, max_size=3),
        "new": st.dictionaries(st.sampled_from(sorted(WORDS)), author, max_size=2),
    }
)


def revision(kind: str, who: str, number: int) -> etree._Element:
    return etree.Element(q(kind), {q("id"): str(number), q("author"): who, q("date"): DATE})


def run(text: str, deleted: bool = False) -> etree._Element:
    element = etree.Element(q("r"))
    holder = etree.SubElement(element, q("delText" if deleted else "t"))
    holder.text = text
    holder.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return element


def write(source: Path, target: Path, plan: dict) -> set[str]:  # type: ignore[type-arg]
    """The DOCX with `plan`'s edits in Word's markup; returns the authors used."""
    editor = wordkit.Editor(source)
    used: set[str] = set()
    number = 5000
    for clause, words in WORDS.items():
        paragraph = editor.paragraph(clause)
        for child in list(paragraph):
            if child.tag == q("r"):
                paragraph.remove(child)
        end = paragraph.find(q("bookmarkEnd"))
        pieces: list[etree._Element] = []
        kind, detail = plan["clauses"].get(clause, ("words", {}))
        if kind == "empty":
            number += 1
            deletion = revision("del", detail, number)
            deletion.append(run(words + ".", True))
            pieces.append(deletion)
            used.add(detail)
        elif kind == "split":
            # Enter pressed after word k with Track Changes on: the first paragraph's
            # mark is the inserted one (ECMA-376 §17.13.5.16), the rest keeps the old.
            k, who = detail
            split = words.split()
            pieces.append(run(" ".join(split[:k]) + " "))
            rest = etree.Element(q("p"))
            rest.append(copy.deepcopy(paragraph.find(q("pPr"))))
            rest.append(run(" ".join(split[k:]) + "."))
            paragraph.addnext(rest)
            marks = etree.SubElement(paragraph.find(q("pPr")), q("rPr"))
            number += 1
            marks.append(revision("ins", who, number))
            used.add(who)
        else:
            taken: list[int] = []
            for position in sorted(detail):
                if all(abs(position - t) >= 3 for t in taken):
                    taken.append(position)
            for i, word in enumerate(words.split()):
                op, who = detail.get(i, (None, "")) if i in taken else (None, "")
                if i and op != "delete":
                    pieces.append(run(" "))
                number += 1
                if op in ("delete", "replace"):
                    # Word selects a word with the space before it (the first: after it).
                    gone = word if op == "replace" else f" {word}" if i else f"{word} "
                    deletion = revision("del", who, number)
                    deletion.append(run(gone, True))
                    pieces.append(deletion)
                else:
                    pieces.append(run(word))
                if op in ("insert", "replace"):
                    insertion = revision("ins", who, number + 500)
                    insertion.append(run(f"{' ' if op == 'insert' else ''}new{number}"))
                    pieces.append(insertion)
                if op:
                    used.add(who)
            pieces.append(run("."))
        for piece in pieces:
            end.addprevious(piece)
        if clause in plan["new"]:
            who = plan["new"][clause]
            new = etree.Element(q("p"))
            properties = copy.deepcopy(paragraph.find(q("pPr")))
            marks = etree.SubElement(properties, q("rPr"))
            marks.append(revision("ins", who, number + 900))
            new.append(properties)
            insertion = revision("ins", who, number + 901)
            insertion.append(run(f"A new paragraph after {clause}."))
            new.append(insertion)
            paragraph.addnext(new)
            used.add(who)
    editor.save(target)
    return used


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=edits)
@example(  # each kind of edit at least once, whatever the draw
    plan={
        "clauses": {
            "op1": ("words", {0: ("insert", BEN), 4: ("replace", CHEN), 9: ("delete", KIM)}),
            "op2": ("split", (5, CHEN)),
            "op3": ("empty", KIM),
        },
        "new": {"op1": BEN},
    }
)
def test_accepting_the_imported_proposals_is_accepting_all_in_word(
    printed: tuple[Path, Path],
    plan: dict,  # type: ignore[type-arg]
) -> None:
    root, docx = printed
    emptied = {c for c, (kind, _) in plan["clauses"].items() if kind == "empty"}
    split = {c for c, (kind, _) in plan["clauses"].items() if kind == "split"}
    assume(len(emptied) < len(WORDS) and not (emptied | split) & set(plan["new"]))
    with tempfile.TemporaryDirectory() as folder:
        received = Path(folder) / "back.docx"
        used = write(docx, received, plan)
        imported = import_docx(received, root, dry_run=True)
        accepted = wordkit.paragraphs(received, "accept")
    start = next(i for i, p in enumerate(accepted) if p.startswith("Seoul Nuclear")) + 1
    end = accepted.index("Signatories")
    word = [p for p in accepted[start:end] if p]

    text = (root / BASE).read_text("utf-8")
    parties = set()
    changes = []
    for record in imported.proposals:
        proposal = Proposal.model_validate(yaml.safe_load(record.text))
        (party,) = proposal.by
        parties.add(party)
        assert proposal.received_from is not None
        assert {AUTHORS[a] for a in proposal.received_from.authors} == {party}
        changes += [(proposal.id, change) for change in proposal.changes]
    # Accepting all: each change where it belongs, deletions last (an insert names the
    # clause it follows, which must still be there).
    for label, change in sorted(changes, key=lambda c: c[1].delete is not None):
        text = apply_change(text, change, label)
    result = [" ".join(c["text"].split()) for c in yaml.safe_load(text)["clauses"]]
    assert result == word
    assert parties == {AUTHORS[a] for a in used}
