"""The compilation text in Word, printed two ways: by `summit build` (the site's
compilation page) and by `summit compile --format docx`. One printer prints both,
so a delegation gets the same file whichever way the secretariat made it: the
house style, the same header, footer, DRAFT mark and properties, and every
proposal a Word tracked change by the delegation that tabled it."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import wordkit
from conftest import copy_repo, summit
from pypdf import PdfReader

MINI = Path(__file__).parent / "data" / "mini"
EPOCH = {"SOURCE_DATE_EPOCH": "1395619200"}  # 2014-03-24
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

CLAUSES = """\
clauses:
  - id: op1
    text: Set up a working group of the centres.
    sources: [facts]
  - id: op2
    text: Report to the next summit.
"""
PROPOSALS = {
    "chn-1.yaml": (
        "id: chn-1\ndocument: mini-basket\nby: [chn]\nsupported_by: [kor]\ndate: 2014-02-01\n"
        "changes:\n"
        "  - replace: {clause: op1, old: Set up, new: Consider}\n"
        "  - insert: {after: op1, id: op1bis, text: Train together.}\n"
    ),
    "jpn-1.yaml": (
        "id: jpn-1\ndocument: mini-basket\nby: [jpn]\ndate: 2014-02-03\nchanges:\n  - delete: op2\n"
    ),
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The mini gift basket with two tabled proposals, its compilation printed both ways."""
    repo = copy_repo(MINI, tmp_path_factory.mktemp("mini") / "repo")
    basket = repo / "gifts" / "mini-basket.yaml"
    text = basket.read_text("utf-8")
    basket.write_text(text[: text.index("clauses:")] + CLAUSES + "sources: [facts]\n", "utf-8")
    (repo / "content" / "proposals").mkdir()
    for name, proposal in PROPOSALS.items():
        (repo / "content" / "proposals" / name).write_text(proposal, "utf-8")
    built = summit("build", repo, "--format", "docx", "--only", "mini-basket", "-q", env=EPOCH)
    assert built.exit_code == 0, built.output
    compiled = repo / "compiled.docx"
    result = summit(
        "compile", "mini-basket", "--format", "docx", "-o", compiled, "--path", repo, env=EPOCH
    )
    assert result.exit_code == 0, result.output
    return {"build": repo / "build/clear/docx/mini-basket-compilation.docx", "compile": compiled}


def parts(path: Path, pattern: str) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {n: package.read(n) for n in package.namelist() if re.fullmatch(pattern, n)}


def revisions(path: Path) -> set[tuple[str, str, str, str]]:
    """Every tracked change of the body: kind, author, date and the text it holds."""
    from lxml import etree

    body = etree.fromstring(parts(path, "word/document.xml")["word/document.xml"])
    return {
        (
            mark.tag.removeprefix(W),
            mark.get(f"{W}author", ""),
            mark.get(f"{W}date", ""),
            "".join(mark.itertext()),
        )
        for mark in body.iter(f"{W}ins", f"{W}del")
    }


def test_both_routes_print_the_same_style_header_footer_and_properties(
    printed: dict[str, Path],
) -> None:
    site, compiled = printed["build"], printed["compile"]
    for pattern in (r"word/styles\.xml", r"word/(header|footer)\d*\.xml", r"docProps/.*\.xml"):
        assert parts(site, pattern) == parts(compiled, pattern), pattern
    headers = b"".join(parts(site, r"word/(header|footer)\d*\.xml").values()).decode()
    assert "DRAFT · Compilation text: Gift basket on centre collaboration" in headers
    assert "TLP:CLEAR" in headers and "NUMPAGES" in headers
    assert "mini-basket · rev. 1 · draft · commit unversioned · built 2014-03-24" in headers
    # The house style: the reference document's styles, not pandoc's "Compact" ones.
    assert b'w:styleId="VersionLine"' in parts(site, r"word/styles\.xml")["word/styles.xml"]
    core = parts(site, r"docProps/core\.xml")["docProps/core.xml"].decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2014-03-24T00:00:00Z' in core
    custom = parts(site, r"docProps/custom\.xml")["docProps/custom.xml"].decode()
    assert "summitkit.kind" in custom and ">compilation<" in custom
    for path in (site, compiled):
        opening = wordkit.paragraphs(path, "accept")[:3]
        assert opening == [
            "Compilation text: Gift basket on centre collaboration",
            "mini-basket · rev. 1 · draft · commit unversioned · built 2014-03-24 · TLP:CLEAR",
            "DRAFT",
        ]


def test_both_carry_every_proposal_as_a_tracked_change_by_its_delegation(
    printed: dict[str, Path],
) -> None:
    expected = {
        ("del", "China", "2014-02-01T00:00:00Z", "Set up"),
        ("ins", "China", "2014-02-01T00:00:00Z", "Consider"),
        ("ins", "China", "2014-02-01T00:00:00Z", "Train together."),
        ("del", "Japan", "2014-02-03T00:00:00Z", "Report to the next summit."),
    }
    assert revisions(printed["build"]) == revisions(printed["compile"]) == expected
    for path in printed.values():
        # Accepting every change gives the text as proposed, rejecting it the text as is.
        accepted, rejected = wordkit.paragraphs(path, "accept"), wordkit.paragraphs(path, "reject")
        assert "[ Consider — CHN (chn-1)] a working group of the centres." in accepted
        assert "[Set up — CHN (chn-1)] a working group of the centres." in rejected
        assert "[]" in accepted and "[Report to the next summit.]" in rejected
        # No trace of the printer's own markers.
        assert not any(b"sk-rev" in xml for xml in parts(path, r"word/.*\.xml").values())


def test_libreoffice_opens_both(printed: dict[str, Path], tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; tools/setup.sh --test installs it")
    for name, path in printed.items():
        folder = tmp_path / name
        subprocess.run(
            [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
             "--convert-to", "pdf", "--outdir", str(folder), str(path)],
            check=True, capture_output=True, timeout=240,
        )  # fmt: skip
        pdf = folder / f"{path.stem}.pdf"
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
        assert "Compilation text: Gift basket on centre collaboration" in text, name
        assert "Train together." in text and "TLP:CLEAR" in text, name
