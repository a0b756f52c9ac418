"""The one way summitkit parses XML it did not write: no DTD, no entities, no network.

A DOCX, an Akoma Ntoso file or an Office part received from outside may carry a
DOCTYPE with entity definitions (nested ones expand exponentially) or external
references. `parse_xml` refuses a DOCTYPE outright and never resolves an entity,
so a hostile file costs no more than its size, and every failure is one
`XmlRefused` whose message names the part.
"""

from __future__ import annotations

from typing import Any

from lxml import etree


class XmlRefused(ValueError):
    """The data is not XML summitkit will read; the message says which part and why."""


def parse_xml(data: bytes, *, what: str) -> Any:
    """The root element of `data`; `what` names it in the error ("word/document.xml")."""
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        dtd_validation=False,
        remove_comments=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise XmlRefused(f"{what} is not well-formed XML: {exc}") from None
    if getattr(root.getroottree().docinfo, "doctype", ""):
        raise XmlRefused(f"{what} declares a DOCTYPE, which no Office file needs; refused")
    return root
