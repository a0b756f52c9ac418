"""A tiny drafting repository in git, for the diff, git and release tests.

`Drafts` writes a small valid corpus (states, a summit, a statement, a gift
basket, a commitment) as YAML, and commits revisions of it with a fixed
author, so each test can build the history it needs in `tmp_path`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import conftest
import yaml
from click.testing import Result
from gitkit import GIT_ENV, git

from summitkit.sources.schema import Statement

STATES = {
    "usa": ("United States", "United States"),
    "jpn": ("Japan", "Japan"),
    "chn": ("China", "China"),
    "kor": ("Republic of Korea", "Korea, Republic of"),
    "aut": ("Austria", "Austria"),
    "ita": ("Italy", "Italy"),
}

CLAUSES = [
    {"id": "pp1", "kind": "preambular", "text": "Recognising the value of training centres."},
    {"id": "op1", "text": "Work together through the network of centres."},
    {"id": "op2", "text": "Share course material and trainers between the centres."},
    {"id": "op3", "text": "Report on progress at each summit round."},
    {"id": "op4", "text": "Invite other states to join this statement."},
]


def summit(*args: str, env: dict[str, str] | None = None) -> Result:
    """`summit` as the test drafter, so that redlines name a known author."""
    return conftest.summit(*args, env={**GIT_ENV, **(env or {})})


class Drafts:
    """A drafting repository under construction: write records, commit, tag."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "-q", "-b", "main")
        self.base()

    def write(self, folder: str, data: dict[str, Any]) -> Path:
        path = self.root / folder / f"{data['id']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
        return path

    def base(self) -> None:
        self.write("content/sources", {"id": "facts", "title": "Facts for the tests"})
        for id, (name, short) in STATES.items():
            self.write(
                "content/states",
                {"id": id, "iso3": id.upper(), "name": name, "short_name": short},
            )
        for id, year, city in (("seoul-2012", 2012, "Seoul"), ("hague-2014", 2014, "The Hague")):
            self.write(
                "content/summits",
                {
                    "id": id,
                    "title": f"{city} Nuclear Security Summit",
                    "city": city,
                    "start": f"{year}-03-24",
                    "end": f"{year}-03-25",
                    "host": "kor",
                },
            )
        self.write("content/categories", {"id": "coe", "title": "Centres of excellence"})
        self.statement()
        self.basket()
        self.commitment()

    def statement(self, id: str = "joint-2012", **changes: Any) -> Path:
        data: dict[str, Any] = {
            "id": id,
            "title": "Joint statement on training centres",
            "round": "seoul-2012",
            "status": "draft",
            "revision": 1,
            "lead": ["usa"],
            "signatories": ["usa", "jpn", "aut"],
            "clauses": [dict(c) for c in CLAUSES],
        }
        data.update(changes)
        return self.write("content/statements", data)

    def basket(self, **changes: Any) -> Path:
        data: dict[str, Any] = {
            "id": "trilateral",
            "title": "Trilateral gift basket on centres",
            "round": "hague-2014",
            "lead": ["jpn"],
            "co_sponsors": ["chn", "kor"],
            "objective": "Link the three centres of excellence.",
            "action_items": [
                {"id": "ai1", "title": "Joint course", "owner": "jpn", "deliverable": "A course"},
                {"id": "ai2", "title": "Staff exchange", "owner": "kor", "deliverable": "Visits"},
            ],
            "clauses": [{"id": "op1", "text": "The three states link their centres."}],
        }
        data.update(changes)
        return self.write("gifts", data)

    def commitment(self, status: str = "limited") -> Path:
        return self.write(
            "content/commitments",
            {
                "id": "jpn-coe",
                "made_by": "jpn",
                "made_at": "seoul-2012",
                "category": "coe",
                "text": "Japan opens a centre of excellence.",
                "assessments": [
                    {
                        "round": "hague-2014",
                        "status": status,
                        "evidence": "Reported at the summit.",
                        "sources": ["facts"],
                    }
                ],
            },
        )

    def commit(self, message: str, tag: str | None = None) -> str:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", message)
        if tag:
            git(self.root, "tag", "-a", "-m", tag, tag)
        return git(self.root, "rev-parse", "HEAD")


def statement(clauses: list[tuple[str, str]], **fields: Any) -> Statement:
    """A statement record in memory, with (id, text) clauses."""
    data = {"id": "s", "title": "A statement", "round": "seoul-2012", **fields}
    data["clauses"] = [{"id": id, "text": text} for id, text in clauses]
    return Statement.model_validate(data)


def clauses_with(*edits: tuple[str, str]) -> list[dict[str, Any]]:
    """The base clauses with some texts replaced, by clause id."""
    texts = dict(edits)
    return [{**c, "text": texts.get(str(c["id"]), c["text"])} for c in CLAUSES]


def snapshot(repo: Path) -> dict[str, str]:
    """Every file of the work tree but the record cache, and of .git (index, HEAD,
    refs, objects), hashed; plus `git status --porcelain`, run so that it writes nothing."""
    found = {}
    for path in sorted(repo.rglob("*")):
        # The record cache is the one thing reading may write (git-ignored, in build/).
        if path.is_file() and not path.relative_to(repo).as_posix().startswith(".summit-cache/"):
            found[path.relative_to(repo).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    found["(status)"] = git(repo, "--no-optional-locks", "status", "--porcelain")
    return found
