"""The shipped corpus says what its sources say.

These tests load the repository's own `content/` and `gifts/` the way `summit
check` does and assert the facts a user relies on: the recorded disagreement
between sources, signatory counts and lists, the lineage of the statements on
training and support centres, and that every fact points at a source.

Signatory and participant lists are compared name by name with the public facts
file shipped beside the tests (`tests/data/nss-facts.yaml`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from summitkit.sources.check.project import Checked, check
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import Document, Statement

ROOT = Path(__file__).parents[1]
FACTS = Path(__file__).parent / "data" / "nss-facts.yaml"

BRIEF = "brief-coe-northeast-asia"
WHITE_HOUSE_2012 = "whitehouse-2012-nstsc-statement"
NSTSC_2012 = "seoul-2012-nstsc"
NSTSC_2014 = "hague-2014-nstsc"
NSTSC_2016 = "washington-2016-nstsc"
BASKET = "cjk-coe-collaboration-2014"

#: Names the facts file uses that differ from a state record's `name`.
ALIASES = {"Russia": "Russian Federation"}


@pytest.fixture(scope="module")
def checked() -> Checked:
    return check(ROOT)


@pytest.fixture(scope="module")
def corpus(checked: Checked) -> Corpus:
    return checked.corpus


@pytest.fixture(scope="module")
def facts() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    return data


def state_ids(corpus: Corpus, names: list[str]) -> list[str]:
    """State ids for the names the facts file uses, through the state records' names."""
    by_name = {state.name: state.id for state in corpus.states.values()}
    missing = [n for n in names if ALIASES.get(n, n) not in by_name]
    assert not missing, f"no state record is named {missing}"
    return [by_name[ALIASES.get(n, n)] for n in names]


def organization_ids(corpus: Corpus, names: list[str]) -> list[str]:
    by_short = {org.short_name: org.id for org in corpus.organizations.values()}
    assert set(names) <= set(by_short), f"no organization record for {set(names) - set(by_short)}"
    return [by_short[n] for n in names]


def signatory_states(document: Document) -> set[str]:
    return {s.state for s in document.signatories if s.state}


def signatory_organizations(document: Document) -> set[str]:
    return {s.organization for s in document.signatories if s.organization}


# -- the corpus is clean but for one recorded disagreement ---------------------


def test_the_corpus_has_no_errors(checked: Checked) -> None:
    assert [str(d) for d in checked.errors] == []


def test_the_only_warning_is_the_recorded_conflict_on_the_2012_statement(
    checked: Checked,
) -> None:
    assert [d.rule for d in checked.warnings] == ["claim/conflict"]
    (conflict,) = checked.warnings
    text = str(conflict)
    assert f"content/statements/{NSTSC_2012}.yaml" in text
    assert "signatories.kor" in text
    assert WHITE_HOUSE_2012 in text and BRIEF in text


def test_the_brief_agrees_with_the_white_house_on_china_and_japan(corpus: Corpus) -> None:
    statement = corpus.statements[NSTSC_2012]
    claims = {c.field: c.value for c in statement.claims}
    assert claims == {"signatories.kor": False, "signatories.chn": False, "signatories.jpn": True}
    assert "kor" in signatory_states(statement)
    assert "chn" not in signatory_states(statement)
    assert "jpn" in signatory_states(statement)
    (kor,) = [s for s in statement.signatories if s.state == "kor"]
    assert [c.source for c in kor.sources] == [WHITE_HOUSE_2012]


# -- the statements on training and support centres ------------------------------


def test_the_2012_statement_has_23_signatories(corpus: Corpus) -> None:
    statement = corpus.statements[NSTSC_2012]
    assert len(statement.signatories) == 23
    assert len(signatory_states(statement)) == 23
    assert statement.hosted_by == ["usa"]


def test_the_2014_gift_basket_records_no_signatories_and_says_why(corpus: Corpus) -> None:
    basket = corpus.statements[NSTSC_2014]
    assert basket.signatories == []
    assert basket.hosted_by == ["ita"]
    assert basket.summary is not None and "signatories" in basket.summary


def test_the_2016_statement_has_28_states_plus_interpol_and_the_un(corpus: Corpus) -> None:
    statement = corpus.statements[NSTSC_2016]
    assert len(signatory_states(statement)) == 28
    assert signatory_organizations(statement) == {"interpol", "un"}
    assert len(statement.signatories) == 30
    assert statement.hosted_by == ["ita"]


def test_the_lineage_runs_from_2012_through_2014_to_2016(corpus: Corpus) -> None:
    documents = corpus.documents
    assert documents[NSTSC_2016].follows == NSTSC_2014
    assert documents[NSTSC_2014].follows == NSTSC_2012
    assert documents[NSTSC_2012].follows is None
    rounds = [documents[i].round for i in (NSTSC_2012, NSTSC_2014, NSTSC_2016)]
    assert rounds == ["seoul-2012", "hague-2014", "washington-2016"]


# -- summits -----------------------------------------------------------------------


def test_seoul_2012_had_53_participating_states(corpus: Corpus) -> None:
    seoul = corpus.summits["seoul-2012"]
    assert len(seoul.participants) == len(set(seoul.participants)) == 53
    assert seoul.host == "kor"


def test_washington_2010_had_47_participating_states(corpus: Corpus) -> None:
    assert len(set(corpus.summits["washington-2010"].participants)) == 47


def test_later_rounds_give_a_count_not_an_inferred_list(corpus: Corpus) -> None:
    for round_id, count in (("hague-2014", "53"), ("washington-2016", "52")):
        summit = corpus.summits[round_id]
        assert summit.participants == []
        assert summit.participants_note is not None and count in summit.participants_note


# -- every fact points at a source ---------------------------------------------------


def test_every_statement_basket_and_commitment_cites_a_source(corpus: Corpus) -> None:
    records = [*corpus.statements.values(), *corpus.baskets.values(), *corpus.commitments.values()]
    uncited = [f"{r.kind} {r.id}" for r in records if not r.sources]
    assert uncited == []


def test_every_clause_cites_a_source(corpus: Corpus) -> None:
    uncited = [
        f"{document.id}#{clause.id}"
        for document in corpus.documents.values()
        for clause in document.clauses
        if not clause.sources
    ]
    assert uncited == []


def test_every_assessment_beyond_no_evidence_cites_a_source(corpus: Corpus) -> None:
    for commitment in corpus.commitments.values():
        for assessment in commitment.assessments:
            if assessment.status.value != "no evidence":
                assert assessment.sources, commitment.id
            assert assessment.evidence.strip(), commitment.id


# -- the trilateral gift-basket proposal -----------------------------------------------


def test_the_trilateral_basket_is_led_by_the_three_states(corpus: Corpus) -> None:
    basket = corpus.baskets[BASKET]
    assert basket.round == "hague-2014"
    assert basket.status.value == "draft"
    assert {*basket.lead, *basket.co_sponsors} == {"chn", "jpn", "kor"}
    assert basket.lead == ["kor"]
    assert len(basket.action_items) >= 3
    assert set(basket.invited) == {"idn", "mys", "phl", "sgp", "tha", "vnm"}


def test_each_trilateral_state_has_a_commitment(corpus: Corpus) -> None:
    makers = {c.made_by for c in corpus.commitments.values()}
    assert {"chn", "jpn", "kor"} <= makers


# -- lists compared with the public facts file ------------------------------------------


def statements_with_lists(facts: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for entry in facts["joint_statements"]:
        if entry.get("signatories"):
            yield entry


def find_statement(corpus: Corpus, title: str, round_id: str) -> Statement:
    found = [s for s in corpus.statements.values() if s.title == title and s.round == round_id]
    assert len(found) == 1, f"expected one statement titled {title!r} at {round_id}"
    return found[0]


def party_list(document: Document) -> list[str]:
    """The record's signatories in its order: states, then organizations."""
    states = [s.state for s in document.signatories if s.state]
    return [*states, *(s.organization for s in document.signatories if s.organization)]


def expected_list(corpus: Corpus, document: Document, facts: dict[str, Any]) -> list[str]:
    """The party list the facts file gives for one document, in the source's order."""
    if isinstance(document, Statement) and document.type.value == "communique":
        (summit,) = [s for s in facts["summits"] if s["id"] == document.round]
        entry = summit
        names = summit["participants"]
        organizations: list[str] = []
    else:
        entry = next(
            (
                e
                for e in statements_with_lists(facts)
                if (e["title"], e["round"])
                == (document.title.removesuffix(" (INFCIRC/869)"), document.round)
                or (e["title"].removesuffix(" (INFCIRC/869)"), e["round"])
                == (document.title, document.round)
            ),
            None,
        )
        assert entry is not None, f"{document.id} lists parties the facts file does not give"
        names = entry["signatories"]
        organizations = organization_ids(corpus, entry.get("organizations", []))
    del entry
    return [*state_ids(corpus, names), *organizations]


def test_every_party_list_is_its_source_s_list_in_its_order(
    corpus: Corpus, facts: dict[str, Any]
) -> None:
    """Every statement and basket that lists signatories lists exactly the parties
    its source gives, in the source's order: none missing, none extra, none unsupported."""
    compared = []
    for document in corpus.documents.values():
        if not document.signatories:
            continue
        assert party_list(document) == expected_list(corpus, document, facts), document.id
        compared.append(document.id)
    assert len(compared) >= 9
    assert "hague-2014-infcirc-869" in compared and "washington-2010-communique" in compared


def test_every_list_in_the_facts_file_is_in_the_corpus(
    corpus: Corpus, facts: dict[str, Any]
) -> None:
    """The other way round: no list the facts file gives is left out of the corpus."""
    for entry in statements_with_lists(facts):
        statement = find_statement(
            corpus, entry["title"].removesuffix(" (INFCIRC/869)"), entry["round"]
        )
        assert statement.signatories, statement.id


def test_a_partial_list_says_so_and_what_is_missing(corpus: Corpus, facts: dict[str, Any]) -> None:
    for entry in statements_with_lists(facts):
        statement = find_statement(
            corpus, entry["title"].removesuffix(" (INFCIRC/869)"), entry["round"]
        )
        summary = statement.summary or ""
        if "partial" in entry:
            assert "partial" in summary and "missing" in summary, statement.id
        else:
            assert "partial" not in summary, statement.id


def test_infcirc_869_later_subscribers_are_sourced_not_listed(
    corpus: Corpus, facts: dict[str, Any]
) -> None:
    """China and India subscribed after The Hague: the source that says so is the
    2016 progress highlights, not the White House list (which does not name them)."""
    (entry,) = [e for e in facts["joint_statements"] if "INFCIRC/869" in e["title"]]
    statement = corpus.statements["hague-2014-infcirc-869"]
    later = state_ids(corpus, entry["later_subscribers"])
    assert later == ["chn", "ind"]
    assert not set(later) & set(party_list(statement))
    cited = {c.source for c in statement.sources}
    assert "nss2016-national-progress-highlights" in cited
    for state in later:
        sources = {c.source for c in corpus.states[state].sources}
        assert "whitehouse-infcirc-869-update" not in sources, state
        assert "nss2016-national-progress-highlights" in sources, state
    jordan = next(s for s in statement.signatories if s.state == "jor")
    assert str(jordan.date) == "2015-11-13"


def test_participants_match_the_facts_file(corpus: Corpus, facts: dict[str, Any]) -> None:
    for summit in facts["summits"]:
        record = corpus.summits[summit["id"]]
        if "participants" in summit:
            assert set(record.participants) == set(state_ids(corpus, summit["participants"]))
        else:
            assert record.participants == []
