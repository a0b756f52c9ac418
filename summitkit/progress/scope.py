"""Which states a report covers."""

from __future__ import annotations

from summitkit.sources.corpus import Corpus
from summitkit.sources.schema import ReportScope


def states_in_scope(corpus: Corpus, scope: ReportScope) -> set[str]:
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
