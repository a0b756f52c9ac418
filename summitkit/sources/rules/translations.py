"""Translations of what a statement or basket prints: which are missing, which are stale.

Every printed text field has its translations beside it: a clause's under the
clause (`clauses[].translations`), an action item's title and deliverable under
the item (`action_items[].translations`), the title, summary and a basket's
objective under the document (`translations: {fr: {title: ...}}`). Each
translation is a text, or a text with `source_hash`, the hash of the
source-language text it was made from (`source_hash` below). When the source
changes, the hash no longer matches and `summit check` warns, so translators see
what to update. A translation without a hash is not tracked.

- ``translation/stale`` (warning): the source text changed after translation;
- ``translation/missing`` (warning): a language the document declares authentic
  (`languages`) lacks translations — one warning per language, with the count.
  `summit build --lang TAG` warns once per printed field it has to print in the
  source language instead (`missing_in_build`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from summitkit.sources.core.diagnostics import Diagnostic, warning
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.records.raw import Path_
from summitkit.sources.schema import Basket, Clause, Document, Translation

#: How many missing fields a `translation/missing` warning names before "...".
NAMED = 4


def source_hash(text: str) -> str:
    """The hash a translation stores of the source text it was made from."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def translation_text(value: Translation | str | None) -> str | None:
    """The text of a translation, whichever way it is written."""
    if value is None or isinstance(value, str):
        return value
    return value.text


def translated(document: Document, owner: Any, name: str, lang: str) -> str:
    """The field `name` of the document (or of its action item `owner`) in `lang`
    where it is translated, else as written."""
    text = str(getattr(owner, name) or "")
    if not lang or lang == source_language(document):
        return text
    return translation_text(getattr(owner.translations.get(lang), name, None)) or text


@dataclass(frozen=True)
class PrintedField:
    """One text field a deliverable prints, with its translations."""

    loc: Path_
    """Where the source text is in the record."""
    label: str
    """How a message names it: title, objective, action_items[wg].title, clauses[op1]."""
    text: str
    translations: Mapping[str, Translation | str | None]
    translations_loc: Path_
    """Where its translations are, by language below it (then the field, if any)."""
    field: str | None = None
    """The field's name under each language, where translations are grouped by language."""

    def in_lang(self, lang: str) -> str | None:
        return translation_text(self.translations.get(lang))

    def translation_loc(self, lang: str) -> Path_:
        tail: Path_ = (lang,) if self.field is None else (lang, self.field)
        return (*self.translations_loc, *tail)


def printed_fields(document: Document) -> Iterator[PrintedField]:
    """Every text field of the document that its deliverables print, in page order."""
    names = ["title", "summary"] + (["objective"] if isinstance(document, Basket) else [])
    for name in names:
        text = getattr(document, name)
        if text:
            held = {lang: getattr(t, name) for lang, t in document.translations.items()}
            yield PrintedField((name,), name, text, held, ("translations",), name)
    for index, item in enumerate(getattr(document, "action_items", [])):
        for name in ("title", "deliverable"):
            held = {lang: getattr(t, name) for lang, t in item.translations.items()}
            loc: Path_ = ("action_items", index)
            label = f"action_items[{item.id}].{name}"
            yield PrintedField(
                (*loc, name), label, getattr(item, name), held, (*loc, "translations"), name
            )
    for index, clause in enumerate(document.clauses):
        loc = ("clauses", index)
        yield PrintedField(
            (*loc, "text"),
            f"clauses[{clause.id}]",
            clause.text,
            clause.translations,
            (*loc, "translations"),
        )


def source_language(document: Document) -> str:
    return document.languages[0] if document.languages else "en"


def missing_translations(document: Document, lang: str) -> list[PrintedField]:
    """The printed fields with no translation into `lang` (none in the source language)."""
    if lang == source_language(document):
        return []
    return [field for field in printed_fields(document) if field.in_lang(lang) is None]


def stale_translations(clause: Clause) -> list[str]:
    """Languages whose translation of the clause was made from another source text."""
    return _stale(clause.text, clause.translations)


def _stale(text: str, translations: Mapping[str, Translation | str | None]) -> list[str]:
    if not translations:
        return []  # most fields: no hash of the text to make
    current = source_hash(text)
    return [
        lang
        for lang, translation in translations.items()
        if isinstance(translation, Translation)
        and translation.source_hash is not None
        and translation.source_hash != current
    ]


def check_translations(corpus: Corpus) -> Iterator[Diagnostic]:
    """Rules translation/stale and translation/missing (warnings)."""
    for document in corpus.documents.values():
        if len(document.languages) < 2 and not _holds_translations(document):
            continue  # most documents: nothing translated, nothing required
        raw = corpus.origins[(document.kind, document.id)]
        for field in printed_fields(document):
            what = (
                f"clause '{field.label[8:-1]}'"
                if field.label.startswith("clauses[")
                else field.label
            )
            for lang in _stale(field.text, field.translations):
                yield warning(
                    raw.position(field.translation_loc(lang)),
                    f"the {lang} translation of {what} was made from an earlier "
                    f"text; update it and set its source_hash to {source_hash(field.text)}",
                    "translation/stale",
                )
        for index, lang in enumerate(document.languages[1:], start=1):
            missing = missing_translations(document, lang)
            if not missing:
                continue
            total = len(list(printed_fields(document)))
            named = ", ".join(f.label for f in missing[:NAMED])
            more = f" and {len(missing) - NAMED} more" if len(missing) > NAMED else ""
            yield warning(
                raw.position(("languages", index)),
                f"{lang} is an authentic language of '{document.id}', but {len(missing)} of its "
                f"{total} printed fields have no {lang} translation ({named}{more}); "
                f"translate them or take {lang} out of languages",
                "translation/missing",
            )


def _holds_translations(document: Document) -> bool:
    return bool(
        document.translations
        or any(clause.translations for clause in document.clauses)
        or any(item.translations for item in getattr(document, "action_items", []))
    )


def missing_in_build(corpus: Corpus, lang: str, only: tuple[str, ...] = ()) -> list[Diagnostic]:
    """What `summit build --lang LANG` warns about: once per printed field it prints in
    the source language, for documents translated into `lang` at all; a document with
    no translation into `lang` gets one warning, not one per field."""
    found: list[Diagnostic] = []
    if not lang:
        return found
    for document in sorted(corpus.documents.values(), key=lambda d: d.id):
        if only and document.id not in only:
            continue
        raw = corpus.origins[(document.kind, document.id)]
        missing = missing_translations(document, lang)
        if not missing:
            continue
        if lang not in document.translated_languages:
            found.append(
                warning(
                    raw.position(),
                    f"'{document.id}' has no {lang} translation; its {len(missing)} printed "
                    f"fields are printed in {source_language(document)}",
                    "translation/missing",
                )
            )
            continue
        for field in missing:
            found.append(
                warning(
                    raw.position(field.loc),
                    f"{field.label} of '{document.id}' has no {lang} translation; it is printed "
                    f"in {source_language(document)}",
                    "translation/missing",
                )
            )
    return found
