"""The `summit import docx` benchmark: a returned Word file of 20,000 paragraphs.

The file is written here, not printed (pandoc on 20,000 paragraphs would cost
minutes of set-up): one Word paragraph per clause of a generated statement,
each anchored with summitkit's bookmark, one in ten carrying a tracked
replacement by one of three delegations (Word authors named by party id), and
the custom properties `summit build` writes. The baseline is python-docx
opening the same file and reading every paragraph's text.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WALK = """
import sys, docx
document = docx.Document(sys.argv[1])
sum(len(p.text) for p in document.paragraphs)
"""


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def returned_docx(repo: Path, statement: str, target: Path) -> Path:
    """The DOCX of `statement` (committed in `repo`) as three delegations return it."""
    import docx
    from lxml import etree

    from summitkit.deliverables.printed.word import with_custom_properties

    record = yaml.safe_load((repo / "content/statements" / f"{statement}.yaml").read_text())
    parties = record["signatories"][:3]
    document = docx.Document()
    body = document.element.body
    for n, clause in enumerate(record["clauses"]):
        paragraph = document.add_paragraph()._p
        paragraph.append(
            etree.Element(q("bookmarkStart"), {q("id"): str(n), q("name"): f"sk_{clause['id']}"})
        )
        words = " ".join(clause["text"].split())
        if n % 10:
            run = etree.SubElement(paragraph, q("r"))
            etree.SubElement(run, q("t")).text = words
        else:
            first, _, rest = words.partition(" ")
            author = {q("author"): parties[n % len(parties)], q("date"): "2012-03-20T09:30:00Z"}
            deleted = etree.SubElement(paragraph, q("del"), {q("id"): f"{n}1", **author})
            etree.SubElement(etree.SubElement(deleted, q("r")), q("delText")).text = first
            added = etree.SubElement(paragraph, q("ins"), {q("id"): f"{n}2", **author})
            etree.SubElement(etree.SubElement(added, q("r")), q("t")).text = "Changed"
            run = etree.SubElement(paragraph, q("r"))
            etree.SubElement(
                run, q("t"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}
            ).text = f" {rest}"
        paragraph.append(etree.Element(q("bookmarkEnd"), {q("id"): str(n)}))
    assert body is not None
    document.save(str(target))
    commit = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    properties = {
        "kind": "statement",
        "record": statement,
        "revision": str(record.get("revision", 1)),
        "status": record.get("status", "draft"),
        "commit": commit,
        "audience": "TLP:CLEAR",
        "language": "en",
    }
    target.write_bytes(with_custom_properties(target.read_bytes(), properties))
    return target


def shorten(repo: Path, statement: str) -> None:
    """Short clauses, so that 20,000 of them stay under the record size limit (2 MiB)."""
    path = repo / "content/statements" / f"{statement}.yaml"
    record = yaml.safe_load(path.read_text())
    for n, clause in enumerate(record["clauses"]):
        clause["text"] = f"Clause {n} of the long draft, in a few words."
    path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True))


def commit(repo: Path) -> None:
    env = ["-c", "user.name=Bench", "-c", "user.email=bench@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo), *env, "commit", "-q", "-m", "bench"], check=True)
