"""What a report covers: which commitments, and the states whose commitments they are.

A scope by states (a region, a list, a network's members, every state) covers
every commitment those states made; a scope by commitments (a list, or the
commitments a gift basket's action items cite) covers those commitments only,
and the states that made them.
"""

from __future__ import annotations

from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import Commitment, ReportScope


def by_commitments(scope: ReportScope) -> bool:
    """The scope names commitments, not states."""
    return bool(scope.commitments) or scope.basket is not None


def cited_commitments(corpus: Corpus, scope: ReportScope) -> list[str]:
    """The commitment ids a scope by commitments names, in the order given, once each."""
    if scope.basket is not None:
        basket = corpus.baskets.get(scope.basket)
        items = basket.action_items if basket else []
        return list(dict.fromkeys(c for item in items for c in item.commitments))
    return list(dict.fromkeys(scope.commitments))


def commitments_in_scope(corpus: Corpus, scope: ReportScope) -> list[Commitment]:
    """The commitments a report covers (those the audience may see)."""
    if by_commitments(scope):
        wanted = cited_commitments(corpus, scope)
        return [corpus.commitments[c] for c in wanted if c in corpus.commitments]
    states = states_in_scope(corpus, scope)
    return [c for c in corpus.commitments.values() if c.made_by in states]


def states_in_scope(corpus: Corpus, scope: ReportScope) -> set[str]:
    if by_commitments(scope):
        return {c.made_by for c in commitments_in_scope(corpus, scope)}
    if scope.all:
        return set(corpus.states)
    if scope.region is not None:
        return {s.id for s in corpus.states.values() if scope.region in s.regions}
    if scope.network is not None:
        network = corpus.networks.get(scope.network)
        if network is None:
            return set()
        members = set(network.members)
        members |= {corpus.centres[c].host for c in network.centres if c in corpus.centres}
        members |= {c.host for c in corpus.centres.values() if scope.network in c.networks}
        return members
    return set(scope.states)
