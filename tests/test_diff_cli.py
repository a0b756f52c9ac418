"""`summit diff` through the command line: sides, every output format, errors, safety."""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from diffkit import CLAUSES, Drafts, clauses_with, snapshot, statement, summit
from gitkit import AUTHOR, git

from summitkit.diff.command import wants_color

EDITED = "Work closely together through the IAEA network of centres."
ADDED = "Meet again in 2014."


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Two committed revisions (the first tagged v1); the working tree is clean."""
    drafts = Drafts(tmp_path / "repo")
    drafts.commit("First draft", tag="v1")
    by_id = {c["id"]: c for c in clauses_with(("op1", EDITED))}
    order = ["pp1", "op4", "op1", "op3"]
    drafts.statement(
        status="circulated",
        revision=2,
        signatories=["usa", "jpn", "chn"],
        clauses=[by_id[i] for i in order] + [{"id": "op5", "text": ADDED}],
    )
    drafts.basket(
        co_sponsors=["kor", "ita"],
        action_items=[
            {"id": "ai1", "title": "Joint course", "owner": "jpn", "deliverable": "A course"},
            {"id": "ai3", "title": "Report", "owner": "chn", "deliverable": "A report"},
        ],
    )
    drafts.commitment(status="substantial")
    drafts.commit("Second draft")
    return drafts.root


def diff(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = summit("diff", *args, "--path", str(repo), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_text_redline_without_colour_uses_word_diff_markers(repo: Path) -> None:
    out = diff(repo, "v1", "HEAD", "--no-color")
    assert "Work {+closely +}together through the {+IAEA +}network of centres." in out
    assert "signatories joined: China (chn)" in out
    assert "signatories left: Austria (aut)" in out
    assert "status: draft → circulated" in out and "revision: 1 → 2" in out
    assert "op4 (operative): moved from 5 to 2" in out
    assert "[-Share course material and trainers between the centres.-]" in out
    assert f"{{+{ADDED}+}}" in out
    assert "action item dropped: ai2 — Staff exchange" in out
    assert "co-sponsors removed: China (chn)" in out
    assert "assessment at hague-2014: limited → substantial (up)" in out
    assert "\x1b[" not in out
    # NEW defaults to the working tree, which is HEAD here.
    assert diff(repo, "v1", "--no-color").split("\n", 1)[1] == out.split("\n", 1)[1]


def test_colour_on_request_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\x1b[" in summit_colour_output()
    terminal = io.StringIO()
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert wants_color(None, to_file=False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not wants_color(None, to_file=False)
    assert wants_color(True, to_file=False)  # an explicit --color wins


def summit_colour_output() -> str:
    from summitkit.diff.changes import Side
    from summitkit.diff.compare import compare_pair
    from summitkit.diff.terminal import changeset_text

    changes = compare_pair(
        statement([("op1", "Old words.")]), statement([("op1", "New words.")]), Side("a"), Side("b")
    )
    return changeset_text(changes, 2, True, {})


def test_context_elides_unchanged_clauses(repo: Path) -> None:
    out = diff(repo, "HEAD~1:joint-2012", "HEAD:joint-2012", "--no-color", "--context", "0")
    assert "… 1 unchanged clause" in out
    assert "Recognising the value" not in out  # pp1, unchanged, is elided
    wide = diff(repo, "HEAD~1:joint-2012", "HEAD:joint-2012", "--no-color", "--context", "5")
    assert "Recognising the value" in wide and "unchanged clause" not in wide


def test_json_change_set_keys_and_counts(repo: Path) -> None:
    data = json.loads(diff(repo, "v1", "HEAD", "--format", "json"))
    assert data["scope"] == "corpus" and data["new"]["author"] == AUTHOR
    summary = data["summary"]
    assert summary == {
        "clauses_added": 1,
        "clauses_removed": 1,
        "clauses_modified": 1,
        "clauses_moved": 1,
        "clauses_unchanged": 2 + 1,  # pp1 and op3; the basket's op1
        "words_inserted": 2 + 4,
        "words_deleted": 8,
        "records_changed": 3,
        "records_unchanged": 10,
    }
    records = {(r["kind"], r["new_id"]): r for r in data["records"]}
    statement = records[("statement", "joint-2012")]
    assert statement["signatories"] == {"joined": ["chn"], "left": ["aut"]}
    assert statement["summary"]["signatories"] == {"joined": 1, "left": 1}
    assert statement["status_change"] == {"old": "draft", "new": "circulated"}
    op1 = next(c for c in statement["clauses"] if c["new_id"] == "op1")
    assert op1["redline"] == [
        {"op": "equal", "text": "Work "},
        {"op": "insert", "text": "closely "},
        {"op": "equal", "text": "together through the "},
        {"op": "insert", "text": "IAEA "},
        {"op": "equal", "text": "network of centres."},
    ]
    basket = records[("basket", "trilateral")]
    assert {(i["id"], i["status"]) for i in basket["action_items"]} == {
        ("ai2", "dropped"),
        ("ai3", "added"),
    }
    assert basket["co_sponsors"] == {"added": ["ita"], "removed": ["chn"]}
    assessment = records[("commitment", "jpn-coe")]["assessments"]
    assert assessment == [
        {"at": "hague-2014", "old": "limited", "new": "substantial", "direction": "up"}
    ]


class Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and str(found.get("href", "")).startswith("#"):
            self.links.append(str(found["href"])[1:])


def test_html_page_is_the_document_with_marks_identity_and_audience(repo: Path) -> None:
    page = diff(repo, "v1", "HEAD", "--format", "html")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "<title>Redline of the corpus: v1 → HEAD</title>" in page
    # Who made the change and when: for the eye (title) and for the DOCX printer (data-*).
    by = f'title="inserted by {AUTHOR}" data-author="{AUTHOR}" data-date="[^"]+"'
    assert re.search(f"<ins {by}>closely </ins>", page), page
    assert "<del" in page and "Share course material" in page
    assert "<script" not in page and "<link" not in page and "<style>" in page
    assert 'class="sk-document sk-redline" data-id="corpus"' in page
    assert page.count("<main>") == 1 and "<header" in page and "<footer" in page
    # Both sides' identity and the audience, in the banner, the table and the metadata.
    short = git(repo, "rev-parse", "--short", "v1^{commit}").strip()
    assert page.count(f"corpus · commit {short} → corpus · commit ") == 3
    assert page.count("TLP:CLEAR") >= 4 and 'name="dcterms.audience" content="TLP:CLEAR"' in page
    # Printed numbers, a move at both ends, plain words beside the text.
    assert '<span class="sk-number"><del title="deleted by' in page
    assert 'data-change="moved-from"' in page and 'data-change="moved-to"' in page
    assert "(moved from paragraph 4)" in page
    assert '<th scope="row">Signatories who joined</th><td>—</td><td>China</td>' in page
    assert '{"' not in page and "[" not in page.split("<body>")[1]
    outline = Outline()
    outline.feed(page)
    assert outline.headings[0] == 1 and outline.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(outline.headings, outline.headings[1:], strict=False))


def test_html_escapes_clause_text(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path / "repo")
    drafts.commit("First")
    drafts.statement(
        clauses=clauses_with(("op1", "Use <b> & 'quotes' \"here\" <script>x</script>"))
    )
    page = diff(drafts.root, "joint-2012", "--format", "html")
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "&lt;b&gt; &amp;" in page


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml").decode("utf-8")


def test_docx_has_tracked_changes_by_the_newer_author_and_is_reproducible(
    repo: Path, tmp_path: Path
) -> None:
    import docx

    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    env = {"SOURCE_DATE_EPOCH": "1396224000"}  # 2014-03-31
    for target in (first, second):
        result = summit(
            "diff", "v1", "HEAD", "--format", "docx", "-o", str(target), "--path", str(repo),
            env=env,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()
    xml = document_xml(first)
    assert re.search(rf'<w:ins w:id="\d+" w:author="{AUTHOR}" w:date="[0-9T:-]+Z"', xml)
    assert re.search(rf'<w:del w:id="\d+" w:author="{AUTHOR}"', xml)
    assert "closely" in xml and "w:delText" in xml
    with zipfile.ZipFile(first) as packed:
        assert {i.date_time for i in packed.infolist()} == {(2014, 3, 31, 0, 0, 0)}
        assert b"2014-03-31T00:00:00Z" in packed.read("docProps/core.xml")
    text = "\n".join(p.text for p in docx.Document(str(first)).paragraphs)
    assert "joint-2012" in text


def test_docx_of_the_working_tree_is_authored_by_who_git_names_now(
    repo: Path, tmp_path: Path
) -> None:
    (repo / "content/statements/joint-2012.yaml").write_text(
        (repo / "content/statements/joint-2012.yaml")
        .read_text()
        .replace("Meet again in 2014.", "Meet again in 2016."),
        "utf-8",
    )
    target = tmp_path / "w.docx"
    result = summit(
        "diff", "joint-2012", "--format", "docx", "-o", str(target), "--path", str(repo)
    )
    assert result.exit_code == 0, result.output
    xml = document_xml(target)
    assert re.search(rf'<w:ins w:id="\d+" w:author="{AUTHOR}"[^>]*><w:r><w:t[^>]*>2016', xml)


def test_pdf_redline_prints_through_the_deliverables_route(repo: Path, tmp_path: Path) -> None:
    pytest.importorskip(
        "summitkit.deliverables.printed.pdf",
        reason="summitkit.deliverables.printed.pdf (the deliverables' printer) is absent",
    )
    import pypdf

    target = tmp_path / "r.pdf"
    result = summit(
        "diff", "v1:joint-2012", "HEAD:joint-2012", "--format", "pdf", "-o", str(target),
        "--path", str(repo),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(target).pages)
    assert "closely" in text and "Share course material" in text


def test_a_redline_of_the_corpus_showing_a_draft_is_marked_draft(
    repo: Path, tmp_path: Path
) -> None:
    """The statement is circulated, not adopted, at both ends: a redline of the whole
    corpus that shows it carries the DRAFT mark on every page, as the statement's own."""
    import pypdf

    target = tmp_path / "corpus.pdf"
    result = summit("diff", "v1", "HEAD", "--format", "pdf", "-o", str(target), "--path", str(repo))
    assert result.exit_code == 0, result.output
    pages = pypdf.PdfReader(target).pages
    assert len(pages) > 1 and all("DRAFT" in page.extract_text() for page in pages)


def test_comparing_revisions_touches_neither_working_tree_nor_index(
    repo: Path, tmp_path: Path
) -> None:
    # Uncommitted changes, even invalid ones, do not matter to a comparison of revisions.
    (repo / "content/states/aut.yaml").write_text("id: aut\niso3: nope\n", "utf-8")
    (repo / "content/statements/joint-2012.yaml").write_text("broken: [\n", "utf-8")
    (repo / "gifts/new.yaml").write_text("id: new\n", "utf-8")
    git(repo, "add", "gifts/new.yaml")
    before = snapshot(repo)
    for fmt in ("text", "json", "html"):
        diff(repo, "v1", "HEAD", "--format", fmt)
    diff(repo, "v1", "HEAD", "--format", "docx", "-o", str(tmp_path / "r.docx"))
    diff(repo, "v1:joint-2012", "HEAD:joint-2012")
    assert snapshot(repo) == before


def test_two_documents_of_a_lineage_are_aligned_by_similarity(repo: Path) -> None:
    drafts = Drafts.__new__(Drafts)
    drafts.root = repo
    renamed = [{**c, "id": f"new-{c['id']}"} for c in CLAUSES]
    renamed[1]["text"] = "Work together through the network of all the centres."
    drafts.statement(id="joint-2014", round="hague-2014", clauses=renamed)
    data = json.loads(diff(repo, "v1:joint-2012", "joint-2014", "--format", "json"))
    assert data["scope"] == "records"
    clauses = data["records"][0]["clauses"]
    assert all(c["matched_by"] == "similarity" for c in clauses)
    assert {c["old_id"]: c["new_id"] for c in clauses}["op1"] == "new-op1"
    assert data["summary"]["clauses_added"] == data["summary"]["clauses_removed"] == 0


def test_a_document_side_and_a_revision_side(repo: Path) -> None:
    one = json.loads(diff(repo, "v1", "joint-2012", "--format", "json"))
    two = json.loads(diff(repo, "v1:joint-2012", "--format", "json"))
    assert one["records"] == two["records"] and one["scope"] == "records"
    assert one["old"]["label"] == "v1:joint-2012"
    assert one["new"]["label"] == "joint-2012 (working tree)"
    same = json.loads(diff(repo, "joint-2012", "--format", "json"))  # HEAD → working tree
    assert same["summary"]["clauses_unchanged"] == 5
    assert same["summary"]["clauses_modified"] == 0


def fails(repo: Path, *args: str) -> tuple[int, str]:
    result = summit("diff", *args, "--path", str(repo))
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), "a traceback instead of an error"
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def test_unknown_or_ambiguous_sides_are_usage_errors(repo: Path) -> None:
    code, err = fails(repo, "no-such-thing")
    assert code == 2 and "neither a git revision nor a record" in err
    code, err = fails(repo, "HEAD:no-such-record")
    assert code == 2 and "no record 'no-such-record' in the corpus at HEAD" in err
    code, err = fails(repo, "v9:joint-2012")
    assert code == 2 and "'v9' is not a revision" in err
    code, err = fails(repo, "joint-2012/rev7")
    assert code == 2 and "no tag 'joint-2012/rev7'" in err
    git(repo, "tag", "joint-2012")
    code, err = fails(repo, "joint-2012")
    assert code == 2 and "ambiguous" in err and "REV:joint-2012" in err
    code, err = fails(repo, "v1", "HEAD", "--format", "pdf")
    assert code == 2 and "-o PATH" in err


def test_a_revision_whose_corpus_does_not_validate_says_where(repo: Path) -> None:
    (repo / "content/states/aut.yaml").write_text("id: aut\niso3: AUT\nname: Austria\n", "utf-8")
    git(repo, "commit", "-q", "-am", "Break a state")
    code, err = fails(repo, "HEAD~1", "HEAD")
    assert code == 1
    assert re.search(r"^HEAD:content/states/aut\.yaml:\d+:\d+: error: .*short_name", err, re.M)
    assert "the corpus at HEAD does not validate" in err


def test_outside_git_a_revision_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    code, err = fails(tmp_path, "HEAD~1")
    assert code == 2 and "neither a git revision nor a record" in err


# -- the shipped corpus -------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
FACTS = Path(__file__).parent / "data" / "nss-facts.yaml"
NSTSC_2012, NSTSC_2016 = "seoul-2012-nstsc", "washington-2016-nstsc"


def test_shipped_training_centres_statements_signatories_joined_and_left() -> None:
    import yaml

    from summitkit.sources.check.project import check

    facts = yaml.safe_load(FACTS.read_text("utf-8"))
    by_round = {
        s["round"]: s
        for s in facts["joint_statements"]
        if s["title"].startswith("Joint Statement on Nuclear Security Training")
    }
    corpus = check(ROOT).corpus
    ids = {s.name: s.id for s in corpus.states.values()}
    ids |= {o.short_name: o.id for o in corpus.organizations.values()}

    def parties(round_id: str) -> set[str]:
        listed = by_round[round_id]
        return {ids[name] for name in [*listed["signatories"], *listed.get("organizations", [])]}

    before, after = parties("seoul-2012"), parties("washington-2016")
    result = summit("diff", NSTSC_2012, NSTSC_2016, "--format", "json", "--path", str(ROOT))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)["records"][0]
    assert set(record["signatories"]["joined"]) == after - before
    assert set(record["signatories"]["left"]) == before - after
    assert "chn" in record["signatories"]["joined"] and "kor" not in record["signatories"]["left"]


def test_a_redline_shows_only_what_its_audience_may_see_and_never_notes(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path / "repo")
    secret = {"id": "op9", "text": "Held back text.", "sensitivity": "TLP:RED", "note": "old"}
    drafts.statement(clauses=[*CLAUSES, secret])
    drafts.commit("First")
    changed = {**secret, "text": "Held back, amended.", "note": "Ask the sherpa first."}
    drafts.statement(clauses=[*clauses_with(("op1", EDITED)), changed])
    for fmt in ("text", "json", "html"):
        public = diff(drafts.root, "joint-2012", "--format", fmt, "--no-color")
        assert "closely" in public and "Held back" not in public and "sherpa" not in public
    everything = diff(drafts.root, "joint-2012", "--no-color", "--audience", "TLP:RED")
    assert "Held back[- text-]{+, amended+}." in everything
    assert "sherpa" not in everything


RED_TEXT = "Move the reactor fuel to the secure national store at night."


@pytest.mark.parametrize("output_format", ["text", "json", "html", "pdf", "docx"])
def test_a_change_above_the_audience_is_counted_not_shown(
    tmp_path: Path, output_format: str
) -> None:
    """Git lists the RED record's file as changed; the CLEAR filter removes both sides:
    the redline says how many such records changed, and nothing else of them."""
    drafts = Drafts(tmp_path / "repo")
    drafts.statement("red-2012", sensitivity="TLP:RED", clauses=[{"id": "op1", "text": RED_TEXT}])
    drafts.commit("First draft", tag="v1")
    drafts.statement(
        "red-2012", sensitivity="TLP:RED", clauses=[{"id": "op1", "text": RED_TEXT + " Twice."}]
    )
    drafts.commit("Second draft")
    output = tmp_path / f"redline.{output_format}"
    args = ["-o", str(output)] if output_format in ("pdf", "docx", "html") else []

    result = summit(
        "diff", "v1", "HEAD", "--format", output_format, *args, "--path", str(drafts.root)
    )

    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    shown = output.read_bytes() if args else result.stdout.encode()
    for secret in (RED_TEXT, "red-2012"):
        assert secret.encode() not in shown
    if output_format == "text":
        assert "1 restricted, not shown" in result.stdout
    if output_format == "json":
        assert json.loads(result.stdout)["summary"]["records_restricted"] == 1
