"""Export: statements and gift baskets as Akoma Ntoso 3.0 XML (see `summitkit.exchange.akn`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lxml import etree

from summitkit.exchange.akn import (
    JURISDICTION,
    NSMAP,
    AknError,
    akn,
    akn_language,
    expression_uri,
    fill_inline,
    manifestation_uri,
    record_data,
    serialise,
    sk,
    work_uri,
    write_value,
)
from summitkit.sources.audience.visible import visible
from summitkit.sources.core.files import write_file
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import TLP, Basket, ClauseKind, Document, DocumentStatus, Statement

NATIVE_FIELDS = {"id", "title", "type", "status", "revision", "date", "lead", "signatories"}
"""Record fields that live in AKN's own elements; the rest goes to ``sk:record``."""
CLAUSE_NATIVE = {"id", "kind", "text"}
UNPUBLISHED = {"note"}
"""Clause fields that are never exported (a drafter's note is never published)."""
ONTOLOGY = "/akn/ontology"


class UnknownDocument(AknError):
    """An id asked for is not a statement or basket the audience may see."""


def select(corpus: Corpus, ids: Iterable[str], audience: TLP) -> list[Document]:
    """The documents to export: those named, or every statement and basket."""
    documents = corpus.documents
    wanted = list(dict.fromkeys(ids)) or sorted(documents)
    if clashes := sorted(set(wanted) & set(corpus.statements) & set(corpus.baskets)):
        raise AknError(
            f"a statement and a gift basket share the id {', '.join(clashes)}; "
            "their Akoma Ntoso URIs and files would collide"
        )
    unknown = [i for i in wanted if i not in documents]
    if unknown:
        known = ", ".join(sorted(documents)) or "none"
        raise UnknownDocument(
            f"no statement or gift basket {', '.join(repr(i) for i in unknown)} visible to "
            f"{audience.value} (known: {known})"
        )
    return [documents[i] for i in wanted]


def write_akn(
    corpus: Corpus,
    ids: Iterable[str],
    output: Path,
    audience: TLP,
    check: Callable[[str, bytes], None] = lambda name, data: None,
) -> list[Path]:
    """Write DIR/<id>.xml for each document; gather (and `check`) every file first,
    then write."""
    files = {
        output / f"{d.id}.xml": document_xml(corpus, d, audience)
        for d in select(corpus, ids, audience)
    }
    for path, data in files.items():
        check(str(path), data)
    output.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        if not path.exists() or path.read_bytes() != data:
            write_file(path, data)
    return list(files)


def document_xml(corpus: Corpus, document: Document, audience: TLP = TLP.CLEAR) -> bytes:
    """One document as an Akoma Ntoso file, byte for byte the same for the same record."""
    root = etree.Element(akn("akomaNtoso"), nsmap=NSMAP)  # type: ignore[arg-type]
    name = document.type.value if isinstance(document, Statement) else "gift-basket"
    statement = etree.SubElement(root, akn("statement"), name=name)
    try:
        _meta(statement, corpus, document, audience)
        _preface(statement, corpus, document)
        _clauses(statement, document)
        _conclusions(statement, corpus, document)
    except ValueError as exc:  # lxml refuses control characters that XML cannot hold
        raise AknError(f"{document.kind} '{document.id}': {exc}") from None
    return serialise(root)


def work_date(corpus: Corpus, document: Document) -> dt.date:
    """The Work IRI's date: the last day of the round, which drafting and adoption never move
    (a document's own date is set when it is adopted); the document's date if the round is
    unknown."""
    summit = corpus.summits.get(document.round)
    if summit is not None:
        return summit.end
    return publication_date(corpus, document)[0]


def publication_date(corpus: Corpus, document: Document) -> tuple[dt.date, str]:
    """The document's date, or the last day of its round: (date, which it is)."""
    if document.date is not None:
        return document.date, "document"
    summit = corpus.summits.get(document.round)
    if summit is None:
        raise AknError(f"{document.kind} '{document.id}' has no date and its round is unknown")
    return summit.end, "round"


# -- meta -------------------------------------------------------------------------


def _meta(parent: etree._Element, corpus: Corpus, document: Document, audience: TLP) -> None:
    meta = etree.SubElement(parent, akn("meta"))
    date, date_name = publication_date(corpus, document)
    when = {"date": date.isoformat(), "name": date_name}
    _identification(meta, document, when, work_date(corpus, document))
    summit = corpus.summits.get(document.round)
    round_title = summit.title if summit else document.round
    if document.status is DocumentStatus.ADOPTED:
        name = f"nss-{document.round}"
        etree.SubElement(meta, akn("publication"), date=when["date"], name=name, showAs=round_title)
    event = f"revision_{document.revision}"
    lifecycle = etree.SubElement(meta, akn("lifecycle"), source="#summitkit")
    etree.SubElement(
        lifecycle, akn("eventRef"), eId=f"evt_{event}", date=when["date"], source="#original"
    ).attrib.update({"type": "generation", "refersTo": f"#{event}"})
    workflow = etree.SubElement(meta, akn("workflow"), source="#summitkit")
    step = etree.SubElement(workflow, akn("step"), date=when["date"])
    if document.lead:
        step.attrib.update({"by": f"#{document.lead[0]}", "as": "#role_lead"})
    else:
        step.set("by", f"#nss_{document.round}")
    step.set("refersTo", f"#status_{document.status.value}")
    references = etree.SubElement(meta, akn("references"), source="#summitkit")
    for tag, eid, href, shown in _references(corpus, document, round_title, event):
        etree.SubElement(references, akn(tag), eId=eid, href=href, showAs=shown)
    proprietary = etree.SubElement(meta, akn("proprietary"), source="#summitkit")
    record = etree.SubElement(proprietary, sk("record"), kind=document.kind)
    record.set("audience", audience.value)
    for key, value in proprietary_fields(document, audience).items():
        write_value(record, value, key)


def _identification(
    meta: etree._Element, document: Document, when: dict[str, str], created: dt.date
) -> None:
    identification = etree.SubElement(meta, akn("identification"), source="#summitkit")
    work, expression = work_uri(document, created), expression_uri(document, created)
    work_when = {"date": created.isoformat(), "name": "round"}
    subtype = document.type.value if isinstance(document, Statement) else "gift-basket"
    levels = {
        "FRBRWork": (
            f"{work}/!main", work, f"#nss_{document.round}",
            [("FRBRcountry", JURISDICTION), ("FRBRsubtype", subtype), ("FRBRnumber", document.id),
             ("FRBRname", document.title), ("FRBRprescriptive", "false")],
        ),
        "FRBRExpression": (
            f"{expression}/!main", expression, f"#nss_{document.round}",
            [("FRBRversionNumber", str(document.revision))],
        ),
        "FRBRManifestation": (
            manifestation_uri(document, created), f"{expression}.akn", "#summitkit",
            [("FRBRformat", "application/akn+xml")],
        ),
    }  # fmt: skip
    for level, (this, uri, author, properties) in levels.items():
        node = etree.SubElement(identification, akn(level))
        etree.SubElement(node, akn("FRBRthis"), value=this)
        etree.SubElement(node, akn("FRBRuri"), value=uri)
        etree.SubElement(node, akn("FRBRdate"), work_when if level == "FRBRWork" else when)
        etree.SubElement(node, akn("FRBRauthor"), href=author)
        for tag, value in properties:
            etree.SubElement(node, akn(tag), value=value)
        if level == "FRBRExpression":
            language = akn_language(document.languages[0])
            etree.SubElement(node, akn("FRBRlanguage"), language=language)


def _references(
    corpus: Corpus, document: Document, round_title: str, event: str
) -> list[tuple[str, str, str, str]]:
    """(element, eId, href, showAs) of everything the document refers to."""
    organizations = f"{ONTOLOGY}/organizations/int"
    found = [
        ("original", "original", expression_uri(document, work_date(corpus, document)),
         document.title),
        ("TLCOrganization", f"nss_{document.round}", f"{organizations}/nss.{document.round}",
         round_title),
        ("TLCOrganization", "summitkit", f"{organizations}/summitkit", "summitkit"),
    ]  # fmt: skip
    for party, kind in parties(document):
        href = f"{organizations}/{kind}.{party}"
        found.append(("TLCOrganization", party, href, corpus.party_name(party)))
    roles = [("lead", "lead state")] if document.lead else []
    roles += [("signatory", "signatory")] if document.signatories else []
    for role, shown in roles:
        found.append(("TLCRole", f"role_{role}", f"{ONTOLOGY}/roles/int/summitkit.{role}", shown))
    status = document.status.value
    href = f"{ONTOLOGY}/concepts/int/summitkit.status.{status}"
    found.append(("TLCConcept", f"status_{status}", href, status))
    href = f"{ONTOLOGY}/events/int/summitkit.{event.replace('_', '.')}"
    found.append(("TLCEvent", event, href, f"revision {document.revision}"))
    return found


def parties(document: Document) -> list[tuple[str, str]]:
    """(id, state or organization) of the lead and signatories, lead first, once each."""
    found = {state: "state" for state in document.lead}
    for signatory in document.signatories:
        found.setdefault(signatory.party, "state" if signatory.state else "organization")
    return list(found.items())


def proprietary_fields(document: Document, audience: TLP = TLP.CLEAR) -> dict[str, Any]:
    """What AKN has no place for, as plain data in the record's field order."""
    data = record_data(document)
    fields = {k: v for k, v in data.items() if k not in NATIVE_FIELDS | {"clauses"}}
    # The labels of fields the audience may not see stay behind with the fields.
    labels = {k: v for k, v in document.field_sensitivity.items() if visible(v, audience)}
    fields.pop("field_sensitivity", None)
    if labels:
        fields["field_sensitivity"] = {k: v.value for k, v in labels.items()}
    if isinstance(document, Basket):
        fields.pop("objective", None)  # docPurpose in the preface
    fields["clauses"] = [
        {k: v for k, v in clause.items() if k not in (CLAUSE_NATIVE - {"id"}) | UNPUBLISHED}
        for clause in data.get("clauses", [])
    ]
    extras = {
        s["state"] if "state" in s else s["organization"]: {
            k: v for k, v in s.items() if k not in {"state", "organization", "date"}
        }
        for s in data.get("signatories", [])
        if isinstance(s, dict)
    }
    if any(extras.values()):
        fields["signatories"] = {party: more for party, more in extras.items() if more}
    return fields


# -- text ---------------------------------------------------------------------------


def _preface(parent: etree._Element, corpus: Corpus, document: Document) -> None:
    preface = etree.SubElement(parent, akn("preface"))
    title = etree.SubElement(etree.SubElement(preface, akn("longTitle")), akn("p"))
    etree.SubElement(title, akn("docTitle")).text = document.title
    for state in document.lead:
        p = etree.SubElement(preface, akn("p"), {"class": "lead"})
        attributes = {"refersTo": f"#{state}", "as": "#role_lead"}
        proponent = etree.SubElement(p, akn("docProponent"), attributes)
        proponent.text = corpus.party_name(state)
    p = etree.SubElement(preface, akn("p"), {"class": "status"})
    status = document.status.value
    etree.SubElement(p, akn("docStatus"), refersTo=f"#status_{status}").text = status
    if document.date is not None:
        p = etree.SubElement(preface, akn("p"), {"class": "date"})
        iso = document.date.isoformat()
        etree.SubElement(p, akn("docDate"), date=iso).text = iso
    if isinstance(document, Basket):
        p = etree.SubElement(preface, akn("p"), {"class": "objective"})
        etree.SubElement(p, akn("docPurpose")).text = document.objective


def _clauses(parent: etree._Element, document: Document) -> None:
    preambular = [c for c in document.clauses if c.kind is ClauseKind.PREAMBULAR]
    if preambular:
        recitals = etree.SubElement(etree.SubElement(parent, akn("preamble")), akn("recitals"))
        for clause in preambular:
            recital = etree.SubElement(
                recitals, akn("recital"), eId=f"rec_{clause.id}", wId=clause.id
            )
            fill_inline(etree.SubElement(recital, akn("p")), clause.text)
    body = etree.SubElement(parent, akn("mainBody"))
    number = 0
    for clause in document.clauses:
        if clause.kind is ClauseKind.OPERATIVE:
            number += 1
            paragraph = etree.SubElement(
                body, akn("paragraph"), eId=f"para_{clause.id}", wId=clause.id
            )
            etree.SubElement(paragraph, akn("num")).text = f"{number}."
            content = etree.SubElement(paragraph, akn("content"))
            fill_inline(etree.SubElement(content, akn("p")), clause.text)
        elif clause.kind is ClauseKind.HEADING:
            container = etree.SubElement(
                body, akn("hcontainer"), eId=f"hcontainer_{clause.id}", wId=clause.id
            )
            container.set("name", "heading")
            fill_inline(etree.SubElement(container, akn("heading")), clause.text)
    if len(body) == 0:  # AKN requires a main body; this document has no operative text yet
        etree.SubElement(body, akn("p"), {"class": "empty"})


def _conclusions(parent: etree._Element, corpus: Corpus, document: Document) -> None:
    if not document.signatories:
        return
    conclusions = etree.SubElement(parent, akn("conclusions"))
    for signatory in document.signatories:
        p = etree.SubElement(conclusions, akn("p"), {"class": "signatory"})
        signature = etree.SubElement(p, akn("signature"))
        attributes = {"refersTo": f"#{signatory.party}", "as": "#role_signatory"}
        party = etree.SubElement(signature, akn("party"), attributes)
        party.text = corpus.party_name(signatory.party)
        if signatory.date is not None:
            iso = signatory.date.isoformat()
            joined = etree.SubElement(signature, akn("date"), date=iso)
            joined.text = iso
            party.tail = ", joined "
