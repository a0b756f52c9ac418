"""WordprocessingML that python-docx does not write: clause bookmarks and custom
document properties (tracked changes are `summitkit.deliverables.printed.revisions`).

Shared by every DOCX summitkit writes and by `summit import docx`, which reads them
back. A clause is anchored by a bookmark named after its id
(`summitkit.deliverables.word_marks.clause_bookmark`): Word
and LibreOffice keep bookmarks through ordinary editing and through a save in either
program, and they name no style or layout. The custom properties say which record, revision, commit
and audience a file was built from, so `summit import docx` can find its base.
"""

from __future__ import annotations

import io
import itertools
import zipfile

from lxml import etree

from summitkit.deliverables.word_marks import CUSTOM_PART, PROPERTY_PREFIX, W
from summitkit.sources.core.xml import parse_xml

NS = {"w": W}
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_RELATION = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one Word uses for custom properties
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def w(name: str) -> str:
    """The Clark name of a WordprocessingML element or attribute: `w('ins')`."""
    return f"{{{W}}}{name}"


# -- custom document properties ------------------------------------------------------


def custom_properties_xml(properties: dict[str, str]) -> bytes:
    """docProps/custom.xml holding `properties` (full names) as text properties."""
    spaces = {None: _CUSTOM_NS, "vt": _VT_NS}
    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap=spaces)  # type: ignore[arg-type]
    for pid, (name, value) in enumerate(sorted(properties.items()), start=2):
        item = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property")
        item.set("fmtid", _FMTID)
        item.set("pid", str(pid))
        item.set("name", name)
        etree.SubElement(item, f"{{{_VT_NS}}}lpwstr").text = value
    xml: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return xml


def with_custom_properties(docx: bytes, properties: dict[str, str]) -> bytes:
    """The package with `properties` as custom document properties named `summitkit.*`
    (replacing any summitkit wrote before; other custom properties are kept)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        merged = {k: v for k, v in read_custom(source).items() if not k.startswith(PROPERTY_PREFIX)}
        merged.update({PROPERTY_PREFIX + k: v for k, v in properties.items()})
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = _with_override(data)
            elif name == "_rels/.rels":
                data = _with_relation(data)
            elif name == CUSTOM_PART:
                continue
            target.writestr(name, data, zipfile.ZIP_DEFLATED)
        target.writestr(CUSTOM_PART, custom_properties_xml(merged), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def read_custom(package: zipfile.ZipFile) -> dict[str, str]:
    """Every custom document property of an open package, by name, as text."""
    if CUSTOM_PART not in package.namelist():
        return {}
    root = parse_xml(package.read(CUSTOM_PART), what=CUSTOM_PART)
    found = {}
    for item in root.iter(f"{{{_CUSTOM_NS}}}property"):
        value = next((child.text or "" for child in item), "")
        found[item.get("name", "")] = value
    return found


def summitkit_properties(package: zipfile.ZipFile) -> dict[str, str]:
    """The `summitkit.*` custom properties, without the prefix."""
    return {
        name.removeprefix(PROPERTY_PREFIX): value
        for name, value in read_custom(package).items()
        if name.startswith(PROPERTY_PREFIX)
    }


def _with_override(types: bytes) -> bytes:
    root = parse_xml(types, what="[Content_Types].xml")
    for item in root:
        if item.get("PartName") == "/" + CUSTOM_PART:
            return types
    override = etree.SubElement(root, f"{{{_TYPES_NS}}}Override")
    override.set("PartName", "/" + CUSTOM_PART)
    override.set("ContentType", CUSTOM_TYPE)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_relation(relations: bytes) -> bytes:
    root = parse_xml(relations, what="_rels/.rels")
    if any(item.get("Type") == CUSTOM_RELATION for item in root):
        return relations
    taken = {item.get("Id") for item in root}
    number = next(n for n in itertools.count(1) if f"rIdCustom{n}" not in taken)
    relation = etree.SubElement(root, f"{{{_RELS_NS}}}Relationship")
    relation.set("Id", f"rIdCustom{number}")
    relation.set("Type", CUSTOM_RELATION)
    relation.set("Target", CUSTOM_PART)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
