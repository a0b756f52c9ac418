"""Akoma Ntoso 3.0: statements and gift baskets as OASIS LegalDocML documents.

`summit export akn` writes each document as ``<akomaNtoso><statement name=TYPE>``
(`summitkit.exchange.akn.export`); `summit import akn` reads such a file back into a record
(`summitkit.exchange.akn.importer`). Export → import → export gives the same bytes.

FRBR URIs
---------
``ROUND`` is the summit round id, ``ID`` the record id, ``DATE`` the Work's date
(the last day of the round, ``2012-03-27``, so that it never changes while the
document is drafted and adopted), ``LANG`` the first authentic language as an
ISO 639-2 three-letter code (``en`` → ``eng``, ``fr`` → ``fra``, ``zh`` →
``zho``, ``ja`` → ``jpn``, ``ko`` → ``kor``; see `LANGUAGES`):

- Work: ``/akn/aa-nss/statement/nss-ROUND/DATE/ID`` (``FRBRthis`` adds ``/!main``);
- Expression: ``WORK/LANG@VERSION``, where VERSION is the document's date
  (``2012-03-27``) once it is adopted and dated, else its revision (``rev2``):
  a draft's text changes from revision to revision while its date may not;
- Manifestation: ``EXPRESSION/!main.xml`` (``FRBRuri`` ``EXPRESSION.akn``).

The Work IRI's pieces are those of the Akoma Ntoso Naming Convention 1.0 (OASIS
Standard, 21 February 2019), section 4.4 "IRI of the Work": jurisdiction, document
type (``statement``, the element under ``akomaNtoso``), emanating actor (the round,
``nss-ROUND``, as in ``FRBRauthor``), the required date and the number (the record
id, as in ``FRBRnumber``); see `JURISDICTION` for the first. ``FRBRcountry`` is
`JURISDICTION`, ``FRBRsubtype`` the statement type (``joint-statement``,
``gift-basket``, ...), ``FRBRnumber`` the record id, ``FRBRversionNumber`` the
revision. The Work's ``FRBRdate`` is DATE; the Expression's and the
Manifestation's are the document's date, or the round's last day when it has
none; nothing depends on the clock.

Where each field goes
---------------------
- title: ``preface/longTitle//docTitle``; lead states: ``docProponent``; status:
  ``docStatus`` (and a ``workflow`` step referring to a ``TLCConcept``); date:
  ``docDate``; a basket's objective: ``docPurpose``;
- signatories: ``conclusions//signature/party`` (with a ``date`` where one joined
  later), each a ``TLCOrganization`` whose href tells a state
  (``/akn/ontology/organizations/int/state.ID``) from an organization
  (``.../int/organization.ID``);
- clauses: preambular ones as ``preamble/recitals/recital``, operative ones as
  ``mainBody/paragraph`` numbered 1., 2., ... as diplomats number them, headings
  as ``mainBody/hcontainer[@name='heading']``. The ``eId`` is the clause id with
  the element's prefix (``rec_pp1``, ``para_op3``, ``hcontainer_h1``); the
  ``wId`` is the bare clause id, so renumbering never changes it;
- everything AKN has no place for (round, languages, follows, retired ids,
  sources, claims, sensitivity labels, a basket's action items, a clause's
  translations, ...) goes to ``<proprietary source="#summitkit">`` as one
  ``sk:record`` in the `SK_NS` namespace. Its values use the vocabulary of the
  W3C XPath 3.1 JSON-to-XML mapping (``map``, ``array``, ``string``,
  ``number``, ``boolean``, ``null``, with ``key`` attributes), so that types
  survive the trip; its ``audience`` attribute names the TLP label the file was
  exported for. Drafters' notes, clauses above the audience and the labels of
  fields above it are never exported;
- the round is the Work's ``FRBRauthor`` (a ``TLCOrganization`` ``nss_ROUND``),
  summitkit the Manifestation's; an adopted document has a ``publication``.
  Generated eIds contain ``_``, which ids never do, so they cannot collide with
  the bare state and organization ids, except for the two fixed eIds
  ``original`` and ``summitkit``.

Inline markup
-------------
Clause text is reST inline markup. ``*emphasis*`` becomes ``<i>``,
``**strong**`` ``<b>`` and ````literal```` ``<span class="literal">``; the
delimiters are restored on import, and everything else (roles, links, escapes,
line breaks) stays verbatim in the text, inside ``xml:space="preserve"``.
The mapping is a bijection by construction: an element holds exactly the text
between its two delimiters, so import restores the source string exactly, even
where the recognition rules here are simpler than docutils' own.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from lxml import etree

from summitkit.sources.schema import Document, DocumentStatus

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
SK_NS = "urn:x-summitkit:akn:1"
"""Namespace of summitkit's own metadata inside ``<proprietary>``."""
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: AKN_NS, "sk": SK_NS}


class AknError(Exception):
    """A document cannot be written as, or read from, Akoma Ntoso."""


def akn(tag: str) -> str:
    return f"{{{AKN_NS}}}{tag}"


def sk(tag: str) -> str:
    return f"{{{SK_NS}}}{tag}"


# -- languages ------------------------------------------------------------------

LANGUAGES: dict[str, str] = {
    "ar": "ara", "bg": "bul", "cs": "ces", "da": "dan", "de": "deu", "el": "ell",
    "en": "eng", "es": "spa", "et": "est", "fa": "fas", "fi": "fin", "fr": "fra",
    "he": "heb", "hi": "hin", "hr": "hrv", "hu": "hun", "hy": "hye", "id": "ind",
    "it": "ita", "ja": "jpn", "ka": "kat", "kk": "kaz", "ko": "kor", "lt": "lit",
    "lv": "lav", "mn": "mon", "ms": "msa", "nl": "nld", "no": "nor", "pl": "pol",
    "pt": "por", "ro": "ron", "ru": "rus", "sk": "slk", "sl": "slv", "sr": "srp",
    "sv": "swe", "th": "tha", "tl": "tgl", "tr": "tur", "uk": "ukr", "ur": "urd",
    "vi": "vie", "zh": "zho",
}  # fmt: skip
"""BCP 47 primary language subtag → ISO 639-2 three-letter code (the /T codes, which
ISO 639-3 shares: ``fra`` and ``zho``, not the bibliographic ``fre`` and ``chi``)."""


def akn_language(tag: str) -> str:
    """The three-letter code AKN wants for a BCP 47 tag (``zh-Hant`` → ``zho``)."""
    primary = tag.split("-")[0].lower()
    if len(primary) == 3:
        return primary
    if primary not in LANGUAGES:
        raise AknError(f"no ISO 639-2 code known for language '{tag}'")
    return LANGUAGES[primary]


def bcp47_language(code: str) -> str:
    """The BCP 47 tag for a three-letter code (``eng`` → ``en``)."""
    back = {three: two for two, three in LANGUAGES.items()}
    return back.get(code.lower(), code.lower())


# -- the record as plain data ------------------------------------------------------

FIRST = ("id", "title", "type", "round", "status", "revision", "date", "sensitivity")
LAST = ("clauses", "sources", "claims")


def record_data(document: Document) -> dict[str, Any]:
    """The record as plain data, in the order its YAML file reads best: identity
    first, then the model's fields, then clauses and sources."""
    data = compact(document.model_dump(mode="json", exclude_defaults=True))
    middle = [k for k in type(document).model_fields if k not in FIRST + LAST]
    return {k: data[k] for k in (*FIRST, *middle, *LAST) if k in data}


def compact(value: Any, key: str = "") -> Any:
    """Shorthand forms: a citation as its source id, a signatory as its state id."""
    if isinstance(value, list):
        return [compact(item, key) for item in value]
    if isinstance(value, dict):
        if key == "sources" and set(value) == {"source"}:
            return value["source"]
        if key == "signatories" and set(value) == {"state"}:
            return value["state"]
        return {k: compact(v, k) for k, v in value.items()}
    return value


# -- FRBR URIs ------------------------------------------------------------------


JURISDICTION = "aa-nss"
"""The Work IRI's and ``FRBRcountry``'s jurisdiction for Nuclear Security Summit documents.

Naming Convention 1.0, section 4.4: the jurisdiction is a country or subdivision code
"according to ISO 3166-1 or ISO 3166-2". A summit is no country, and ``int`` is no
ISO 3166 code. ISO 3166-1 keeps ``AA`` among the user-assigned code elements, and
Akoma Ntoso publishers give an international body the ISO 3166-2 shape ``aa-BODY``
(AfricanLII's ``/akn/aa-au/...`` for the African Union); ``nss`` is the Nuclear
Security Summit process, whose rounds are the Works' actors (``nss-ROUND``).
"""


def work_uri(document: Document, date: dt.date) -> str:
    """Naming Convention 1.0, section 4.4: /akn/JURISDICTION/TYPE/ACTOR/DATE/NUMBER."""
    return f"/akn/{JURISDICTION}/statement/nss-{document.round}/{date.isoformat()}/{document.id}"


def version(document: Document) -> str:
    if document.status is DocumentStatus.ADOPTED and document.date is not None:
        return document.date.isoformat()
    return f"rev{document.revision}"


def expression_uri(document: Document, date: dt.date) -> str:
    return f"{work_uri(document, date)}/{akn_language(document.languages[0])}@{version(document)}"


def manifestation_uri(document: Document, date: dt.date) -> str:
    return f"{expression_uri(document, date)}/!main.xml"


WORK_URI = re.compile(
    r"^/akn/(?:int|[a-z]{2}(?:-[a-z0-9]+)?)/statement/nss-(?P<round>[a-z0-9][a-z0-9-]*)"
    r"(?:/\d{4}(?:-\d{2}-\d{2})?)?/(?P<id>[^/]+)$"
)
"""A Work IRI as exported, and as exported before it had its date (``/akn/int/...``)."""


# -- reST inline markup ↔ AKN inline elements -----------------------------------

# Simplified docutils recognition rules: a start-string follows whitespace or
# opening punctuation and precedes non-whitespace; an end-string follows
# non-whitespace and precedes whitespace or closing punctuation.
_INLINE = re.compile(
    r"(?<![^\s\-:/'\"<(\[{])"
    r"(?:``(?P<literal>\S(?:.*?\S)?)``"
    r"|\*\*(?P<strong>[^\s*](?:.*?[^\s*])?)\*\*"
    r"|\*(?P<emphasis>[^\s*](?:[^*]*?[^\s*])?)\*)"
    r"(?![^\s\-.,:;!?\\/'\")\]}>])",
    re.S,
)
_ELEMENTS = {"literal": "span", "strong": "b", "emphasis": "i"}
_DELIMITERS = {"span": "``", "b": "**", "i": "*"}


def fill_inline(element: etree._Element, text: str) -> None:
    """Put reST inline text into an AKN inline element (``p``, ``heading``)."""
    element.set(f"{{{XML_NS}}}space", "preserve")
    last: etree._Element | None = None
    position = 0
    for match in _INLINE.finditer(text):
        _append_text(element, last, text[position : match.start()])
        kind = match.lastgroup or "emphasis"
        last = etree.SubElement(element, akn(_ELEMENTS[kind]))
        if kind == "literal":
            last.set("class", "literal")
        last.text = match.group(kind)
        position = match.end()
    _append_text(element, last, text[position:])


def _append_text(element: etree._Element, last: etree._Element | None, text: str) -> None:
    if not text:
        return
    if last is None:
        element.text = (element.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def read_inline(element: etree._Element) -> str:
    """The reST source of an AKN inline element: the inverse of `fill_inline`."""
    parts = [element.text or ""]
    for child in element:
        inner = text_of(child)
        name = etree.QName(child).localname
        delimiter = _DELIMITERS.get(name, "")
        if name == "span" and child.get("class") != "literal":
            delimiter = ""
        parts.append(f"{delimiter}{inner}{delimiter}")
        parts.append(child.tail or "")
    return "".join(parts)


# -- typed values (the XPath 3.1 JSON-to-XML vocabulary) ------------------------


def write_value(parent: etree._Element, value: Any, key: str | None = None) -> etree._Element:
    """Append a JSON-like value to `parent` as typed elements."""
    if isinstance(value, dict):
        element = etree.SubElement(parent, sk("map"))
        for k, v in value.items():
            write_value(element, v, str(k))
    elif isinstance(value, list):
        element = etree.SubElement(parent, sk("array"))
        for item in value:
            write_value(element, item)
    elif value is None:
        element = etree.SubElement(parent, sk("null"))
    elif isinstance(value, bool):
        element = etree.SubElement(parent, sk("boolean"))
        element.text = "true" if value else "false"
    elif isinstance(value, int | float):
        element = etree.SubElement(parent, sk("number"))
        element.text = repr(value)
    else:
        element = etree.SubElement(parent, sk("string"))
        element.text = str(value)
    if key is not None:
        element.set("key", key)
    return element


def read_value(element: etree._Element) -> Any:
    """The value `write_value` wrote."""
    name = etree.QName(element).localname
    if name == "map":
        return {child.get("key", ""): read_value(child) for child in _elements(element)}
    if name == "array":
        return [read_value(child) for child in _elements(element)]
    text = element.text or ""
    if name == "null":
        return None
    if name == "boolean":
        return text.strip() == "true"
    if name == "number":
        return _number(text)
    if name == "string":
        return text
    raise AknError(f"unknown summitkit value element <{name}>")


_NUMBER = re.compile(r"-?(\d{1,18})(\.\d{1,18})?([eE][-+]?\d{1,3})?")


def _number(text: str) -> int | float:
    """A <number> as written: an integer or a finite decimal of sane length (a number
    of 4,300 digits, or none at all, is an error, not a traceback)."""
    found = _NUMBER.fullmatch(text.strip())
    if found is None:
        raise AknError(f"<number> holds {text.strip()[:40]!r}, which is not a number")
    if found[2] is None and found[3] is None:
        return int(found[0])
    value = float(found[0])
    if value in (float("inf"), float("-inf")):
        raise AknError(f"<number> holds {text.strip()[:40]!r}, which is out of range")
    return value


def text_of(element: etree._Element) -> str:
    """All the text inside an element, without its tail."""
    return "".join(t for t in element.itertext() if isinstance(t, str))


def _elements(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


# -- serialisation ----------------------------------------------------------------

_TEXT_BEARING = {akn(n) for n in ("p", "heading", "num")} | {
    sk(n) for n in ("string", "number", "boolean", "null")
}


def indent(element: etree._Element, level: int = 0) -> None:
    """Indent element-only content; never touch text, whose whitespace is data."""
    if element.tag in _TEXT_BEARING or len(element) == 0:
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        indent(child, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + "  " * level


def serialise(root: etree._Element) -> bytes:
    indent(root)
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"
