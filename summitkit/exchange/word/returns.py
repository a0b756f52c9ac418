"""One returned Word file in, its proposal and position records out.

Each delegation's proposal stands on its own: a change that cannot become a
valid proposal (the record's rules refuse it) is reported at the paragraph of
the file it came from — clause id, printed number, Word author — and left out,
and every other change and proposal of the file is still written. Nothing is
ever reported at a path the user cannot see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summitkit.exchange.word.base import ImportFailed, base_document
from summitkit.exchange.word.importer import Draft, Importer, Opposition, Origin, sha256
from summitkit.exchange.word.read import NotReadable, read_docx
from summitkit.exchange.word.records import (
    FOLDER,
    POSITIONS,
    Staging,
    as_written,
    dump,
    laid_out,
)
from summitkit.sources.check.cache import paused_collection
from summitkit.sources.check.project import Checked, check
from summitkit.sources.core.diagnostics import (
    Diagnostic,
    Position,
    display_path,
    error,
    sort_diagnostics,
    warning,
)
from summitkit.sources.core.request import build_date
from summitkit.sources.core.settings import load_settings
from summitkit.sources.schema import TLP, Clause
from summitkit.sources.schema.negotiation import clause_digest

if TYPE_CHECKING:  # a compilation text's reader is imported only to read one
    from summitkit.exchange.word.compilation import CompilationReader, Stance


@dataclass(frozen=True)
class Written:
    path: Path
    text: str
    party: str
    changes: int
    notes: int
    kind: str = "proposal"
    stance: str = ""


@dataclass
class Imported:
    file: Path
    proposals: list[Written]
    warnings: list[Diagnostic]
    refused: list[Diagnostic]
    """Changes left out, each at its paragraph; the rest was imported."""
    document: str
    commit: str


def import_docx(
    file: Path,
    root: Path,
    *,
    as_party: str | None = None,
    document: str | None = None,
    dry_run: bool = False,
    taken: set[str] | None = None,
    layout: Callable[[str, str], str] | None = None,
    checked: Checked | None = None,
) -> Imported:
    """Read FILE against the revision it was built from and write (or, with `dry_run`,
        only return) one proposal per delegation and one position per opposition.
        ImportFailed: nothing was written. `taken`: record ids already used by the files
        imported before this one in the same command. `layout(text, kind)`: the house layout
    of a record file (`summit fmt`'s), applied to every record written. `checked`: the
    repository's check, when the caller has made it; what this import writes is added
    to its corpus, so that one check serves a whole round of files."""
    # Reading a long file builds hundreds of thousands of objects that all stay alive:
    # the cyclic collector would only walk them again and again.
    with paused_collection():
        return _imported(file, root, as_party, document, dry_run, taken, layout, checked)


def _imported(
    file: Path,
    root: Path,
    as_party: str | None,
    document: str | None,
    dry_run: bool,
    taken: set[str] | None,
    layout: Callable[[str, str], str] | None,
    checked: Checked | None,
) -> Imported:
    where = Position(display_path(file, root))
    try:
        word = read_docx(file)
    except NotReadable as exc:
        raise ImportFailed([error(where, str(exc), exc.rule)]) from None
    base, commit = base_document(word, root, where, document)
    if checked is None:
        checked = check(root)
    settings, _ = load_settings(root)
    used = taken if taken is not None else set()
    if word.properties.get("kind") == "compilation":
        from summitkit.exchange.word.compilation import CompilationReader

        reader = CompilationReader(
            word, base, checked.corpus, where, as_party, settings.word_authors
        )
        return stances_in(file, root, reader, commit, used, dry_run, layout)
    work = Importer(word, base, checked.corpus, where, as_party, settings.word_authors)
    work.layout = layout
    drafts = work.run()
    used |= set(checked.corpus.proposals)
    # Who recorded the receipt: the chair's office, whose signed commit attests it.
    receipt = {**receipt_of(file, work, drafts), "by": settings.chair.name}
    refused: list[Diagnostic] = list(work.refused)
    written: list[Written] = []
    staging = Staging(root, checked.corpus)
    for draft in drafts:
        item, problems = settled(staging, work, draft, receipt, used, commit)
        refused += problems
        if item is not None:
            written.append(item)
    by_party = {w.party: w for w in written if w.changes}
    for opposition in work.oppositions:
        found = None
        if opposition.against in by_party:
            target = by_party[opposition.against]
            found = position(root, opposition, target, receipt, used, layout)
            staged = [(w.path, w.text) for w in written if w.kind == "proposal"]
            checked_position = staging.check([*staged, (found.path, found.text)])
            if [d for d in checked_position if d.is_error and d.position.path == display(found)]:
                found = None
        if found is not None:
            written.append(found)
            continue
        work.warnings.append(
            warning(
                work.at(work.anchor_of(opposition.clause)),
                f"{opposition.author} ({opposition.party}) deleted words "
                f"{opposition.against} inserted in {opposition.clause} "
                f"(“{' '.join(opposition.text.split())}”), but no proposal of "
                f"{opposition.against} came from this file to oppose; record the position "
                "by hand",
                "import-docx/opposition-not-recorded",
            )
        )
    if not dry_run:
        from summitkit.deliverables.printed import write_atomically

        for item in written:
            write_atomically(item.path, item.text.encode("utf-8"))
        staging.admit([(w.path, w.text) for w in written])
    return Imported(
        file, written, sort_diagnostics(work.warnings), sort_diagnostics(refused), base.id, commit
    )


def display(item: Written) -> str:
    return f"{item.path.parent.parent.name}/{item.path.parent.name}/{item.path.name}"


def receipt_of(file: Path, work: Importer, drafts: list[Draft]) -> dict[str, Any]:
    """Who sent the file (--as, else the delegation of its last editor, else the one
    delegation in it), the file itself, and when: the latest day it records."""
    parties = {d.party for d in drafts}
    sender = work.as_party or work.party(work.word.last_modified_by) or ""
    if not sender and len(parties) == 1:
        sender = next(iter(parties))
    authors = sorted({a for d in drafts for a in d.authors})
    return {
        "party": sender,
        "file": file.name,
        "sha256": sha256(file),
        "authors": authors,
        # The latest day the file itself records (not the import's day), so that
        # importing the same file twice writes the same records.
        "date": dt.date.fromisoformat(work.word.latest or build_date().date().isoformat()),
    }


def settled(
    staging: Staging,
    work: Importer,
    draft: Draft,
    receipt: dict[str, Any],
    used: set[str],
    commit: str,
) -> tuple[Written | None, list[Diagnostic]]:
    """The draft's record, less any change the rules refuse (each reported where it
    came from in the file)."""
    root = staging.root
    path, text, values = record(root, work, draft, receipt, used, commit)
    problems = [d for d in staging.check([(path, text)], {path: values}) if d.is_error]
    if not problems:
        return Written(path, text, draft.party, len(draft.changes), len(draft.notes)), []
    refused: list[Diagnostic] = []
    keep = []
    for change, origin in zip(draft.changes, draft.origins, strict=True):
        alone = Draft(draft.party, [change], [origin], dates=draft.dates, authors=draft.authors)
        one_path, one_text, one = record(root, work, alone, receipt, set(used), commit)
        errors = [d for d in staging.check([(one_path, one_text)], {one_path: one}) if d.is_error]
        if errors:
            why = "; ".join(dict.fromkeys(d.message for d in errors))
            refused.append(
                error(
                    work.at(origin.paragraph),
                    f"{work.named(origin.clause)}, {origin.author} ({draft.party}): this "
                    f"change cannot be proposed and is not imported: {why}",
                    "import-docx/not-a-proposal",
                )
            )
        else:
            keep.append((change, origin))
    draft.changes = [c for c, _ in keep]
    draft.origins = [o for _, o in keep]
    if refused and not draft.changes and not draft.notes:
        return None, refused
    path, text, values = record(root, work, draft, receipt, used, commit)
    if still := [d for d in staging.check([(path, text)], {path: values}) if d.is_error]:
        why = "; ".join(dict.fromkeys(d.message for d in still))
        refused.append(
            error(
                work.where,
                f"the proposal of {draft.party} ({', '.join(sorted(draft.authors))}) cannot "
                f"be written and is not imported: {why}",
                "import-docx/not-a-proposal",
            )
        )
        return None, refused
    return Written(path, text, draft.party, len(draft.changes), len(draft.notes)), refused


def fresh_id(root: Path, folder: str, stem: str, used: set[str]) -> str:
    id, n = stem, 1
    while id in used or (root / folder / f"{id}.yaml").exists():
        n += 1
        id = f"{stem}-{n}"
    used.add(id)
    return id


def record(
    root: Path,
    work: Importer,
    draft: Draft,
    receipt: dict[str, Any],
    used: set[str],
    commit: str,
) -> tuple[Path, str, dict[str, Any] | None]:
    """The draft's proposal file: where, its text, and the values it was written
    straight from (`as_written`)."""
    date = max(draft.dates, default="") or build_date().date().isoformat()
    # The id begins with its delegation, as `summit proposal new` makes ids
    # (`proposal/id-prefix`): two delegations never take one id.
    id = fresh_id(root, FOLDER, f"{draft.party}-{work.base.id}-{date}", used)
    data: dict[str, Any] = {
        "id": id,
        "document": work.base.id,
        "by": [draft.party],
        "date": dt.date.fromisoformat(date),
        "status": "tabled",
        "changes": draft.changes,
    }
    if draft.notes:
        data["note"] = "\n".join(draft.notes) + "\n"
    if against := written_against(work.clauses, draft.changes):
        data["against"] = against
    audience = work.word.properties.get("audience", TLP.CLEAR.value)
    if audience != TLP.CLEAR.value and audience in {t.value for t in TLP}:
        data["sensitivity"] = audience
    if draft.amends is not None:
        data["amends"] = draft.amends
    data["received_from"] = {
        **receipt,
        "party": receipt["party"] or draft.party,
        "authors": sorted(draft.authors),
    }
    header = (
        f"# Imported with 'summit import docx' from {receipt['file']} "
        f"(Word author: {', '.join(sorted(draft.authors))}), against {work.base.id} "
        f"at commit {commit}\n"
    )
    return (root / FOLDER / f"{id}.yaml", *as_written(header, data, "proposal", work.layout))


def written_against(clauses: dict[str, Clause], changes: list[dict[str, Any]]) -> dict[str, str]:
    """The digest of each clause of the printed text (`clauses`, by id) a change is
    about, as `summit proposal new` records it: accepting the change after the clause
    has moved on is then refused (`decision/stale-clause`) rather than erasing what
    moved it."""
    found: dict[str, str] = {}
    for change in changes:
        ((kind, body),) = change.items()
        clause = body if kind == "delete" else None if kind == "insert" else body["clause"]
        if isinstance(clause, str) and clause in clauses:
            found[clause] = clause_digest(clauses[clause].text)
    return found


def position(
    root: Path,
    opposition: Opposition,
    target: Written,
    receipt: dict[str, Any],
    used: set[str],
    layout: Callable[[str, str], str] | None = None,
) -> Written:
    """The deleting delegation's opposition to the inserting delegation's proposal."""
    proposal = target.path.stem
    date = opposition.date[:10] or build_date().date().isoformat()
    id = fresh_id(root, POSITIONS, f"{opposition.party}-on-{proposal}", used)
    data: dict[str, Any] = {
        "id": id,
        "proposal": proposal,
        "by": opposition.party,
        "stance": "oppose",
        "date": dt.date.fromisoformat(date),
        "note": f"{opposition.author} deleted, in {opposition.clause}, words "
        f"{opposition.against.upper()} proposed: “{' '.join(opposition.text.split())}”\n",
        "received_from": {**receipt, "authors": [opposition.author]},
    }
    header = f"# Imported with 'summit import docx' from {receipt['file']}\n"
    text, _ = as_written(header, data, "position", layout)
    path = root / POSITIONS / f"{id}.yaml"
    return Written(path, text, opposition.party, 0, 1, "position", "oppose")


def stance_record(root: Path, stance: Stance, receipt: dict[str, Any], used: set[str]) -> Written:
    """A delegation's support for or opposition to one change, read from a compilation."""
    id = fresh_id(root, POSITIONS, f"{stance.party}-on-{stance.proposal}-{stance.change}", used)
    did = (
        f"deleted “{stance.text}” from the words proposed"
        if stance.stance == "oppose"
        else f"added “{stance.text}” to the bracket"
    )
    data: dict[str, Any] = {
        "id": id,
        "proposal": stance.proposal,
        "change": stance.change,
        "by": stance.party,
        "stance": stance.stance,
        "date": dt.date.fromisoformat(stance.date or build_date().date().isoformat()),
        "note": f"{stance.author} {did} in {stance.clause} of the compilation text\n",
        "received_from": {
            **receipt,
            "party": receipt["party"] or stance.party,
            "authors": [stance.author],
        },
    }
    text = f"# Imported with 'summit import docx' from {receipt['file']}\n" + dump(data)
    path = root / POSITIONS / f"{id}.yaml"
    return Written(path, text, stance.party, 0, 1, "position", stance.stance)


def stances_in(
    file: Path,
    root: Path,
    reader: CompilationReader,
    commit: str,
    used: set[str],
    dry_run: bool,
    layout: Callable[[str, str], str] | None,
) -> Imported:
    """The positions a marked-up compilation text takes, written unless `dry_run`."""
    stances = reader.stances()
    receipt = {**receipt_of(file, reader, []), "by": load_settings(root)[0].chair.name}
    staging = Staging(root, reader.corpus)
    written: list[Written] = []
    refused: list[Diagnostic] = []
    for draft in wording_drafts(reader):
        item, problems = settled(staging, reader, draft, receipt, used, commit)
        refused += problems
        if item is not None:
            written.append(item)
    written += [
        amendment(root, reader, s, receipt, used, commit)
        if s.stance == "amend"
        else stance_record(root, s, receipt, used)
        for s in stances
    ]
    problems = [d for d in staging.check([(w.path, w.text) for w in written]) if d.is_error]
    if problems:
        raise ImportFailed(problems)
    if layout is not None:
        written = [replace(w, text=laid_out(w.text, w.kind, layout)) for w in written]
    if not dry_run:
        from summitkit.deliverables.printed import write_atomically

        for item in written:
            write_atomically(item.path, item.text.encode("utf-8"))
        staging.admit([(w.path, w.text) for w in written])
    warnings = sort_diagnostics(reader.warnings)
    return Imported(file, written, warnings, sort_diagnostics(refused), reader.base.id, commit)


def wording_drafts(reader: CompilationReader) -> list[Draft]:
    """Each delegation's own wording typed into the compilation, as its proposal."""
    drafts: dict[str, Draft] = {}
    for wording in reader.wordings:
        clause = reader.clauses[wording.clause]
        changes = reader.against(clause, wording.base, wording.text)
        if not wording.text.strip():
            changes = [{"delete": clause.id}]
        draft = drafts.setdefault(wording.party, Draft(wording.party))
        draft.authors.add(wording.author)
        if wording.date:
            draft.dates.append(wording.date)
        for change in changes:
            draft.changes.append(change)
            draft.origins.append(Origin(wording.paragraph, clause.id, wording.author))
    return [d for d in drafts.values() if d.changes]


def amendment(
    root: Path,
    reader: CompilationReader,
    stance: Stance,
    receipt: dict[str, Any],
    used: set[str],
    commit: str,
) -> Written:
    """A delegation's amendment to one change of another's proposal: that change with
    the words as the delegation left them, in a proposal that `amends` the other."""
    amended = reader.corpus.proposals[stance.proposal]
    change = amended.changes[stance.change - 1].model_dump(mode="json", exclude_none=True)
    kind = next(iter(change))
    if kind == "replace":
        change["replace"]["new"] = stance.text
    elif kind == "insert":
        change["insert"]["text"] = stance.text
        change["insert"]["id"] = reader.new_id(change["insert"]["after"], stance.party)
    elif kind == "substitute":
        change["substitute"]["text"] = stance.text
    draft = Draft(stance.party, [change], dates=[stance.date], authors={stance.author})
    draft.amends = stance.proposal
    path, text, _ = record(root, reader, draft, receipt, used, commit)
    return Written(path, text, stance.party, 1, 0)
