"""Audiences: a build for one TLP label contains nothing above it, and the leak
check fails a build whose output does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import summit

MINI = Path(__file__).parent / "data" / "mini"
AMBER_CLAUSE = "Exchange the names of the trainers who handle sensitive course material."
RED_COMMITMENT = "Relocate the training reactor fuel to a secure national store."


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The mini corpus with an amber clause, an amber field and a red commitment."""
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    statement = root / "content" / "statements" / "mini-2014.yaml"
    last_clause = "    text: Share course material and trainers.\n    sources: [facts]\n"
    amber = f"  - id: op3\n    sensitivity: TLP:AMBER\n    text: {AMBER_CLAUSE}\n"
    statement.write_text(
        statement.read_text().replace(last_clause, last_clause + amber)
        + "field_sensitivity:\n  summary: TLP:AMBER\n"
        + "summary: The drafters meet again in the spring to settle the open items.\n"
    )
    (root / "content" / "commitments" / "jpn-fuel.yaml").write_text(
        "id: jpn-fuel\nmade_by: jpn\nmade_at: hague-2014\ncategory: coe\n"
        f"sensitivity: TLP:RED\ntext: {RED_COMMITMENT}\nsources: [facts]\n"
        "assessments:\n  - round: hague-2014\n    status: complete\n"
        "    evidence: The fuel was moved.\n    sources: [facts]\n"
    )
    return root


def site_text(root: Path, folder: str) -> str:
    site = root / "build" / folder / "html"
    return "\n".join(
        p.read_text(encoding="utf-8") for p in site.rglob("*") if p.suffix in {".html", ".js"}
    )


def test_clear_build_leaves_out_everything_above_clear(repo: Path) -> None:
    result = summit("build", str(repo), "--format", "html")
    assert result.exit_code == 0, result.output
    text = site_text(repo, "clear")
    assert AMBER_CLAUSE not in text
    assert RED_COMMITMENT not in text
    assert "drafters meet again" not in text
    assert "Share course material and trainers." in text  # the clear clauses are there
    assert "leak check: 5 restricted texts, none in the output" in result.stderr


def test_amber_build_includes_amber_but_not_red(repo: Path) -> None:
    result = summit("build", str(repo), "--format", "html", "--audience", "TLP:AMBER")
    assert result.exit_code == 0, result.output
    text = site_text(repo, "amber")
    assert AMBER_CLAUSE in text
    assert "drafters meet again" in text
    assert RED_COMMITMENT not in text
    page = (repo / "build/amber/html/generated/statements/mini-2014.html").read_text()
    # The audience label stands in the header and the footer of every page.
    assert page.count('<span class="sk-tlp">TLP:AMBER</span>') == 2


def test_measures_for_a_public_audience_count_public_commitments_only(repo: Path) -> None:
    clear = json.loads(summit("report", "mini-report", str(repo), "--format", "json").stdout)
    red = json.loads(
        summit(
            "report", "mini-report", str(repo), "--format", "json", "--audience", "TLP:RED"
        ).stdout
    )
    assert clear["states"]["jpn"]["commitments"] == 1
    assert red["states"]["jpn"]["commitments"] == 2
    assert red["states"]["jpn"]["complete"] == 1


def test_exports_follow_the_audience(repo: Path) -> None:
    clear = summit("export", "csv", str(repo), "--what", "commitments").stdout
    red = summit(
        "export", "csv", str(repo), "--what", "commitments", "--audience", "TLP:RED"
    ).stdout
    assert "jpn-fuel" not in clear and "jpn-fuel" in red
    data = summit("export", "json", str(repo)).stdout
    assert AMBER_CLAUSE not in data and "drafters meet again" not in data


def test_leak_check_fails_the_build_and_keeps_the_last_good_output(repo: Path) -> None:
    assert summit("build", str(repo), "--format", "html").exit_code == 0
    # The first build noted the files it found clean; the page changed below is not one.
    assert (repo / ".summit-cache" / "work" / "clear" / "leak-scan.json").is_file()
    index = repo / "build" / "clear" / "html" / "index.html"
    before = index.read_bytes()
    # A hand-written page quotes the amber clause: filtering cannot catch that, the leak check does.
    page = repo / "content" / "index.rst"
    page.write_text(page.read_text() + f"\nAs agreed: {AMBER_CLAUSE}\n")
    result = summit("build", str(repo), "--format", "html")
    assert result.exit_code == 1
    assert "leak check: material above TLP:CLEAR reached the output" in result.stderr
    assert "html/index.html: text of statement mini-2014 clause op3" in result.stderr
    assert index.read_bytes() == before
    assert not list((repo / "build").glob(".clear.staging"))


def test_repository_default_label_applies_to_unmarked_material(repo: Path) -> None:
    (repo / "summitkit.toml").write_text('default_sensitivity = "TLP:GREEN"\n')
    clear = summit("export", "json", str(repo)).stdout
    assert json.loads(clear).get("statement", []) == []
    green = json.loads(summit("export", "json", str(repo), "--audience", "TLP:GREEN").stdout)
    assert {s["id"] for s in green["statement"]} == {"mini-2012", "mini-2014"}


def test_leak_check_reads_the_search_index(repo: Path) -> None:
    # The search index keeps page titles whole: a restricted title there is found.
    from summitkit.deliverables.leaks import Secret, scan

    assert summit("build", str(repo), "--format", "html").exit_code == 0
    site = repo / "build" / "clear" / "html"
    title = "Joint statement on training centres, second round"
    leaks = scan(site, [Secret("test title", title)])
    assert "searchindex.js" in {leak.output.name for leak in leaks}


def test_bad_settings_are_reported(repo: Path) -> None:
    (repo / "summitkit.toml").write_text('default_sensitivity = "TLP:WHITE"\n')
    result = summit("check", str(repo))
    assert result.exit_code == 1
    assert (
        "summitkit.toml:1:1: error: default_sensitivity 'TLP:WHITE' is not one of" in result.stdout
    )


def test_a_claim_about_a_hidden_field_is_hidden_with_it(repo: Path) -> None:
    path = repo / "content" / "statements" / "mini-2014.yaml"
    path.write_text(
        path.read_text()
        + "claims:\n  - field: summary\n"
        + "    value: The drafters meet in secret to settle the open items.\n"
        + "    sources: [other]\n"
    )
    public = summit("export", "json", str(repo)).stdout
    assert "meet in secret" not in public
    amber = summit("export", "json", str(repo), "--audience", "TLP:AMBER").stdout
    assert "meet in secret" in amber


def test_a_record_placed_at_a_hidden_summit_is_left_out_with_it(repo: Path) -> None:
    # Unmarked summits are GREEN here: a commitment marked CLEAR but made at one of them
    # cannot be placed in a public build, and goes with its summit instead of breaking it.
    (repo / "summitkit.toml").write_text('default_sensitivity = "TLP:GREEN"\n')
    commitment = repo / "content" / "commitments" / "kor-coe.yaml"
    commitment.write_text("sensitivity: TLP:CLEAR\n" + commitment.read_text())
    page = repo / "content" / "index.rst"
    page.write_text(page.read_text().replace(".. clause:: mini-2014/op1\n", ""))
    result = summit("build", str(repo), "--format", "html")
    assert result.exit_code == 0, result.output
    public = summit("export", "csv", str(repo), "--what", "commitments")
    assert public.exit_code == 0, public.output
    assert "kor-coe" not in public.stdout
    green = summit("export", "csv", str(repo), "--what", "commitments", "--audience", "TLP:GREEN")
    assert "kor-coe" in green.stdout


def test_the_scan_searches_again_only_what_it_has_not_found_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a memo, a file found clean against the same restricted texts is not read
    for its text again; a changed file is, and so is every file against other texts."""
    from summitkit.deliverables import leaks

    site, memo = tmp_path / "site", tmp_path / "leak-scan.json"
    site.mkdir()
    (site / "a.html").write_text("<p>Courses for trainers.</p>", encoding="utf-8")
    (site / "b.html").write_text("<p>The drafters met.</p>", encoding="utf-8")
    restricted = [leaks.Secret("statement s1 clause op3", AMBER_CLAUSE)]
    read: list[str] = []
    real = leaks.output_text

    def output_text(path: Path) -> str:
        read.append(path.name)
        return real(path)

    monkeypatch.setattr(leaks, "output_text", output_text)

    assert leaks.scan(site, restricted, memo) == []
    assert read == ["a.html", "b.html"]
    read.clear()
    assert leaks.scan(site, restricted, memo) == []
    assert read == []  # both unchanged and found clean before

    quoted = AMBER_CLAUSE.replace("sensitive", "<em>sensitive</em>")
    (site / "b.html").write_text(f"<p>The drafters met. {quoted}</p>", encoding="utf-8")
    found = leaks.scan(site, restricted, memo)
    assert [(leak.output.name, leak.secret.where) for leak in found] == [
        ("b.html", "statement s1 clause op3")
    ]
    assert read == ["b.html"]

    read.clear()
    other = [leaks.Secret("commitment jpn-fuel", "Courses for trainers.")]
    assert [leak.output.name for leak in leaks.scan(site, other, memo)] == ["a.html"]
    assert read == ["a.html", "b.html"]  # the memo was made against other texts


def test_a_corrupt_scan_memo_is_ignored(tmp_path: Path) -> None:
    from summitkit.deliverables.leaks import Secret, scan

    site, memo = tmp_path / "site", tmp_path / "leak-scan.json"
    site.mkdir()
    (site / "a.html").write_text(f"<p>{AMBER_CLAUSE}</p>", encoding="utf-8")
    memo.write_text('{"against": [1, 2], "clean": "everything"', encoding="utf-8")
    assert [leak.output.name for leak in scan(site, [Secret("c", AMBER_CLAUSE)], memo)] == [
        "a.html"
    ]


def test_a_clear_build_leaves_no_restricted_byte_anywhere_under_build(repo: Path) -> None:
    """The caches hold every audience's records: they live in .summit-cache/, beside
    build/, which CI uploads; nothing under build/ holds a restricted text's bytes."""
    assert summit("check", str(repo)).exit_code == 0
    result = summit("build", str(repo), "--format", "html", "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert summit("check", str(repo)).exit_code == 0  # a second check reuses its verdict
    secrets = [AMBER_CLAUSE, RED_COMMITMENT, "drafters meet again"]
    under_build = [p for p in (repo / "build").rglob("*") if p.is_file()]
    assert under_build
    for path in under_build:
        data = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in data, f"{path.relative_to(repo)} holds {secret!r}"
    cache = repo / ".summit-cache"
    assert (cache / "records.pickle").is_file()  # where the restricted records went
    assert RED_COMMITMENT.encode() in (cache / "records.pickle").read_bytes()
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    assert sorted(p.name for p in (repo / "build").iterdir()) == [".lock", "clear"]


def test_the_leak_scan_reads_every_file_the_build_publishes(tmp_path: Path) -> None:
    from summitkit.deliverables.leaks import Secret, scan

    secret = Secret("commitment jpn-fuel", RED_COMMITMENT)
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "theme.js").write_text(f"var x = '{RED_COMMITMENT}';")
    (tmp_path / "records.pickle").write_bytes(b"\x80\x05" + RED_COMMITMENT.encode() + b"\x94")
    (tmp_path / "clean.png").write_bytes(b"\x89PNG nothing here")
    found = sorted(leak.output.name for leak in scan(tmp_path, [secret]))
    assert found == ["records.pickle", "theme.js"]


def test_export_json_never_holds_a_drafters_note(repo: Path) -> None:
    statement = repo / "content" / "statements" / "mini-2014.yaml"
    note = "    note: Ask the chair whether the trainers agreed to be named.\n"
    alternative = (
        "    alternatives:\n      - text: Share the course material.\n"
        "        note: Our capital prefers the shorter wording.\n"
    )
    last_clause = "    text: Share course material and trainers.\n    sources: [facts]\n"
    text = statement.read_text()
    statement.write_text(text.replace(last_clause, last_clause + note + alternative))
    assert summit("check", str(repo)).exit_code == 0, summit("check", str(repo)).output

    for audience in ("TLP:CLEAR", "TLP:RED"):
        data = summit("export", "json", str(repo), "--audience", audience).stdout
        assert "Share the course material." in data  # the alternative is there, ...
        assert "trainers agreed to be named" not in data  # ... its note and the clause's not
        assert "capital prefers" not in data


def _write(root: Path, folder: str, name: str, text: str) -> None:
    (root / "content" / folder).mkdir(exist_ok=True)
    (root / "content" / folder / f"{name}.yaml").write_text(text, encoding="utf-8")


PROPOSAL = """\
id: {id}
document: mini-2014
by: [jpn]
date: 2014-03-10
changes:
  - insert: {{after: {after}, id: {id}-new, text: {text}}}
note: {note}
"""


def test_what_hangs_on_a_hidden_clause_goes_with_it_and_a_proposals_note_is_published(
    repo: Path,
) -> None:
    """A proposal, a comment and a position all marked CLEAR, but about the AMBER
    clause op3, name it and say what would change: a public export holds none of them.
    A proposal's note, its delegation's explanation, is printed in the compilation
    text, so it is exported with the proposal; a proposal above the audience is not."""
    on_hidden = PROPOSAL.format(
        id="jpn-on-op3", after="op3", text="Name the trainers in an annex.",
        note="Our delegation wants the trainers listed.",
    )  # fmt: skip
    _write(repo, "proposals", "jpn-on-op3", "sensitivity: TLP:CLEAR\n" + on_hidden)
    public = PROPOSAL.format(
        id="jpn-public", after="op2", text="Open the centres to observers.",
        note="Observers were asked for by the network.",
    )  # fmt: skip
    _write(repo, "proposals", "jpn-public", public)
    amber = PROPOSAL.format(
        id="jpn-amber", after="op2", text="Fund the centres from the reserve.",
        note="The reserve is the only money left.",
    )  # fmt: skip
    _write(repo, "proposals", "jpn-amber", "sensitivity: TLP:AMBER\n" + amber)
    _write(
        repo, "comments", "kor-op3",
        "id: kor-op3\nsensitivity: TLP:CLEAR\ndocument: mini-2014\nclause: op3\n"
        "quote: sensitive course material\nby: kor\ndate: 2014-03-11\n"
        "text: The trainers asked not to be named anywhere.\n",
    )  # fmt: skip
    _write(
        repo, "positions", "kor-on-op3",
        "id: kor-on-op3\nsensitivity: TLP:CLEAR\nproposal: jpn-on-op3\nby: kor\n"
        "stance: oppose\ndate: 2014-03-12\nnote: Korea opposes the annex of names.\n",
    )  # fmt: skip
    checked = summit("check", str(repo))
    assert checked.exit_code == 0, checked.output

    hidden = (
        "Name the trainers in an annex", "trainers listed", "asked not to be named",
        "annex of names", "jpn-on-op3", "Fund the centres", "only money left",
    )  # fmt: skip
    clear = summit("export", "json", str(repo))
    assert clear.exit_code == 0, clear.output
    assert [text for text in hidden if text in clear.stdout] == []
    assert "Open the centres to observers." in clear.stdout
    assert "Observers were asked for by the network." in clear.stdout

    full = summit("export", "json", str(repo), "--audience", "TLP:AMBER")
    assert full.exit_code == 0, full.output
    assert [text for text in hidden if text not in full.stdout] == []

    compiled = summit("compile", "mini-2014", "--path", str(repo))
    assert compiled.exit_code == 0, compiled.output
    assert [text for text in hidden if text in compiled.output] == []


def test_an_unmarked_comment_stays_restricted_on_a_redlines_git_side(repo: Path) -> None:
    """`diff HEAD` reads the old side from git, without check: an unmarked comment
    there is still comment_sensitivity (TLP:AMBER), never public."""
    from gitkit import git

    comment = (
        "id: kor-op2\ndocument: mini-2014\nclause: op2\nby: kor\ndate: 2014-03-11\n"
        "text: Our trainers asked to stay anonymous in every round.\n"
    )
    _write(repo, "comments", "kor-op2", comment)
    git(repo, "init", "-q")
    (repo / ".gitignore").write_text("build/\n.summit-cache/\ncontent/generated/\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "A comment")
    _write(repo, "comments", "kor-op2", comment.replace("every round", "every round, again"))
    for fmt in ("text", "json", "html"):
        result = summit("diff", "HEAD", "--format", fmt, "--path", str(repo))
        assert result.exit_code == 0, result.output
        assert "anonymous" not in result.output
    amber = summit(
        "diff", "HEAD", "--format", "json", "--path", str(repo), "--audience", "TLP:AMBER"
    )
    assert amber.exit_code == 0, amber.output
    assert "anonymous" in amber.output
