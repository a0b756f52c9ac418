"""The PDF's structure tree, completed where WeasyPrint leaves it short of the standards.

WeasyPrint tags the PDF (PDF/UA-1) but writes the language only on the document,
and gives table header cells an ``/ID`` (which data cells name in ``/Headers``)
without the ``/IDTree`` that ISO 32000-1 (14.7.2) requires in the structure tree
root whenever elements carry IDs: a reader then cannot find the header a cell
names. Both are added while WeasyPrint writes, by wrapping two of its functions
for the time of one print.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any


@contextmanager
def tagged_as_required() -> Iterator[None]:
    """Languages on structure elements and the ``/IDTree``, for the prints made inside."""
    with ExitStack() as stack:
        stack.enter_context(_languages_in_structure_tree())
        stack.enter_context(_id_tree_in_structure_root())
        yield


@contextmanager
def _languages_in_structure_tree() -> Iterator[None]:
    """Give each structure element whose HTML element has a `lang` its own ``/Lang``.

    WeasyPrint tags the PDF but writes the language only on the document; a reader
    (or a screen reader) then takes Chinese for the document's English, or a
    Japanese face for Chinese. Its tree builder is wrapped for the time of one
    print; the builder calls itself through the module, so every level is seen.
    """
    import pydyf  # type: ignore[import-untyped]
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def with_language(box: Any, *args: Any) -> Iterator[Any]:
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None else None
        for structure in original(box, *args):
            if lang and box.element_tag not in ("html", "body") and "Lang" not in structure:
                structure["Lang"] = pydyf.String(lang)
            yield structure

    tags._build_box_tree = with_language
    try:
        yield
    finally:
        tags._build_box_tree = original


@contextmanager
def _id_tree_in_structure_root() -> Iterator[None]:
    """Give the structure tree root an ``/IDTree`` naming every element that has an ``/ID``.

    The tree is one leaf: its ``/Names`` holds each ID and the element's reference,
    sorted by ID as a name tree must be.
    """
    import pydyf
    from weasyprint import pdf as weasyprint_pdf

    original = weasyprint_pdf.add_tags

    def with_id_tree(pdf: Any, *args: Any) -> None:
        original(pdf, *args)
        dictionaries: list[Any] = [o for o in pdf.objects if isinstance(o, pydyf.Dictionary)]
        root = next((o for o in dictionaries if o.get("Type") == "/StructTreeRoot"), None)
        named = sorted(
            (o for o in dictionaries if "ID" in o and "S" in o),
            key=lambda element: str(element["ID"].string).encode("utf-8"),
        )
        if root is None or not named:
            return
        names = pydyf.Array()
        for element in named:
            names.extend([element["ID"], element.reference])
        tree = pydyf.Dictionary({"Names": names})
        pdf.add_object(tree)
        root["IDTree"] = tree.reference

    weasyprint_pdf.add_tags = with_id_tree
    try:
        yield
    finally:
        weasyprint_pdf.add_tags = original
