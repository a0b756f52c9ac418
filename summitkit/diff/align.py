"""Aligning the clauses of two documents: by id, then by similarity, then moves.

1. Clauses that share an id are paired.
2. The rest (two documents of a lineage, or an id that changed) are paired:
   first those whose text is the same (a hash lookup), then by the similarity
   of their word sets (a token-set ratio, 2·|A∩B| / (|A|+|B|)),
   best pairs first, above `THRESHOLD`. Small sets are scored all against all;
   above `ALL_PAIRS_LIMIT` pairs, candidates come from an index of the clauses'
   rarer words and from a window around the same relative position, so the
   work stays near-linear in the clause count.
3. Among the pairs, the longest run that keeps its order (the longest
   increasing subsequence of new positions, in old order) stayed in place;
   every other pair moved.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from summitkit.diff.tokens import tokenise

if TYPE_CHECKING:

    class Clause(Protocol):
        """What aligning reads of a clause: a schema clause, or one read as plain data."""

        @property
        def id(self) -> str: ...

        @property
        def text(self) -> str: ...


THRESHOLD = 0.5
"""The least similarity at which two clauses without a shared id are paired."""
ALL_PAIRS_LIMIT = 40_000
"""Above this many candidate pairs, use the rare-word index instead of all pairs."""
WINDOW = 10
"""With the index: clauses this many places around the same relative position are
candidates too."""


@dataclass(frozen=True)
class Pair:
    old: int | None
    """Position in the old document, or None for an added clause."""
    new: int | None
    """Position in the new document, or None for a removed clause."""
    matched_by: str | None = None
    """'id' or 'similarity' for a pair; None for an added or removed clause."""
    similarity: float | None = None
    moved: bool = False


def word_set(text: str) -> frozenset[str]:
    return frozenset(t.casefold() for t in tokenise(text) if not t.isspace())


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Token-set ratio: 1.0 for the same words, 0.0 for none in common."""
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def align(old: Sequence[Clause], new: Sequence[Clause]) -> list[Pair]:
    """Pair the clauses of two documents; returns pairs in the new document's order,
    each removed clause placed after the pair that preceded it in the old one."""
    new_by_id = {clause.id: j for j, clause in enumerate(new)}
    pairs: dict[int, tuple[int, str, float | None]] = {}
    for i, clause in enumerate(old):
        if clause.id in new_by_id:
            pairs[i] = (new_by_id[clause.id], "id", None)
    paired_new = {j for j, _, _ in pairs.values()}
    rest_old = [i for i in range(len(old)) if i not in pairs]
    rest_new = [j for j in range(len(new)) if j not in paired_new]
    for i, j in match_identical(old, new, rest_old, rest_new):
        pairs[i] = (j, "similarity", 1.0)
    paired_new = {j for j, _, _ in pairs.values()}
    rest_old = [i for i in rest_old if i not in pairs]
    rest_new = [j for j in rest_new if j not in paired_new]
    for i, j, score in match_by_similarity(old, new, rest_old, rest_new):
        pairs[i] = (j, "similarity", score)
    stayed = in_order(sorted((i, j) for i, (j, _, _) in pairs.items()))
    matched = [
        Pair(i, j, how, score, moved=(i, j) not in stayed)
        for i, (j, how, score) in sorted(pairs.items())
    ]
    return merge_order(matched, len(old), len(new))


def match_identical(
    old: Sequence[Clause], new: Sequence[Clause], rest_old: list[int], rest_new: list[int]
) -> list[tuple[int, int]]:
    """Clauses whose text is the same but for whitespace, paired in order: a hash
    lookup, so that renumbered but unedited clauses never reach the scoring."""
    waiting: dict[str, list[int]] = defaultdict(list)
    for j in rest_new:
        waiting[" ".join(new[j].text.split())].append(j)
    found = []
    for i in rest_old:
        same = waiting.get(" ".join(old[i].text.split()))
        if same:
            found.append((i, same.pop(0)))
    return found


def match_by_similarity(
    old: Sequence[Clause], new: Sequence[Clause], rest_old: list[int], rest_new: list[int]
) -> list[tuple[int, int, float]]:
    """Best pairs first, each clause at most once, ties broken by nearness of position."""
    if not rest_old or not rest_new:
        return []
    old_words = {i: word_set(old[i].text) for i in rest_old}
    new_words = {j: word_set(new[j].text) for j in rest_new}
    if len(rest_old) * len(rest_new) <= ALL_PAIRS_LIMIT:
        candidates = [(i, j) for i in rest_old for j in rest_new]
    else:
        candidates = rare_word_candidates(old_words, new_words)
    scale_old, scale_new = max(len(old), 1), max(len(new), 1)
    scored = []
    for i, j in candidates:
        score = similarity(old_words[i], new_words[j])
        if score >= THRESHOLD:
            distance = abs(i / scale_old - j / scale_new)
            scored.append((-score, distance, i, j))
    scored.sort()
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    found = []
    for negative, _, i, j in scored:
        if i in taken_old or j in taken_new:
            continue
        taken_old.add(i)
        taken_new.add(j)
        found.append((i, j, round(-negative, 4)))
    return found


def rare_word_candidates(
    old_words: dict[int, frozenset[str]], new_words: dict[int, frozenset[str]]
) -> list[tuple[int, int]]:
    """Candidate pairs from an index of words, plus the clauses at about the same place.

    For each old clause, the index counts the words it shares with each new
    clause; a pair is a candidate when that count, plus the words too common
    to look up, could reach THRESHOLD. Words that occur in more than `common`
    clauses are not looked up (their lists would make it all pairs again), so
    clauses at about the same relative position are always candidates too,
    which catches pairs made of common words only.
    """
    frequency: Counter[str] = Counter()
    index: dict[str, list[int]] = defaultdict(list)
    for j, words in new_words.items():
        frequency.update(words)
        for word in words:
            index[word].append(j)
    common = max(50, len(new_words) // 20)
    new_order = sorted(new_words)
    old_order = sorted(old_words)
    candidates: set[tuple[int, int]] = set()
    for rank, i in enumerate(old_order):
        words = old_words[i]
        shared: Counter[int] = Counter()
        skipped = 0
        for word in words:
            seen = frequency.get(word, 0)
            if seen > common:
                skipped += 1
            elif seen:
                shared.update(index[word])
        for j, count in shared.items():
            if 2 * (count + skipped) >= THRESHOLD * (len(words) + len(new_words[j])):
                candidates.add((i, j))
        centre = rank * len(new_order) // len(old_order)
        candidates.update((i, j) for j in new_order[max(centre - WINDOW, 0) : centre + WINDOW + 1])
    return sorted(candidates)


def in_order(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The longest increasing subsequence of new positions, with pairs in old order."""
    tails: list[int] = []  # tails[k]: smallest new position ending a run of length k+1
    tail_at: list[int] = []  # index into `pairs` of that tail
    previous: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(index)
        else:
            tails[k] = j
            tail_at[k] = index
        previous[index] = tail_at[k - 1] if k else -1
    kept: set[tuple[int, int]] = set()
    at = tail_at[-1] if tail_at else -1
    while at != -1:
        kept.add(pairs[at])
        at = previous[at]
    return kept


def merge_order(matched: list[Pair], old_count: int, new_count: int) -> list[Pair]:
    """All clauses in reading order: the new document's order, with each removed
    clause after the clause that preceded it in the old document."""
    new_of_old = {p.old: p for p in matched}
    by_new = {p.new: p for p in matched}
    removed_after: dict[int, list[Pair]] = defaultdict(list)
    anchor = -1  # new position of the last paired old clause seen
    for i in range(old_count):
        pair = new_of_old.get(i)
        if pair is None:
            removed_after[anchor].append(Pair(i, None))
        elif not pair.moved:
            anchor = pair.new if pair.new is not None else anchor
    ordered: list[Pair] = list(removed_after[-1])
    for j in range(new_count):
        ordered.append(by_new.get(j) or Pair(None, j))
        ordered.extend(removed_after[j])
    return ordered
