"""`summit diff`, as the command line calls it: sides → corpora → change set.

The printers of the change set are `summitkit.diff.terminal` and
`summitkit.diff.serialise` (text, json) and `summitkit.deliverables.redline`
(html, pdf, docx).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from summitkit.diff.changes import ChangeSet
from summitkit.diff.compare import compare_corpora, compare_pair
from summitkit.diff.credits import credit_changes
from summitkit.diff.fields import dump
from summitkit.diff.plain import party_names
from summitkit.diff.sides import Loaded, find_record, load_sides, plan
from summitkit.sources.audience.leaks import LeakGuard
from summitkit.sources.audience.visible import for_audience
from summitkit.sources.core.request import Request
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import TLP, Record


@dataclass
class Comparison:
    changes: ChangeSet
    names: dict[str, str]
    """Display names of the parties the changes mention, by id."""
    root: Path | None = None
    """The repository compared in, for the redlines' authors (git blame)."""
    audience: TLP = TLP.CLEAR
    old_corpus: Corpus | None = None
    """Both sides' corpora as the audience sees them, for printing whole documents."""
    new_corpus: Corpus | None = None
    pair: tuple[Record, Record] | None = None
    """The two records a record comparison names."""
    guard: LeakGuard = field(default_factory=lambda: LeakGuard(TLP.RED))
    """The leak check for the redline: the restricted texts of both sides."""

    def record(self, side: str, kind: str, id: str | None) -> Record | None:
        """The record `kind`/`id` on the old or new side, as the comparison saw it."""
        if id is None:
            return None
        if self.pair is not None:
            found = self.pair[0] if side == "old" else self.pair[1]
            if found.id == id:
                return found
        corpus = self.old_corpus if side == "old" else self.new_corpus
        if corpus is None:
            return None
        return next(
            (
                r
                for k in corpus.records
                if (r := corpus.get(k, id)) is not None and (kind in ("document", k))
            ),
            None,
        )


def compare(request: Request, old_text: str, new_text: str | None = None) -> Comparison:
    """Resolve both sides in the request's repository, load and validate their corpora,
    keep what its audience may see, and compare them.

    Raises `SideError` (usage) or `SideFailed` (a corpus does not validate, git failed).
    """
    root, audience = request.root, request.audience
    old_spec, new_spec = plan(root, old_text, new_text)
    old, new = load_sides(root, old_spec, new_spec)
    same = new.corpus is old.corpus  # one revision named twice: filter it once
    # A text restricted on either side is restricted: a clause labelled RED in the
    # working tree must not show through the older revision's text of it.
    guard = LeakGuard(
        audience,
        old.corpus,
        *([] if same else [new.corpus]),
        one_revision=old_spec.commit == new_spec.commit,
    )
    whole = old.corpus, new.corpus
    old.corpus = for_audience(old.corpus, audience)
    new.corpus = old.corpus if same else for_audience(new.corpus, audience)
    if old_spec.record is None and not same and audience is TLP.CLEAR:
        keep_plain_sides(root, (old, whole[0]), (new, whole[1]))
    pair = None
    if old_spec.record is None:
        keys = old.compared | new.compared
        changes = compare_corpora(old.corpus, new.corpus, old.side, new.side, keys, new.unchanged)
    else:
        pair = (find_record(old, old_spec), find_record(new, new_spec))
        changes = compare_pair(
            *pair,
            replace(old.side, label=old_spec.record_label),
            replace(new.side, label=new_spec.record_label),
        )
    credit_changes(changes, old.corpus, new.corpus)
    names = party_names(changes, new.corpus.party_name, old.corpus.party_name)
    return Comparison(changes, names, root, audience, old.corpus, new.corpus, pair, guard)


PARTIES = ("state", "organization", "centre", "network")
"""The kinds `Corpus.party_name` names."""


def keep_plain_sides(root: Path, *sides: tuple[Loaded, Corpus]) -> None:
    """Keep each side of two revisions that the default audience sees whole, and that
    has no proposal to credit a change to, as plain data: `summitkit.diff.quick`
    compares it again without the schema."""
    from summitkit.diff.quick import SideKey, keep_sides
    from summitkit.sources.audience.leaks import secrets

    kept: dict[SideKey, dict[str, Any]] = {}
    for role, (loaded, whole) in zip(("old", "new"), sides, strict=True):
        commit = loaded.side.commit
        if commit is None or whole.proposals:
            continue
        # The filter keeps a record it strips nothing of as it is (the same object).
        shown = sum(1 for r in whole if loaded.corpus.get(r.kind, r.id) is r)
        if shown != len(list(loaded.corpus)) or shown != len(list(whole)):
            continue  # something above TLP:CLEAR: the full diff filters it
        if secrets(whole, TLP.CLEAR):
            continue
        parties = (r.id for r in whole if r.kind in PARTIES)
        chosen = {key: whole.get(*key) for key in loaded.compared}
        if any(record is None for record in chosen.values()):
            continue
        kept[(role, commit, loaded.paths)] = {
            "records": {key: dump(record) for key, record in chosen.items()},
            "unchanged": loaded.unchanged if role == "new" else None,
            "names": {p: name for p in parties if (name := whole.party_name(p)) != p},
        }
    keep_sides(root, kept)


def wants_color(flag: bool | None, to_file: bool) -> bool:
    """Colour when asked; else only on a terminal, and never when NO_COLOR is set."""
    if flag is not None:
        return flag
    if to_file or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()
