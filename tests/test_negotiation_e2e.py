"""A whole negotiation, end to end (issue 29's "Done when"): a chair's office and three
delegations (China, Japan, Republic of Korea) negotiate one statement in a real git
repository, each delegation signing its commits with its own SSH key, from the first
draft through proposals, branches, collisions and the chair's decisions to adoption
and the redline.

The steps share one repository and run in order (each test is one step of the
session and leans on the ones before it); the PDF and DOCX are printed once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import wordkit
import yaml
from conftest import summit, write_minimal_repo
from gitkit import GIT_ENV, git
from lxml import etree

DOC = "cjk-2014"
STATEMENT_PATH = f"content/statements/{DOC}.yaml"
STATEMENT = f"""\
id: {DOC}
title: Trilateral statement on centres of excellence
round: seoul-2012
status: draft
clauses:
  - id: pp1
    kind: preambular
    text: Recognising the value of the centres of excellence.
    status: open
    alternatives:
      - text: Recognising the contribution of the centres of excellence.
        by: [chn]
  - id: op1
    text: Work together through the network of centres.
    status: open
  - id: op2
    text: Report on progress at each summit round.
    status: open
  - id: op3
    text: Share course material between the centres.
    status: open
  - id: op4
    text: Invite other states to join this statement.
    status: open
"""
CHN = "id: chn\niso3: CHN\nname: People's Republic of China\nshort_name: China\n"
PARTIES = ("chn", "jpn", "kor")
SIGNERS = (*PARTIES, "chair")
DRIVER = f"{sys.executable} -m summitkit merge-driver %O %A %B %P"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MINI = Path(__file__).parent / "data" / "mini"
INDEX = "Drafts\n======\n\n.. toctree::\n\n" + "".join(
    f"   generated/{page}\n"
    for page in ("statements/index", "baskets/index", "reports/index", "directory")
)
KIM = "Min-ji Kim"
WORD = "kor-cjk-2014-2014-03-03"


@dataclass
class Session:
    """The negotiation's repository, its keys, and what earlier steps left for later ones."""

    root: Path
    keys: Path
    out: Path
    facts: dict[str, str] = field(default_factory=dict)

    def run(self, *args: str | Path, code: int = 0) -> tuple[str, str]:
        """`summit ARGS`, which must exit with `code`; (stdout, stderr)."""
        result = summit(*args)
        assert result.exit_code == code, (args, result.output)
        assert "Traceback" not in result.output
        return result.stdout, result.stderr

    def chair(self, command: str, code: int = 0) -> str:
        """`summit COMMAND` (a shell-quoted line) on this repository; its standard output
        (its diagnostics, when `code` says it fails)."""
        stdout, stderr = self.run(*shlex.split(command), "--path", self.root, code=code)
        return stderr if code else stdout

    def commit(self, signer: str | None, message: str) -> str:
        """Commit everything as `signer` (a key name, None: unsigned); the short commit."""
        git(self.root, "add", "-A")
        key = self.keys / signer if signer else None
        signing = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key}"] if key else []
        git(self.root, *signing, "commit", "--quiet", *(["-S"] if key else []), "-m", message)
        return git(self.root, "rev-parse", "--short=7", "HEAD")

    def proposal(self, pid: str) -> dict[str, Any]:
        data = yaml.safe_load((self.root / f"content/proposals/{pid}.yaml").read_text("utf-8"))
        assert isinstance(data, dict)
        return data

    def clause(self, cid: str) -> dict[str, Any]:
        data = yaml.safe_load((self.root / STATEMENT_PATH).read_text("utf-8"))
        return next(c for c in data["clauses"] if c["id"] == cid)

    def verify(self) -> tuple[int, str, str]:
        result = summit("check", "--verify-attribution", self.root)
        assert "Traceback" not in result.output
        return result.exit_code, result.stdout, result.stderr

    def switch(self, branch: str, new: bool = False) -> None:
        git(self.root, "checkout", "--quiet", *(["-b"] if new else []), branch)

    def merge(self, branch: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", "merge", "--no-edit", "--no-ff", branch],
            cwd=self.root,
            capture_output=True,
            text=True,
            env={**os.environ, **GIT_ENV},
            check=False,
        )


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    """The chair's office's repository: the summit's records, the first draft, the
    delegations' and the office's public keys in summitkit.toml, the merge driver."""
    keys = tmp_path_factory.mktemp("keys")
    for signer in SIGNERS:
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", signer, "-f", keys / signer],
            check=True,
        )
    root = write_minimal_repo(
        tmp_path_factory.mktemp("negotiation") / "repo",
        {STATEMENT_PATH: STATEMENT, "content/states/chn.yaml": CHN},
    )
    summit_round = root / "content/summits/seoul-2012.yaml"
    summit_round.write_text(summit_round.read_text().replace("[jpn, kor]", "[chn, jpn, kor]"))
    public = {s: (keys / f"{s}.pub").read_text("utf-8").strip() for s in SIGNERS}
    parties = "".join(f'{p} = ["{public[p]}"]\n' for p in PARTIES)
    settings = f'[parties]\n{parties}[chair]\nkeys = ["{public["chair"]}"]\n'
    settings += f'[word_authors]\n"{KIM}" = "kor"\n'
    (root / "summitkit.toml").write_text(settings, encoding="utf-8")
    # What `summit build` needs to print the DOCX Korea returns.
    shutil.copy(MINI / "conf.py", root / "conf.py")
    (root / "content/index.rst").write_text(INDEX, "utf-8")
    (root / ".gitignore").write_text("build/\ncontent/generated/\n", "utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    assert summit("init", "--hooks", root).exit_code == 0
    git(root, "config", "merge.summit.driver", DRIVER)  # this interpreter, not one on PATH
    found = Session(root, keys, tmp_path_factory.mktemp("printed"))
    found.commit("chair", "First draft of the trilateral statement")
    return found


def test_the_first_draft_is_circulated(session: Session) -> None:
    assert session.run("check", session.root)[0] == ""
    out = session.chair(f"release {DOC} --rev 1 --status circulated")
    assert out == f"committed {STATEMENT_PATH} and tagged {DOC}/rev1 (circulated)\n"


P1 = "id: p1\ndocument: cjk-2014\nby: [{party}]\ndate: {date}\nchanges:\n  - replace: {change}\n"


def test_three_delegations_table_proposals_on_their_branches(session: Session) -> None:
    s = session
    s.switch("japan", new=True)
    out = s.chair(
        f'proposal new {DOC} --by jpn --date 2014-03-01 --replace op2 "each summit round" '
        '"every summit round"'
    )
    assert out == "tabled jpn-1 (content/proposals/jpn-1.yaml)\n"
    out = s.chair(
        f'proposal new {DOC} --by jpn --date 2014-03-01 --replace op1 "Work together" '
        '"Work closely together" --delete op4 --note "Membership is for another statement."'
    )
    assert out == "tabled jpn-2 (content/proposals/jpn-2.yaml)\n"
    jpn2 = s.proposal("jpn-2")
    tabled_on = git(s.root, "rev-parse", "HEAD")  # the revision it was written against
    assert jpn2["history"] == [
        {"fate": "tabled", "by": "jpn", "date": dt.date(2014, 3, 1), "revision": tabled_on}
    ]
    assert set(jpn2["against"]) == {"op1", "op4"}
    # One more written by hand, under an id that does not name its delegation, as
    # drafters did before `proposal new`; Korea does the same on its branch.
    change = "{clause: op3, old: between the centres, new: among the centres}"
    hand = P1.format(party="jpn", date="2014-03-01", change=change)
    (s.root / "content/proposals/p1.yaml").write_text(hand, "utf-8")
    s.commit("jpn", "Japan's proposals")

    # China replaces words inside Japan's replacement (on one branch), then offers a
    # whole new wording of the same paragraph (on another).
    s.switch("main")
    s.switch("china", new=True)
    s.chair(
        f'proposal new {DOC} --by chn --date 2014-03-02 --replace op2 "summit round" '
        '"meeting of leaders"'
    )
    s.commit("chn", "China's proposal")
    s.switch("china-2", new=True)
    out = s.chair(
        f"proposal new {DOC} --by chn --date 2014-03-02 --substitute op2 "
        '"Report on progress every year."'
    )
    assert out == "tabled chn-2 (content/proposals/chn-2.yaml)\n"
    s.commit("chn", "China's substitute")

    s.switch("main")
    s.switch("korea", new=True)
    change = "{clause: op3, old: course material, new: course material and trainers}"
    (s.root / "content/proposals").mkdir()
    hand = P1.format(party="kor", date="2014-03-03", change=change)
    (s.root / "content/proposals/p1.yaml").write_text(hand, "utf-8")
    s.commit("kor", "Korea's proposal")
    s.switch("main")


def test_branches_merge_and_one_id_added_twice_is_a_conflict(session: Session) -> None:
    s = session
    for branch in ("korea", "china"):
        done = s.merge(branch)
        assert done.returncode == 0, done.stdout + done.stderr

    done = s.merge("japan")

    assert done.returncode == 1
    path = "content/proposals/p1.yaml"
    assert (
        f"summit merge-driver: {path}: both branches added a proposal p1, with different "
        "content; two delegations' records are never merged into one."
    ) in done.stderr
    ours, theirs = (s.root / path).read_text("utf-8").split("=======\n")
    assert "by: [kor]" in ours and "jpn" not in ours
    assert "by: [jpn]" in theirs and "kor" not in theirs
    out, _ = s.run("check", s.root, code=1)
    assert f"{path}:1:1: error: unresolved merge conflict from git" in out
    git(s.root, "merge", "--abort")

    # Japan tables its p1 again under an id of its own, and the branches merge.
    s.switch("japan")
    git(s.root, "rm", "--quiet", path)
    out = s.chair(
        f"proposal new {DOC} --by jpn --date 2014-03-01 --replace op3 "
        '"between the centres" "among the centres"'
    )
    assert out == "tabled jpn-3 (content/proposals/jpn-3.yaml)\n"
    s.commit("jpn", "Japan's p1 under an id of its own")
    s.switch("main")
    done = s.merge("japan")
    assert done.returncode == 0, done.stdout + done.stderr

    # Korea's p1 and Japan's three proposals: each its own record, nothing fused.
    assert s.proposal("p1")["by"] == ["kor"]
    assert [s.proposal(f"jpn-{n}")["by"] for n in (1, 2, 3)] == [["jpn"]] * 3
    out, _ = s.run("check", s.root)
    assert out.splitlines() == [
        "content/proposals/chn-1.yaml:9:12: warning: change 1 of 'chn-1' collides with change "
        "1 of 'jpn-1' (JPN): both replace words of 'each summit round' in op2; the "
        "compilation prints both until one is accepted (the other superseded) or withdrawn "
        "[proposal/collision]",
    ]


COLLISION = "2 [open; collision: jpn-1 (JPN) × chn-1 (CHN)]"
BOTH = (
    "Report on progress at [Alt 1: each summit round | Alt 2 — JPN (jpn-1): every summit "
    "round | Alt 3 — CHN (chn-1): each meeting of leaders]."
)


def words(text: str) -> str:
    """`text` with every run of white space one space (PDF lines break anywhere)."""
    return " ".join(text.split())


def test_the_overlapping_proposals_are_both_in_every_compilation(session: Session) -> None:
    s = session
    text = s.chair(f"compile {DOC}")
    assert f"{COLLISION}\n  {BOTH}\n" in text
    assert "  2: jpn-1 (JPN) × chn-1 (CHN) — both replace words of 'each summit round'" in text

    html = s.chair(f"compile {DOC} --format html")
    page = words(" ".join(etree.HTML(html).itertext()))
    for shown in ("every summit round", "each meeting of leaders", "jpn-1", "chn-1"):
        assert shown in page, shown
    assert words(COLLISION) in page

    pdf, docx = s.out / "compilation.pdf", s.out / "compilation.docx"
    s.chair(f"compile {DOC} --format pdf -o {pdf}")
    from pypdf import PdfReader

    printed = words("".join(page.extract_text() for page in PdfReader(pdf).pages))
    assert words(COLLISION) in printed
    assert "Alt 2 — JPN ( jpn-1): every summit round" in printed  # pypdf's spacing
    assert "Alt 3 — CHN (chn-1): each meeting of leaders" in printed

    s.chair(f"compile {DOC} --format docx -o {docx}")
    with zipfile.ZipFile(docx) as package:
        xml = etree.fromstring(package.read("word/document.xml"))
    inserted = {(i.get(f"{W}author"), "".join(i.itertext())) for i in xml.iter(f"{W}ins")}
    assert ("Japan", "every summit round") in inserted
    assert ("People's Republic of China", "each meeting of leaders") in inserted
    paragraphs = [words("".join(p.itertext())) for p in xml.iter(f"{W}p")]
    assert words(COLLISION) in paragraphs


def sources(root: Path) -> dict[str, bytes]:
    """Every record under content/, as bytes: what a refused decision must leave alone."""
    return {str(p.relative_to(root)): p.read_bytes() for p in (root / "content").rglob("*.yaml")}


def test_a_word_return_is_imported_as_received_from_its_delegation(session: Session) -> None:
    s = session
    s.run("build", s.root, "--format", "docx", "--only", DOC, "-q")
    printed = s.root / "build" / "clear" / "docx" / f"{DOC}.docx"
    editor = wordkit.Editor(printed)  # Korea's drafter, with Track Changes on
    editor.inserted("op1", "through the", " whole", KIM, "2014-03-03T09:30:00Z")
    returned = editor.save(s.out / "from-seoul.docx")

    out = s.chair(f"import docx {returned}")

    assert out.endswith(f"\n  wrote content/proposals/{WORD}.yaml (kor: 1 change)\n")
    imported = s.proposal(WORD)
    assert imported["by"] == ["kor"]
    assert imported["changes"] == [
        {"replace": {"clause": "op1", "old": "through the", "new": "through the whole"}}
    ]
    receipt = {
        "party": "kor",
        "file": returned.name,
        "sha256": hashlib.sha256(returned.read_bytes()).hexdigest(),
        "authors": [KIM],
        "date": dt.date(2014, 3, 3),
        "by": "chair",
    }
    written = imported["received_from"]
    # The day is the latest the file records (its last save), not the import's.
    assert written.pop("date") >= dt.date(2014, 3, 3)
    receipt.pop("date")
    assert written == receipt
    s.commit("chair", "Korea's Word return, received")
    s.facts["sha256"] = str(receipt["sha256"])
    text = s.chair(f"compile {DOC}")
    assert (
        "  [Work together → Work closely together — JPN (jpn-2)] [through the → through the "
        f"whole — KOR ({WORD})] network of centres.\n"
    ) in text


def test_delegations_support_and_oppose_in_records_of_their_own(session: Session) -> None:
    s = session
    p1 = (s.root / "content/proposals/p1.yaml").read_bytes()
    out = s.chair("proposal support p1 --by chn --date 2014-03-04")
    assert out.startswith("chn supports p1 (content/positions/")
    s.commit("chn", "China supports Korea's p1")
    out = s.chair('proposal oppose jpn-2 --change 2 --by kor --note "Keep the invitation."')
    assert out.startswith("kor opposes jpn-2 (content/positions/")
    s.commit("kor", "Korea opposes striking op4")
    assert (s.root / "content/proposals/p1.yaml").read_bytes() == p1  # Korea's file untouched
    text = s.chair(f"compile {DOC}")
    assert "  p1 — KOR, supported by CHN, 2014-03-03\n" in text
    assert "  jpn-2 — JPN, 2014-03-01\n    opposed by KOR\n" in text


def test_the_winner_of_the_collision_is_accepted_and_the_rival_superseded(
    session: Session,
) -> None:
    s = session
    before = sources(s.root)
    refused = s.chair("proposal accept jpn-1 --date 2014-03-05", code=1)
    assert (
        "chn-1 change 1 (replace of op2) is tabled and would no longer apply once jpn-1 is accepted"
        in refused
        and "[decision/rival-tabled]" in refused
    )
    assert "Accept with --supersede to mark it superseded by jpn-1" in refused
    assert sources(s.root) == before

    out = s.chair(
        'proposal accept jpn-1 --supersede --date 2014-03-05 --reason "Agreed in the plenary."'
    )
    assert out.splitlines() == [
        "accepted jpn-1 (change 1); it is accepted (content/statements/cjk-2014.yaml, "
        "content/proposals/jpn-1.yaml)",
        "superseded chn-1 change 1 by jpn-1",
    ]
    s.commit("chair", "jpn-1 accepted")
    assert s.clause("op2")["text"] == "Report on progress at every summit round."
    chn1 = s.proposal("chn-1")
    assert chn1["status"] == "superseded"
    assert chn1["history"][-1] == {
        "fate": "superseded",
        "change": 1,
        "by": "chair",
        "date": dt.date(2014, 3, 5),
        "revision": chn1["history"][-1]["revision"],
        "superseded_by": "jpn-1",
    }


def test_an_accepted_change_survives_a_later_stale_substitute(session: Session) -> None:
    s = session
    # China's substitute was written on a branch against the old wording of op2.
    done = s.merge("china-2")
    assert done.returncode == 0, done.stdout + done.stderr
    before = sources(s.root)

    refused = s.chair("proposal accept chn-2 --date 2014-03-05", code=1)

    assert (
        "error: chn-2 change 1 was written against a text of op2 that has changed since "
        "(jpn-1 change 1 accepted on 2014-03-05;" in refused
    )
    assert "[decision/stale-clause]" in refused
    assert "Ask CHN to table the change again against the current text" in refused
    assert sources(s.root) == before
    assert s.clause("op2")["text"] == "Report on progress at every summit round."

    out = s.chair('proposal withdraw chn-2 --by chn --date 2014-03-05 --reason "Overtaken."')
    assert out == "withdrew chn-2 (content/proposals/chn-2.yaml)\n"
    s.commit("chn", "China withdraws chn-2")
    assert s.proposal("chn-2")["history"][-1] == {
        "fate": "withdrawn",
        "by": "chn",
        "date": dt.date(2014, 3, 5),
        "revision": git(s.root, "rev-parse", "HEAD~1"),
        "reason": "Overtaken.",
    }


def test_accepted_in_part_then_the_rest_rejected_keeps_both_decisions(session: Session) -> None:
    s = session
    out = s.chair('proposal accept jpn-2 --change 1 --date 2014-03-05 --reason "Stronger."')
    assert out.startswith("accepted jpn-2 (change 1); it is tabled (")
    out = s.chair('proposal reject jpn-2 --date 2014-03-05 --reason "The invitation stays."')
    assert out == "rejected jpn-2 (content/proposals/jpn-2.yaml)\n"
    s.chair("proposal accept jpn-3 --date 2014-03-05")
    out = s.chair(f"proposal accept {WORD} --date 2014-03-05")
    assert out.startswith(f"accepted {WORD} (change 1); it is accepted (")
    s.chair('proposal reject p1 --date 2014-03-05 --reason "No consensus on trainers."')
    s.commit("chair", "Second reading")

    jpn2 = s.proposal("jpn-2")
    assert [(h["fate"], h.get("change"), h.get("reason")) for h in jpn2["history"]] == [
        ("tabled", None, None),
        ("accepted", 1, "Stronger."),
        ("rejected", None, "The invitation stays."),
    ]
    op1 = "Work closely together through the whole network of centres."
    assert s.clause("op1")["text"] == op1
    assert s.clause("op4")["text"] == "Invite other states to join this statement."
    text = s.chair(f"compile {DOC}")
    assert (
        "  jpn-2 — JPN, 2014-03-01: accepted in part (change 1; the rest rejected)\n"
        "    opposed by KOR\n"
        "    2014-03-01: tabled by jpn\n"
        "    2014-03-05: change 1 accepted by chair — Stronger.\n"
        "    2014-03-05: rejected by chair — The invitation stays.\n"
    ) in text
    assert "  chn-1 — CHN, 2014-03-02: superseded\n" in text
    assert "  chn-2 — CHN, 2014-03-02: withdrawn\n" in text
    assert "  p1 — KOR, supported by CHN, 2014-03-03: rejected\n" in text
    assert text.endswith("0 of 5 paragraphs agreed; 0 proposals open\n")


def test_the_chair_settles_every_clause_by_command_and_adopts(session: Session) -> None:
    s = session
    assert s.chair(f"clause choose {DOC} pp1 2") == f"pp1: Alt 2 is the text ({STATEMENT_PATH})\n"
    assert s.clause("pp1")["text"] == "Recognising the contribution of the centres of excellence."
    assert s.clause("pp1")["note"] == (
        "Retained (Alt 2, CHN).\n"
        "Not retained (Alt 1): Recognising the value of the centres of excellence.\n"
    )
    out = s.chair(f'clause reserve {DOC} op3 --by kor --reason "Capital to confirm."')
    assert out == f"kor holds a reservation on op3 ({STATEMENT_PATH})\n"
    before = sources(s.root)
    refused = s.chair(f"clause agree {DOC} op3", code=1)
    assert (
        "error: kor holds a reservation on op3; lift it first (summit clause lift cjk-2014 op3 "
        "--by kor) [decision/clause-reserved]"
    ) in refused
    assert sources(s.root) == before
    # Adoption is refused while anything is open.
    git(s.root, "add", "-A")
    git(s.root, "commit", "--quiet", "-m", "Reservation of Korea")
    assert "op3" in s.chair(f"release {DOC} --rev 2 --status adopted", code=1)

    out = s.chair(f"clause lift {DOC} op3 --by kor")
    assert out == f"kor's reservation is lifted on op3 ({STATEMENT_PATH})\n"
    assert s.chair(f"clause ad-ref {DOC} op1") == f"op1 is ad-ref ({STATEMENT_PATH})\n"
    assert s.chair(f"clause reopen {DOC} op1") == f"op1 is open ({STATEMENT_PATH})\n"
    s.chair(f"clause ad-ref {DOC} op1")
    assert s.clause("op1")["status"] == "ad-ref"
    for clause in ("pp1", "op1", "op2", "op3", "op4"):
        assert s.chair(f"clause agree {DOC} {clause}") == f"{clause} is agreed ({STATEMENT_PATH})\n"
    s.commit("chair", "Third reading: all agreed")
    clean = s.chair(f"compile {DOC} --clean")
    assert clean.endswith("5 of 5 paragraphs agreed; 0 proposals open\n")

    out = s.chair(f"release {DOC} --rev 2 --status adopted")
    assert out.endswith(f"committed {STATEMENT_PATH} and tagged {DOC}/rev2 (adopted)\n")


def test_the_decision_history_was_only_ever_appended_to(session: Session) -> None:
    s = session
    decided = 0
    for record in sorted((s.root / "content/proposals").glob("*.yaml")):
        path = str(record.relative_to(s.root))
        final = yaml.safe_load(record.read_text("utf-8")).get("history", [])
        decided += len(final)
        for commit in git(s.root, "log", "--format=%H", "--", path).split():
            then = yaml.safe_load(git(s.root, "show", f"{commit}:{path}")).get("history", [])
            assert final[: len(then)] == then, (path, commit)
    assert decided == 13  # 5 tabled by command, 8 decisions (p1 written by hand, one imported)


def test_the_redline_credits_each_change_to_the_delegation_whose_proposal_made_it(
    session: Session,
) -> None:
    s = session
    # The whole corpus: each proposal as it was on each side (none were at round 1).
    first, adopted = (git(s.root, "rev-parse", f"{DOC}/rev{n}^{{commit}}") for n in (1, 2))
    lines = [line.strip() for line in s.chair(f"diff {first} {adopted}").splitlines()]
    assert {
        "proposal p1 (Republic of Korea (kor)): (none) → rejected",
        "proposal chn-1 (People's Republic of China (chn)): (none) → superseded",
        "proposal chn-2 (People's Republic of China (chn)): (none) → withdrawn",
        "proposal jpn-2 (Japan (jpn)): (none) → accepted in part (change 1; the rest rejected)",
    } <= set(lines)
    assert not any(line.startswith("proposal tabled") or "→ tabled" in line for line in lines)
    text = s.chair(f"diff {DOC}/rev1 {DOC}/rev2")
    for proposal in ("jpn-1", "jpn-2", "jpn-3"):
        assert f"    by Japan ({proposal} change 1, accepted 2014-03-05)\n" in text
    assert f"    by Republic of Korea ({WORD} change 1, accepted 2014-03-05)\n" in text

    redline = s.out / "redline.docx"
    s.chair(f"diff {DOC}/rev1 {DOC}/rev2 --format docx -o {redline}")
    with zipfile.ZipFile(redline) as package:
        xml = etree.fromstring(package.read("word/document.xml"))
    marked = {("".join(e.itertext()), e.get(f"{W}author")) for e in xml.iter(f"{W}ins", f"{W}del")}
    assert {
        ("closely ", "Japan (jpn-2)"),
        ("whole ", f"Republic of Korea ({WORD})"),
        ("each", "Japan (jpn-1)"),
        ("every", "Japan (jpn-1)"),
        ("between", "Japan (jpn-3)"),
        ("among", "Japan (jpn-3)"),
    } <= marked
    # Not proposals: pp1's wording is China's alternative, chosen by the chair
    # (`clause choose` records whose it was in the clause's note, which the redline does
    # not read), so git's author is the fallback.
    assert {author for words, author in marked if words in ("value", "contribution")} == {
        "Ada Drafter"
    }


def test_at_adoption_every_record_is_attested_by_its_delegations(session: Session) -> None:
    code, out, provenance = session.verify()
    assert (code, out) == (0, "")
    signed = "attribution: content/{}s/{}.yaml: {} {} signed by {}"
    assert set(provenance.splitlines()[:-1]) == {
        signed.format("position", "chn-on-p1", "position", "chn-on-p1", "chn"),
        signed.format("position", "kor-on-jpn-2-2", "position", "kor-on-jpn-2-2", "kor"),
        f"attribution: content/proposals/{WORD}.yaml: proposal {WORD} received from kor by "
        f"the chair's office (file sha256 {session.facts['sha256'][:12]}…)",
        *(signed.format("proposal", p, "proposal", p, p[:3]) for p in PROPOSALS),
        signed.format("proposal", "p1", "proposal", "p1", "kor")
        + "; supported by chn (position chn-on-p1)",
    }
    assert f"proposal {WORD} signed" not in provenance  # received, which is not signed


PROPOSALS = ("chn-1", "chn-2", "jpn-1", "jpn-2", "jpn-3")


def test_tampering_a_cosponsor_without_a_key_a_rename_and_an_edit_are_each_reported(
    session: Session,
) -> None:
    s = session
    # On a branch from the last commit before adoption (nothing is tabled after it).
    git(s.root, "checkout", "--quiet", "-b", "tampering", f"{DOC}/rev2^")
    # Someone rewrites Japan's accepted proposal, unsigned.
    path = s.root / "content/proposals/jpn-1.yaml"
    path.write_text(path.read_text("utf-8").replace("every summit round", "never"), "utf-8")
    tampered = s.commit(None, "fix a typo")
    # Korea names Japan as a co-proposer, and signs alone.
    s.chair(f'proposal new {DOC} --by kor --by jpn --replace op4 "other states" "all states"')
    s.commit("kor", "Korea and Japan propose")
    # China's withdrawn substitute becomes Japan's, by an unsigned rename.
    git(s.root, "mv", "content/proposals/chn-2.yaml", "content/proposals/jpn-4.yaml")
    moved = s.root / "content/proposals/jpn-4.yaml"
    text = moved.read_text("utf-8").replace("id: chn-2", "id: jpn-4")
    moved.write_text(text.replace("by: [chn]", "by: [jpn]"), "utf-8")
    renamed = s.commit(None, "tidy")
    # And Japan's jpn-3 is edited in the working tree, not committed.
    edited = s.root / "content/proposals/jpn-3.yaml"
    edited.write_text(edited.read_text("utf-8").replace("among the centres", "nowhere"), "utf-8")

    code, out, provenance = s.verify()

    assert code == 1
    assert out.splitlines() == [
        "content/proposals/jpn-1.yaml:3:5: error: proposal attributed to jpn was changed "
        f"unsigned (commit {tampered}); every commit of it must be signed with a key listed "
        "for jpn [attribution/unverified]",
        "content/proposals/jpn-3.yaml:3:5: error: proposal attributed to jpn has changes that "
        "are not committed (git diff HEAD): only what is committed signed is verified; commit "
        "them signed with a key listed for jpn, or undo them (git restore) "
        "[attribution/uncommitted-change]",
        "content/proposals/jpn-4.yaml:3:5: error: proposal attributed to jpn was renamed from "
        f"content/proposals/chn-2.yaml unsigned (commit {renamed}); every commit of it must be "
        "signed with a key listed for chn [attribution/unverified]",
        "content/proposals/kor-1.yaml:3:5: error: proposal kor-1 names jpn as a proposer, but "
        "jpn has not signed it as it reads now: no commit of it signed with jpn's key since "
        "its words last changed, and no support position of jpn since "
        "[attribution/missing-signature]",
    ]
    for unproven in ("jpn-1", "jpn-3", "jpn-4", "kor-1"):
        assert f" {unproven} " not in provenance
    git(s.root, "checkout", "--quiet", "--force", "main")
