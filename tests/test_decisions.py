"""The chair's decisions as commands (`summit proposal …`, `summit clause …`): each
edits a line or two, keeps comments, leaves every file as `summit fmt` writes it,
appends to the proposal's history, and refuses with the sources byte-identical and a
diagnostic that says what to do first. Real git in throwaway repositories."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import summit, write_minimal_repo
from consolekit import console_steps, normalised, printed
from gitkit import GIT_ENV, git

from summitkit.drafting.layout.fmt import format_tree
from summitkit.sources.check.project import check

STATEMENT = """\
# The statement under negotiation; this comment stays.
id: js
title: Joint statement
round: seoul-2012
clauses:
  - id: pp1
    kind: preambular
    text: |
      Recalling the summit,
    status: agreed
  # op1 is the heart of it
  - id: op1
    text: |
      The states will share information after each summit round.
    status: open  # still open
  - id: op2
    text: |
      Each centre names a contact.
    status: open
    alternatives:
      - text: Each state names a contact.
        by: [kor]
  - id: op3
    text: |
      The centres will meet again.
sources: [fact-sheet]
"""

CHINA = "id: chn\niso3: CHN\nname: China\nshort_name: China\n"
ROUND = "content/summits/seoul-2012.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = write_minimal_repo(
        tmp_path / "repo",
        {"content/statements/js.yaml": STATEMENT, "content/states/chn.yaml": CHINA},
    )
    summit_file = root / ROUND
    summit_file.write_text(
        summit_file.read_text().replace("[jpn, kor]", "[chn, jpn, kor]"), encoding="utf-8"
    )
    format_tree(root)  # the minimal records as summit fmt writes them: a clean start
    git(root, "init", "-q")
    commit(root, "Base text")
    return root


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")


def run(root: Path, *args: str) -> str:
    """Run a command that must succeed; every file is as `summit fmt` writes it after."""
    result = summit(*args, "--path", root)
    assert result.exit_code == 0, result.output
    assert format_tree(root, write=False).changed == [], "not as summit fmt writes it"
    assert check(root).errors == []
    return result.stdout


def refused(root: Path, *args: str) -> str:
    """Run a command that must be refused and leave every file byte for byte."""
    before = files(root)
    result = summit(*args, "--path", root)
    assert result.exit_code == 1, result.output
    assert files(root) == before
    return result.stderr


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def record(root: Path, relative: str) -> dict[str, object]:
    loaded = yaml.safe_load((root / relative).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def history(root: Path, proposal: str) -> list[dict[str, object]]:
    entries = record(root, f"content/proposals/{proposal}.yaml")["history"]
    assert isinstance(entries, list)
    return [{k: str(v) for k, v in entry.items()} for entry in entries]


# -- proposals ------------------------------------------------------------------------


def test_proposal_new_writes_an_explicit_record_whose_id_carries_the_delegation(
    repo: Path,
) -> None:
    head = git(repo, "rev-parse", "HEAD")
    out = run(
        repo, "proposal", "new", "js", "--by", "jpn", "--date", "2012-03-20",
        "--replace", "op1", "each summit round", "every round",
        "--insert", "op1", "op1bis", "Train together.", "--note", "Clearer.",
    )  # fmt: skip
    assert out == "tabled jpn-1 (content/proposals/jpn-1.yaml)\n"
    assert (repo / "content/proposals/jpn-1.yaml").read_text() == (
        "id: jpn-1\ndocument: js\nby: [jpn]\ndate: 2012-03-20\nstatus: tabled\nchanges:\n"
        "  - replace:\n      clause: op1\n      old: each summit round\n      new: every round\n"
        "  - insert:\n      after: op1\n      id: op1bis\n      kind: operative\n"
        "      text: Train together.\n"
        "note: Clearer.\n"
        f"history:\n  - fate: tabled\n    by: jpn\n    date: 2012-03-20\n    revision: {head}\n"
        "against:\n  op1: sha256:3e680eaaa54866ad\n"
    )
    second = run(repo, "proposal", "new", "js", "--by", "jpn", "--delete", "op3")
    assert second.startswith("tabled jpn-2 ")
    stderr = refused(repo, "proposal", "new", "js", "--by", "jpn", "--delete", "op9")
    assert stderr == "error: js has no clause 'op9'; did you mean 'op3' or 'op2' or 'op1'?\n"


def test_accept_then_reject_keeps_both_decisions_and_reads_accepted_in_part(repo: Path) -> None:
    run(
        repo, "proposal", "new", "js", "--by", "jpn", "--date", "2012-03-20",
        "--replace", "op1", "each summit round", "every round",
        "--insert", "op1", "op1bis", "Train together.",
    )  # fmt: skip
    first = commit(repo, "Japan tables jpn-1")
    out = run(repo, "proposal", "accept", "jpn-1", "--change", "2", "--reason", "A",
              "--date", "2012-03-22")  # fmt: skip
    assert out == (
        "accepted jpn-1 (change 2); it is tabled "
        "(content/statements/js.yaml, content/proposals/jpn-1.yaml)\n"
    )
    second = commit(repo, "Accept jpn-1 change 2")
    out = run(repo, "reject", "jpn-1", "--reason", "B", "--date", "2012-03-23")
    assert out == "rejected jpn-1 (content/proposals/jpn-1.yaml)\n"
    assert history(repo, "jpn-1")[1:] == [
        {"fate": "accepted", "change": "2", "by": "chair", "date": "2012-03-22",
         "revision": first, "reason": "A"},
        {"fate": "rejected", "by": "chair", "date": "2012-03-23", "revision": second,
         "reason": "B"},
    ]  # fmt: skip
    proposal = check(repo).corpus.proposals["jpn-1"]
    assert proposal.status.value == "rejected" and proposal.accepted_changes == [2]
    assert proposal.standing == "accepted in part"
    assert {n: f.value for n, f in proposal.change_fates().items()} == {
        1: "rejected",
        2: "accepted",
    }
    text = (repo / "content/statements/js.yaml").read_text()
    assert "  - id: op1bis\n" in text and "each summit round" in text


def test_a_change_whose_clause_moved_on_is_refused_naming_who_moved_it(repo: Path) -> None:
    run(repo, "proposal", "new", "js", "--by", "jpn", "--date", "2012-03-20",
        "--replace", "op1", "each summit round", "every round")  # fmt: skip
    run(repo, "proposal", "new", "js", "--by", "chn", "--date", "2012-03-20",
        "--substitute", "op1", "The states will share information regularly.")  # fmt: skip
    commit(repo, "Two proposals on op1")
    run(repo, "reject", "chn-1", "--change", "1", "--reason", "later")  # out of the way
    run(repo, "accept", "jpn-1", "--date", "2012-03-22")
    accepted = commit(repo, "Accept jpn-1")
    # China tables the same substitute again, as a copy of its first: written against
    # the old wording of op1, which jpn-1 has changed since.
    stale = (repo / "content/proposals/chn-1.yaml").read_text().replace("chn-1", "chn-2")
    stale = stale[: stale.index("history:")] + stale[stale.index("against:") :]
    stale = stale.replace("status: rejected", "status: tabled")
    (repo / "content/proposals/chn-2.yaml").write_text(stale)
    commit(repo, "China again")
    stderr = refused(repo, "proposal", "accept", "chn-2")
    assert stderr == (
        "content/proposals/chn-2.yaml:11:8: error: chn-2 change 1 was written against a "
        "text of op1 that has changed since (jpn-1 change 1 accepted on 2012-03-22; its "
        f"file last committed in {accepted[:7]} by Ada Drafter: Accept jpn-1) "
        "[decision/stale-clause]\n"
        "error: chn-2 was written against a text that has changed since; nothing was "
        "accepted. Ask CHN to table the change again against the current text (summit "
        "proposal new), or reject it (summit proposal reject chn-2 --reason ...)\n"
    )
    assert "every round" in (repo / "content/statements/js.yaml").read_text()


def test_a_later_stale_substitute_without_digest_never_erases_an_accepted_change(
    repo: Path,
) -> None:
    (repo / "content/proposals").mkdir()
    (repo / "content/proposals/kor-1.yaml").write_text(
        "id: kor-1\ndocument: js\nby: [kor]\ndate: 2012-03-21\nstatus: tabled\nchanges:\n"
        "  - substitute:\n      clause: op1\n      text: The states will share information.\n"
    )
    run(repo, "proposal", "new", "js", "--by", "jpn", "--date", "2012-03-20",
        "--replace", "op1", "each summit round", "every round")  # fmt: skip
    commit(repo, "Two proposals")
    # A substitute without `against` is no rival that accepting jpn-1 can tell stale
    # by digest; it is one all the same, being a whole-clause wording.
    assert "kor-1 change 1 (substitute of op1)" in refused(repo, "accept", "jpn-1")
    run(repo, "accept", "jpn-1", "--date", "2012-03-22", "--supersede")
    assert history(repo, "kor-1") == [
        {"fate": "superseded", "change": "1", "by": "chair", "date": "2012-03-22",
         "revision": git(repo, "rev-parse", "HEAD"), "superseded_by": "jpn-1"},
    ]  # fmt: skip
    assert record(repo, "content/proposals/kor-1.yaml")["status"] == "superseded"
    # Put back on the table by hand, it is still refused: op1 changed after it was tabled.
    proposal = repo / "content/proposals/kor-1.yaml"
    proposal.write_text(proposal.read_text().split("history:")[0].replace("superseded", "tabled"))
    stderr = refused(repo, "accept", "kor-1")
    assert "[decision/stale-clause]" in stderr
    assert "records no digest of the text it was written against" in stderr
    assert "every round" in (repo / "content/statements/js.yaml").read_text()


def test_accepting_the_winner_names_the_rivals_or_supersedes_them(repo: Path) -> None:
    run(repo, "proposal", "new", "js", "--by", "jpn", "--date", "2012-03-20",
        "--replace", "op1", "each summit round", "every round")  # fmt: skip
    run(repo, "proposal", "new", "js", "--by", "chn", "--date", "2012-03-20",
        "--replace", "op1", "summit round", "round")  # fmt: skip
    run(repo, "proposal", "support", "jpn-1", "--by", "kor", "--date", "2012-03-21")
    commit(repo, "Colliding proposals")
    stderr = refused(repo, "proposal", "accept", "jpn-1")
    assert stderr == (
        "content/proposals/chn-1.yaml:7:5: error: chn-1 change 1 (replace of op1) is tabled "
        "and would no longer apply once jpn-1 is accepted: it was written against the text "
        "this acceptance changes [decision/rival-tabled]\n"
        "error: chn-1 change 1 is still tabled on the same clause and would no longer apply; "
        "nothing was accepted. Accept with --supersede to mark it superseded by jpn-1, or "
        "decide it first (summit proposal reject ID --change N --reason ...)\n"
    )
    out = run(repo, "proposal", "accept", "jpn-1", "--supersede", "--reason", "Preferred.")
    assert out.splitlines()[1:] == ["superseded chn-1 change 1 by jpn-1"]
    entry = history(repo, "chn-1")[-1]
    assert (entry["fate"], entry["change"], entry["superseded_by"]) == ("superseded", "1", "jpn-1")
    assert check(repo).corpus.proposals["chn-1"].status.value == "superseded"


def test_withdraw_is_the_delegations_decision(repo: Path) -> None:
    run(repo, "proposal", "new", "js", "--by", "jpn", "--delete", "op3", "--date", "2012-03-20")
    stderr = refused(repo, "proposal", "withdraw", "jpn-1", "--by", "kor")
    assert stderr == (
        "error: kor does not propose jpn-1 (jpn do); only a proposing delegation withdraws it\n"
    )
    out = run(repo, "proposal", "withdraw", "jpn-1", "--reason", "Overtaken.",
              "--date", "2012-03-21")  # fmt: skip
    assert out == "withdrew jpn-1 (content/proposals/jpn-1.yaml)\n"
    assert history(repo, "jpn-1")[-1] == {
        "fate": "withdrawn", "by": "jpn", "date": "2012-03-21",
        "revision": git(repo, "rev-parse", "HEAD"), "reason": "Overtaken.",
    }  # fmt: skip
    assert "already" not in refused(repo, "proposal", "accept", "jpn-1")


def test_support_and_oppose_are_records_of_their_own(repo: Path) -> None:
    run(repo, "proposal", "new", "js", "--by", "jpn", "--delete", "op3", "--date", "2012-03-20")
    proposal = (repo / "content/proposals/jpn-1.yaml").read_bytes()
    out = run(repo, "proposal", "support", "jpn-1", "--by", "kor", "--date", "2012-03-21")
    assert out == "kor supports jpn-1 (content/positions/kor-on-jpn-1.yaml)\n"
    assert (repo / "content/positions/kor-on-jpn-1.yaml").read_text() == (
        "id: kor-on-jpn-1\nproposal: jpn-1\nby: kor\nstance: support\ndate: 2012-03-21\n"
    )
    assert refused(repo, "proposal", "support", "jpn-1", "--by", "kor") == (
        "error: kor already supports jpn-1 (content/positions/kor-on-jpn-1.yaml)\n"
    )
    run(repo, "proposal", "oppose", "jpn-1", "--by", "kor", "--date", "2012-03-22")
    assert (repo / "content/positions/kor-on-jpn-1.yaml").read_text() == (
        "id: kor-on-jpn-1\nproposal: jpn-1\nby: kor\nstance: oppose\ndate: 2012-03-22\n"
    )
    run(repo, "proposal", "support", "jpn-1", "--by", "chn", "--change", "1")
    assert (repo / "content/positions/chn-on-jpn-1-1.yaml").is_file()
    assert refused(repo, "proposal", "support", "jpn-1", "--by", "jpn") == (
        "error: jpn proposes jpn-1; its position is the proposal\n"
    )
    assert (repo / "content/proposals/jpn-1.yaml").read_bytes() == proposal


# -- clauses --------------------------------------------------------------------------


def test_agree_is_refused_while_anything_stands_in_the_way(repo: Path) -> None:
    run(repo, "clause", "reserve", "js", "op2", "--by", "chn", "--reason", "Instructions.",
        "--date", "2012-03-21")  # fmt: skip
    run(repo, "proposal", "new", "js", "--by", "jpn", "--date", "2012-03-20",
        "--replace", "op2", "Each centre", "Every centre")  # fmt: skip
    stderr = refused(repo, "clause", "agree", "js", "op2")
    assert stderr.splitlines() == [
        "content/proposals/jpn-1.yaml:7:5: error: jpn-1 change 1 (replace of op2) is still "
        "tabled; accept or reject it first (summit proposal accept|reject jpn-1 --change 1) "
        "[decision/clause-proposals]",
        "content/statements/js.yaml:21:18: error: chn holds a reservation on op2; lift it "
        "first (summit clause lift js op2 --by chn) [decision/clause-reserved]",
        "content/statements/js.yaml:23:7: error: op2 has 2 wordings; choose one first (summit "
        "clause choose js op2 N, Alt 1 being its text) [decision/clause-alternatives]",
        "error: op2 cannot be agreed while 3 obstacles remain; settle them first",
    ]


def test_each_clause_decision_edits_the_clause_and_keeps_comments(repo: Path) -> None:
    run(repo, "clause", "reserve", "js", "op2", "--by", "chn", "--reason", "Instructions.",
        "--date", "2012-03-21")  # fmt: skip
    assert refused(repo, "clause", "reserve", "js", "op2", "--by", "chn") == (
        "error: chn holds a reservation on op2 already\n"
    )
    assert run(repo, "clause", "choose", "js", "op2", "Alt 2") == (
        "op2: Alt 2 is the text (content/statements/js.yaml)\n"
    )
    run(repo, "clause", "lift", "js", "op2", "--by", "chn")
    run(repo, "clause", "ad-ref", "js", "op2")
    run(repo, "clause", "agree", "js", "op1")
    run(repo, "clause", "agree", "js", "op3")
    assert (
        run(repo, "clause", "reopen", "js", "op1") == "op1 is open (content/statements/js.yaml)\n"
    )
    assert (repo / "content/statements/js.yaml").read_text() == STATEMENT.replace(
        "      Each centre names a contact.\n    status: open\n    alternatives:\n"
        "      - text: Each state names a contact.\n        by: [kor]\n",
        "      Each state names a contact.\n"
        "    note: |\n"
        "      Reservation by chn (2012-03-21): Instructions.\n"
        "      Retained (Alt 2, KOR).\n"
        "      Not retained (Alt 1): Each centre names a contact.\n"
        "    status: ad-ref\n",
    ).replace(
        "      The centres will meet again.\n",
        "      The centres will meet again.\n    status: agreed\n",
    )


# -- one meaning of status ------------------------------------------------------------


def test_compile_clean_release_and_check_agree_on_a_clause_without_status(repo: Path) -> None:
    # op3 has no status: open until the document is agreed or adopted, everywhere.
    compiled = summit("compile", "js", "--path", repo).stdout
    assert compiled.endswith("1 of 4 paragraphs agreed; 0 proposals open\n")
    assert "\n3          open    " in compiled  # by printed number, as the table is keyed
    clean = summit("compile", "js", "--clean", "--path", repo).stdout
    assert "3 [open]\n  [… paragraph not agreed …]\n" in clean
    assert "The centres will meet again." not in clean
    assert check(repo).errors == []
    released = summit("release", "js", "--rev", "2", "--status", "adopted", "--path", repo)
    assert released.exit_code == 1
    assert (
        "content/statements/js.yaml:23:9: error: op3 is open (it has no status); agree it "
        "(summit clause agree js op3) before the document is adopted [release/open-clause]"
    ) in released.stderr.splitlines()
    # Adopted by hand instead, an explicit open status is a contradiction check reports.
    statement = repo / "content/statements/js.yaml"
    statement.write_text(
        STATEMENT.replace("round: seoul-2012\n", "round: seoul-2012\nstatus: adopted\n")
    )
    said = {(d.rule, d.message.split(",")[0]) for d in check(repo).diagnostics}
    assert said == {("clause/not-agreed", "op1 is open"), ("clause/not-agreed", "op2 is open")}


def test_accepting_a_change_to_an_agreed_clause_is_refused_until_it_is_reopened(
    repo: Path,
) -> None:
    run(repo, "proposal", "new", "js", "--by", "jpn", "--replace", "pp1", "the summit",
        "the Seoul summit", "--date", "2012-03-20")  # fmt: skip
    run(repo, "proposal", "new", "js", "--by", "chn", "--insert", "pp1", "pp2", "Noting it,",
        "--date", "2012-03-20")  # fmt: skip
    assert refused(repo, "accept", "jpn-1") == (
        "content/statements/js.yaml:10:13: error: pp1 is agreed; jpn-1 change 1 would change "
        "it (summit clause reopen js pp1 first) [decision/clause-settled]\n"
        "error: jpn-1 changes a clause already agreed; nothing was accepted. Reopen the "
        "clause first if the negotiators agree to (summit clause reopen js CLAUSE), or reject "
        "the change\n"
    )
    run(repo, "accept", "chn-1")  # a clause inserted beside it leaves its words alone
    run(repo, "clause", "reopen", "js", "pp1")
    run(repo, "accept", "jpn-1")
    assert "Recalling the Seoul summit," in (repo / "content/statements/js.yaml").read_text()


def test_deleting_a_clause_a_comment_is_on_is_refused_saying_what_to_do(repo: Path) -> None:
    comment = repo / "content/comments/kor-c1.yaml"
    comment.parent.mkdir(parents=True)
    comment.write_text(
        "id: kor-c1\ndocument: js\nclause: op3\nby: kor\ndate: 2012-03-21\ntext: Too vague.\n"
    )
    run(repo, "proposal", "new", "js", "--by", "jpn", "--delete", "op3", "--date", "2012-03-20")
    assert refused(repo, "accept", "jpn-1") == (
        "content/comments/kor-c1.yaml:3:9: error: comment kor-c1 (KOR) is on op3, which "
        "jpn-1 change 1 deletes [decision/comment-on-deleted]\n"
        "error: jpn-1 deletes a clause that review comments are on; nothing was accepted. "
        "Point each comment at another clause (its 'clause:' field) or remove its file first\n"
    )
    comment.write_text(comment.read_text().replace("clause: op3", "clause: op2"))
    run(repo, "accept", "jpn-1")
    assert "retired_ids: [op3]" in (repo / "content/statements/js.yaml").read_text()


# -- the how-to page plays as written -------------------------------------------------

HOWTO = Path(__file__).resolve().parents[1] / "docs" / "howto" / "decide.rst"


def test_the_how_to_page_shows_what_the_commands_print(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {**GIT_ENV, "GIT_AUTHOR_NAME": "Chair's Office", "GIT_COMMITTER_NAME": "Chair's Office"}
    monkeypatch.chdir(tmp_path)
    steps = console_steps(HOWTO.read_text(encoding="utf-8"))
    assert len(steps) > 20
    for step in steps:
        if step.command.startswith("summit init"):
            assert summit("init", "--example", "summit-work").exit_code == 0
            monkeypatch.chdir(tmp_path / "summit-work")
            continue
        assert normalised(printed(step.command, env)) == normalised(step.shown), step.command


def test_new_statement_writes_explicit_statuses_and_a_long_reason_stays_one_entry(
    repo: Path,
) -> None:
    assert summit("new", "statement", "js-2", "--path", repo).exit_code == 0
    assert "    status: open\n" in (repo / "content/statements/js-2.yaml").read_text()
    (repo / "content/statements/js-2.yaml").unlink()
    run(repo, "proposal", "new", "js", "--by", "jpn", "--delete", "op3")
    run(repo, "reject", "jpn-1", "--reason", "Not now.\nPerhaps at the next round.")
    assert history(repo, "jpn-1")[-1]["reason"] == "Not now. Perhaps at the next round."


def test_a_proposals_own_accepted_change_does_not_make_its_next_one_stale(repo: Path) -> None:
    run(
        repo, "proposal", "new", "js", "--by", "jpn", "--date", "2012-03-20",
        "--replace", "op1", "The states", "All states",
        "--replace", "op1", "each summit round", "every round",
    )  # fmt: skip
    run(repo, "accept", "jpn-1", "--change", "1")
    run(repo, "accept", "jpn-1", "--change", "2")
    text = (repo / "content/statements/js.yaml").read_text()
    assert "All states will share information after every round." in text
