"""The one way in for XML from outside: Office parts, Akoma Ntoso files.

`parse_xml` is the only XML parser factory of summitkit. It reads with lxml set so
that nothing in the file reaches beyond it: no DTD is loaded and a DOCTYPE is
refused (so no entity, internal or external, is ever declared, let alone
expanded), no network, no processing instructions, libxml2's own limits on depth
and text size kept (`huge_tree` off), and the input capped at MAX_BYTES. Every
way it can fail is one exception, `XmlRefused`, whose message names the part
read; callers turn it into their diagnostic (`import akn`, `import docx`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

MAX_BYTES = 64 * 1024 * 1024
"""The largest XML part read (an Office body of several thousand pages is under it)."""


#: A DOCTYPE in the prolog (after declarations, comments, processing instructions):
#: refused before parsing, so that not even libxml2's own entity limits are tried.
_DOCTYPE = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*<!DOCTYPE", re.S | re.I)
#: Where a DOCTYPE could end a match of `_DOCTYPE`: a part without one (every part
#: Word writes) is not matched at all, since the match backtracks through the whole
#: part looking for another end of a processing instruction.
_DOCTYPE_WORD = re.compile(rb"<!DOCTYPE", re.I)
_REFUSED = "a DOCTYPE is not allowed here (nor any entity it would declare)"


class XmlRefused(ValueError):
    """An XML part that is not read: too large, not well-formed, or with a DOCTYPE."""

    def __init__(self, what: str, reason: str) -> None:
        super().__init__(f"{what}: {reason}")
        self.what = what
        self.reason = reason


def parse_xml(data: bytes, *, what: str) -> etree._Element:
    """The root element of `data`, an XML document from outside, named `what` in
    errors (`word/document.xml`, `statement.akn.xml`); XmlRefused when it is not read."""
    from lxml import etree  # here: commands that read no XML never load lxml

    if len(data) > MAX_BYTES:
        raise XmlRefused(what, f"larger than {MAX_BYTES:,} bytes; not read")
    if _DOCTYPE_WORD.search(data) and _DOCTYPE.match(data):
        raise XmlRefused(what, _REFUSED)
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        remove_pis=True,
        huge_tree=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise XmlRefused(what, f"not well-formed XML: {exc}") from None
    except ValueError as exc:  # lxml refuses some inputs outright (a str with a declaration)
        raise XmlRefused(what, f"not XML: {exc}") from None
    if root is None:
        raise XmlRefused(what, "no XML element in it")
    info = root.getroottree().docinfo
    declared = (getattr(info, name, None) for name in ("doctype", "internalDTD", "externalDTD"))
    if any(declared):
        raise XmlRefused(what, _REFUSED)
    return root
