"""The JSON Schema that `summit schema` prints (for editors) accepts every valid record
and refuses what the validator refuses in a single record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import summit, write_minimal_repo
from jsonschema import Draft202012Validator, FormatChecker

from summitkit.sources.check.project import check
from summitkit.sources.records.loader import load_tree

#: One record of every kind beyond the minimal repository, using the nested shapes:
#: shorthand and full citations and signatories, translations, assessments, action items.
EVERY_KIND = {
    "content/organizations/iaea.yaml": (
        "id: iaea\nname: International Atomic Energy Agency\nshort_name: IAEA\n"
        "url: https://www.iaea.org\nnames: {fr: Agence internationale de l'énergie atomique}\n"
    ),
    "content/networks/nea-coe.yaml": (
        "id: nea-coe\nname: Northeast Asian centres\ncoordinator: iaea\nestablished: 2012\n"
        "members: [jpn, kor]\ncentres: [kor-coe-centre]\n"
        "working_groups:\n  - {id: wg1, name: Best practices}\n"
    ),
    "content/centres/kor-coe-centre.yaml": (
        "id: kor-coe-centre\nname: International Nuclear Security Academy\nhost: kor\n"
        "type: coe\nstage: established\nannounced_at: seoul-2012\nestablished: 2014-02-19\n"
        "networks: [nea-coe]\npolicy_roles: [training, regional-reporting]\n"
        "field_sensitivity: {description: TLP:GREEN}\ndescription: Trains staff.\n"
    ),
    "content/commitments/kor-coe.yaml": (
        "id: kor-coe\nmade_by: kor\nmade_at: seoul-2012\ncategory: coe\n"
        "text: Build a centre of excellence.\ntarget: 2014\nsources: [fact-sheet]\n"
        "assessments:\n"
        "  - round: seoul-2012\n    status: limited\n    evidence: Planned.\n"
        "    sources: [{source: fact-sheet, locator: p. 2}]\n"
        "  - date: 2014-02-19\n    status: complete\n    evidence: Opened.\n"
        "    sources: [fact-sheet]\n    assessor: Analyst\n"
    ),
    "content/statements/js.yaml": (
        "id: js\ntitle: Joint statement\ntype: joint-statement\nround: seoul-2012\n"
        "status: circulated\nrevision: 2\ndate: 2012-03-27\nlead: [kor]\n"
        "signatories: [kor, {state: jpn, date: 2012-04-01}, {organization: iaea}]\n"
        "languages: [en, ko]\nretired_ids: [op9]\nsensitivity: TLP:CLEAR\n"
        "translations: {ko: {title: 공동성명, summary: {text: 요약., source_hash: null}}}\n"
        "summary: What it does.\n"
        "clauses:\n"
        "  - id: pp1\n    kind: preambular\n    text: Recognising *training*.\n"
        "    translations: {ko: 훈련을 인정하며., fr: {text: Reconnaissant.}}\n"
        "  - id: op1\n    text: Work together.\n    note: Not published.\n"
        "    sources: [fact-sheet]\n    translations: {ko: 협력한다.}\n"
        "  - id: op2\n    text: Share :bracket:`curricula <jpn>`.\n    status: ad-ref\n"
        "    translations: {ko: 교육과정을 공유한다.}\n"
        "    reserved_by: [kor]\n"
        "    alternatives:\n      - {text: Share courses., by: [kor], author: A. Drafter}\n"
        "claims:\n  - field: signatories.jpn\n    value: true\n    sources: [fact-sheet]\n"
        "    note: Both agree.\n"
    ),
    "gifts/coe-basket.yaml": (
        "id: coe-basket\ntitle: Centre collaboration\nround: seoul-2012\nfollows: js\n"
        "lead: [kor]\nco_sponsors: [jpn]\ninvited: [kor]\nobjective: Train together.\n"
        "action_items:\n  - id: wg\n    title: Working group\n    owner: kor-coe-centre\n"
        "    deliverable: Terms of reference\n    due: 2013\n    commitments: [kor-coe]\n"
        "    translations: {fr: {title: Groupe de travail, deliverable: Mandat}}\n"
        "translations: {fr: {title: Collaboration des centres, objective: Se former ensemble.}}\n"
        "changes_annex: true\n"
    ),
    "content/proposals/jpn-1.yaml": (
        "id: jpn-1\ndocument: js\nby: [jpn]\nsupported_by: [iaea]\ndate: 2012-03-20\n"
        "status: rejected\nreason: Too late.\nnote: Shorter.\n"
        "changes:\n"
        "  - insert: {after: op1, id: op1bis, kind: operative, text: Train.}\n"
        "  - delete: pp1\n"
        "  - replace: {clause: op1, old: together, new: ''}\n"
        "  - substitute: {clause: op2, text: Share all.}\n"
    ),
    "content/reports/nea.yaml": (
        "id: nea\ntitle: Northeast Asia progress\nas_of: seoul-2012\n"
        "scope: {states: [jpn, kor]}\nsections: [measures, charts]\n"
    ),
    "content/reports/basket-report.yaml": (
        "id: basket-report\ntitle: The basket's commitments\nas_of: seoul-2012\n"
        "scope: {basket: coe-basket}\n"
    ),
    "content/reports/chosen.yaml": (
        "id: chosen\ntitle: Chosen commitments\nas_of: seoul-2012\n"
        "scope: {commitments: [kor-coe]}\n"
    ),
}


@pytest.fixture(scope="module")
def schemas() -> dict[str | None, dict[str, Any]]:
    found: dict[str | None, dict[str, Any]] = {}
    for kind in (None, "source", "state", "organization", "summit", "network", "centre",
                 "category", "commitment", "statement", "basket", "report",
                 "proposal"):  # fmt: skip
        result = summit("schema", *([kind] if kind else []))
        assert result.exit_code == 0
        found[kind] = json.loads(result.stdout)
        Draft202012Validator.check_schema(found[kind])
    return found


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=FormatChecker())


def test_every_record_of_a_valid_repository_validates(
    tmp_path: Path, schemas: dict[str | None, dict[str, Any]]
) -> None:
    root = write_minimal_repo(tmp_path, EVERY_KIND)
    assert check(root).diagnostics == []
    records = load_tree(root).records
    assert {r.kind for r in records} == set(schemas) - {None}
    for record in records:
        for schema in (schemas[record.kind], schemas[None]):
            problems = [e.message for e in validator(schema).iter_errors(record.data)]
            assert problems == [], f"{record.display}: {problems}"


@pytest.mark.parametrize(
    ("kind", "record"),
    [
        ("state", {"id": "jpn", "iso3": "JPN", "name": "Japan", "shortname": "Japan"}),
        ("state", {"id": "jpn", "iso3": "Jpn", "name": "Japan", "short_name": "Japan"}),
        ("source", {"id": "Fact_Sheet", "title": "Fact sheet"}),
        (
            "proposal",
            {
                "id": "p",
                "document": "js",
                "by": ["jpn"],
                "date": "2012-03-20",
                "changes": [{"delete": "op1", "substitute": {"clause": "op1", "text": "t"}}],
            },
        ),
        ("source", {"id": "s", "title": "t", "sensitivity": "TLP:WHITE"}),
        (
            "summit",
            {
                "id": "s",
                "title": "t",
                "city": "c",
                "start": "2014-02-30",
                "end": "2014-03-01",
                "host": "kor",
            },
        ),
    ],
)
def test_the_schema_refuses_what_the_validator_refuses(
    schemas: dict[str | None, dict[str, Any]], kind: str, record: dict[str, Any]
) -> None:
    assert not validator(schemas[kind]).is_valid(record)
