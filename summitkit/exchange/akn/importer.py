"""Import: an Akoma Ntoso statement back into a record, to be drafted on.

AKN's own elements are read for what they carry (id, title, type, status,
revision, date, lead, signatories, clauses); ``sk:record`` in ``<proprietary>``
for the rest (see `summitkit.exchange.akn`). Without it, the round comes from the Work URI
and the language from ``FRBRlanguage``. The record is checked against the target
repository before anything is written.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from lxml import etree
from pydantic import ValidationError

from summitkit.exchange.akn import (
    AKN_NS,
    FIRST,
    SK_NS,
    WORK_URI,
    AknError,
    akn,
    bcp47_language,
    read_inline,
    read_value,
    record_data,
    text_of,
)
from summitkit.sources.core.diagnostics import Diagnostic, display_path, sort_diagnostics
from summitkit.sources.core.files import read_regular, write_file
from summitkit.sources.core.layout import KIND_FOLDERS
from summitkit.sources.core.xml import XmlRefused, parse_xml
from summitkit.sources.records.loader import load_file, load_tree
from summitkit.sources.rules.validate import references, validate
from summitkit.sources.schema import KINDS, Document, Statement

NS = {"a": AKN_NS, "sk": SK_NS}
PARTY_KINDS = ("state", "organization")
MAX_BYTES = 20 * 1024 * 1024


class ImportFailed(Exception):
    """The file cannot be imported; `diagnostics` say where the record went wrong."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


@dataclass
class Imported:
    record: Document
    path: Path
    warnings: list[Diagnostic] = field(default_factory=list)


def import_akn(file: Path, root: Path, *, force: bool = False) -> Imported:
    """Read FILE, check the record in the repository at ROOT, then write it there."""
    try:
        if file.stat().st_size > MAX_BYTES:
            raise AknError(f"the file is larger than {MAX_BYTES:,} bytes")
        data = read_regular(file)
        record = read_document(data)
    except AknError as exc:
        raise ImportFailed(f"{file}: {exc}") from None
    target = root / KIND_FOLDERS[record.kind] / f"{record.id}.yaml"
    shown = display_path(target, root)
    if target.exists() and not force:
        raise ImportFailed(f"{shown} exists already; use --force to replace it")
    text = record_yaml(record, origin(data) or file.name)
    diagnostics, unknown = check_in_repository(root, record, text, target)
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        what = f"{shown} would not validate in this repository"
        for kind, ids in unknown.items():
            folders = " or ".join(f"{KIND_FOLDERS[k]}/" for k in kind.split(" or "))
            plural = "s" if len(ids) > 1 else ""
            named = ", ".join(ids)
            what += f"; unknown {kind}{plural}: {named} (add their records to {folders} first)"
        raise ImportFailed(f"not imported: {what}", errors)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_file(target, text)
    return Imported(record, target, diagnostics)


# -- reading --------------------------------------------------------------------------


def parse(data: bytes) -> etree._Element:
    """Parse untrusted XML through the one parser factory: no DTD, no entities, no network."""
    try:
        return parse_xml(data, what="the file")
    except XmlRefused as exc:
        raise AknError(exc.reason) from None


def read_document(xml: bytes) -> Document:
    """The statement or basket record an Akoma Ntoso file holds."""
    root = parse(xml)
    if root.tag != akn("akomaNtoso"):
        raise AknError(
            f"the root element is <{etree.QName(root).localname}> in "
            f"'{etree.QName(root).namespace or 'no namespace'}'; expected "
            f'<akomaNtoso xmlns="{AKN_NS}">'
        )
    statement = root.find(akn("statement"))
    if statement is None:
        raise AknError("the file holds no <statement>; only statements can be imported")
    extra, kind = _summitkit_fields(statement)
    data = _native_fields(statement, kind, extra)
    model = KINDS[kind]
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or kind}: {e['msg']}" for e in exc.errors()
        )
        raise AknError(f"not a valid {kind} record: {problems}") from None
    assert isinstance(record, Document)
    return record


def origin(xml: bytes) -> str | None:
    """The Expression IRI the file names itself by (read after `read_document` accepted it)."""
    expression = parse(xml).find(f"{akn('statement')}/{akn('meta')}/{akn('identification')}")
    if expression is None:
        return None
    return _attr(_find(expression, "a:FRBRExpression"), "a:FRBRuri", "value")


def _summitkit_fields(statement: etree._Element) -> tuple[dict[str, Any], str]:
    found = statement.find("a:meta/a:proprietary/sk:record", NS)
    if found is None:
        return {}, "statement"
    kind = found.get("kind", "statement")
    if kind not in ("statement", "basket"):
        raise AknError(f"sk:record kind '{kind}' is not a statement or basket")
    return {child.get("key", ""): read_value(child) for child in _children(found)}, kind


def _native_fields(statement: etree._Element, kind: str, extra: dict[str, Any]) -> dict[str, Any]:
    work = _find(statement, "a:meta/a:identification/a:FRBRWork")
    expression = _find(statement, "a:meta/a:identification/a:FRBRExpression")
    match = WORK_URI.match(_attr(work, "a:FRBRuri", "value") or "")
    data: dict[str, Any] = {"id": _attr(work, "a:FRBRnumber", "value") or (match and match["id"])}
    title = statement.find("a:preface//a:docTitle", NS)
    data["title"] = text_of(title) if title is not None else _attr(work, "a:FRBRname")
    if match and "round" not in extra:
        data["round"] = match["round"]
    language = _attr(expression, "a:FRBRlanguage", "language")
    if language and "languages" not in extra and bcp47_language(language) != "en":
        data["languages"] = [bcp47_language(language)]
    data.update({k: v for k, v in extra.items() if k not in ("clauses", "signatories")})
    signatories, clauses = extra.get("signatories") or {}, extra.get("clauses") or []
    # Shapes first: a list where a mapping belongs is the file's error, not a traceback.
    if not isinstance(signatories, dict) or not all(
        isinstance(v, dict) for v in signatories.values()
    ):
        raise AknError("sk:record's signatories must be a map of maps (party → fields)")
    if not isinstance(clauses, list) or not all(isinstance(c, dict) for c in clauses):
        raise AknError("sk:record's clauses must be an array of maps (one per clause)")
    if kind == "statement":
        data["type"] = statement.get("name", "joint-statement")
    status = statement.find("a:preface//a:docStatus", NS)
    if status is not None:
        data["status"] = text_of(status).strip()
    revision = _attr(expression, "a:FRBRversionNumber")
    if revision is not None:
        data["revision"] = revision
    date = statement.find("a:preface//a:docDate", NS)
    if date is not None:
        data["date"] = date.get("date")
    purpose = statement.find("a:preface//a:docPurpose", NS)
    if purpose is not None:
        data["objective"] = text_of(purpose)
    data["lead"] = [_ref(p) for p in statement.iterfind("a:preface//a:docProponent", NS)]
    data["signatories"] = _signatories(statement, signatories)
    data["clauses"] = _clauses(statement, clauses)
    return data


def _signatories(statement: etree._Element, extras: dict[str, Any]) -> list[dict[str, Any]]:
    # The href's last segment is KIND.ID (state.usa, organization.iaea).
    kinds = {
        tlc.get("eId"): (tlc.get("href") or "").rpartition("/")[2].partition(".")[0]
        for tlc in statement.iterfind("a:meta/a:references/a:TLCOrganization", NS)
    }
    signatories = []
    for party in statement.iterfind("a:conclusions//a:signature/a:party", NS):
        ident = _ref(party)
        kind = kinds.get(ident)
        entry: dict[str, Any] = {kind if kind in PARTY_KINDS else "state": ident}
        joined = party.getparent().find("a:date", NS)  # type: ignore[union-attr]
        if joined is not None:
            entry["date"] = joined.get("date")
        entry.update(extras.get(ident) or {})
        signatories.append(entry)
    return signatories


_CLAUSE_ELEMENTS = {
    akn("recital"): ("preambular", "a:p"),
    akn("paragraph"): ("operative", "a:content/a:p"),
    akn("hcontainer"): ("heading", "a:heading"),
}


def _clauses(statement: etree._Element, extras: list[dict[str, Any]]) -> list[dict[str, Any]]:
    native: dict[str, dict[str, Any]] = {}
    for element in statement.iter(*_CLAUSE_ELEMENTS):
        kind, path = _CLAUSE_ELEMENTS[element.tag]
        if kind == "heading" and element.get("name") != "heading":
            continue
        ident = element.get("wId") or (element.get("eId") or "").rpartition("_")[2]
        text = element.find(path, NS)
        native[ident] = {"id": ident, "kind": kind}
        native[ident]["text"] = read_inline(text) if text is not None else ""
    ordered = [e["id"] for e in extras if e.get("id") in native]
    ordered += [i for i in native if i not in ordered]
    by_id = {e.get("id"): e for e in extras}
    return [{**native[i], **by_id.get(i, {})} for i in ordered]


def _children(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


def _find(parent: etree._Element, path: str) -> etree._Element:
    found = parent.find(path, NS)
    if found is None:
        raise AknError(f"the statement has no {path.replace('a:', '')}")
    return found


def _attr(parent: etree._Element, path: str, name: str = "value") -> str | None:
    found = parent.find(path, NS)
    return None if found is None else found.get(name)


def _ref(element: etree._Element) -> str:
    refers = (element.get("refersTo") or "").split()
    return refers[0].removeprefix("#") if refers else text_of(element).strip()


# -- checking and writing -------------------------------------------------------------


def check_in_repository(
    root: Path, record: Document, text: str, target: Path
) -> tuple[list[Diagnostic], dict[str, list[str]]]:
    """Validate the repository as it would be with the record written: the record's
    diagnostics, and the states and organizations it names that the repository lacks."""
    loaded = load_tree(root)
    replaced = target.resolve()
    loaded.records = [r for r in loaded.records if r.path.resolve() != replaced]
    shown = display_path(target, root)
    with tempfile.TemporaryDirectory() as folder:
        staged = Path(folder) / target.name
        staged.write_text(text, encoding="utf-8")
        raw, problems = load_file(staged, record.kind, shown)
        if raw is not None:
            loaded.records.append(raw)
        corpus, diagnostics = validate(loaded, root)
    mine = [d for d in [*problems, *diagnostics] if d.position.path == shown]
    unknown: dict[str, list[str]] = {}
    for _, ident, kinds in references(record):
        if set(kinds) <= set(PARTY_KINDS) and not any(
            ident in corpus.records.get(k, {}) for k in kinds
        ):
            named = unknown.setdefault(" or ".join(kinds), [])
            if ident not in named:
                named.append(ident)
    return sort_diagnostics(mine), unknown


def record_yaml(record: Document, origin: str) -> str:
    """The record as a YAML file in the corpus's style: block text, short flow lists."""
    data = record_data(record)
    # Drafters want to see where a document stands, even at the default values.
    ordered = {**data, "status": record.status.value, "revision": record.revision}
    if isinstance(record, Statement):
        ordered["type"] = record.type.value
    ordered = {k: ordered[k] for k in (*FIRST, *ordered) if k in ordered}
    body = yaml.dump(ordered, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000)
    return f"# Imported with 'summit import akn' from {origin}\n{body}"


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # indent list items, as the corpus does


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    short = all(isinstance(v, str) and "\n" not in v and len(v) <= 40 for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)
