"""The tagged PDF's structure tree: every element with an /ID is found through /IDTree."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from test_output import STAMP  # the draft statement's stamp the printer tests share

from summitkit.deliverables.printed.pdf import write_pdf

FIXTURE = Path(__file__).parent / "data" / "output"


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site") / "html"
    shutil.copytree(FIXTURE, site)
    target = site.parent / "statement.pdf"
    write_pdf(site / "statement.html", target, STAMP)
    return target


def elements(node: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    """Every structure element under `node`, depth first."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from elements(kid)


def name_tree(node: pikepdf.Dictionary) -> dict[bytes, pikepdf.Object]:
    """A name tree's entries, leaves and intermediate nodes alike."""
    entries: dict[bytes, pikepdf.Object] = {}
    names = node.get("/Names", pikepdf.Array())
    for index in range(0, len(names), 2):
        entries[bytes(names[index])] = names[index + 1]
    for kid in node.get("/Kids", pikepdf.Array()):
        entries.update(name_tree(kid))
    return entries


def test_every_id_in_the_structure_tree_resolves_through_the_id_tree(pdf: Path) -> None:
    with pikepdf.open(pdf) as document:
        root = document.Root.StructTreeRoot
        with_ids = [element for element in elements(root) if "/ID" in element]
        assert len(with_ids) >= 4  # the table's header cells
        assert "/IDTree" in root
        tree = name_tree(root.IDTree)
        assert len(tree) == len(with_ids)
        for element in with_ids:
            assert tree[bytes(element.ID)].objgen == element.objgen
        # Each cell's /Headers names an ID the tree knows.
        named = [
            bytes(header)
            for element in elements(root)
            if "/A" in element and isinstance(element.A, pikepdf.Dictionary)
            for header in element.A.get("/Headers", pikepdf.Array())
        ]
        assert named and all(header in tree for header in named)
        keys = [bytes(key) for key in list(root.IDTree.Names)[::2]]
        assert keys == sorted(keys)  # a name tree is sorted


def test_word_keeps_labels_with_the_next_paragraph_and_rows_whole(tmp_path: Path) -> None:
    """The compilation text in Word: "3 [open]" is never left at the foot of a page
    without its paragraph, headings keep with what follows, table rows do not split."""
    import docx
    from conftest import summit
    from docx.oxml.ns import qn

    target = tmp_path / "compilation.docx"
    root = Path(__file__).resolve().parents[1]
    result = summit(
        "compile", "cjk-coe-collaboration-2014", "--format", "docx", "-o", str(target),
        "--path", str(root),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = docx.Document(str(target))
    labels = [p for p in document.paragraphs if p.text.startswith("3 [open")]
    assert labels and all(p.style is not None for p in labels)
    assert all(p.style.paragraph_format.keep_with_next for p in labels if p.style)
    headings = [p for p in document.paragraphs if p.style and p.style.name.startswith("Heading")]
    assert headings and all(p.style.paragraph_format.keep_with_next for p in headings if p.style)
    rows = list(document.element.body.iter(qn("w:tr")))
    assert len(rows) > 10
    for row in rows:
        properties = row.find(qn("w:trPr"))
        assert properties is not None and properties.find(qn("w:cantSplit")) is not None
