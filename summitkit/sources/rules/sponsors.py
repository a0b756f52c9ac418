"""Rules on who carries out a gift basket: its action items belong to its sponsors.

- ``basket/owner-not-sponsor`` (warning): an action item's owner is not the
  basket's lead or one of its co-sponsors, nor a centre they host, nor a network
  made only of them and their centres. An organization, or another state's
  centre, may well help; the warning asks the drafters to say so by making the
  state a co-sponsor or by giving the item to a sponsor.

An owner id that names no record at all is ``ref/unknown-...``, found by the
reference walker; this rule only looks at owners that exist.
"""

from __future__ import annotations

from collections.abc import Iterator

from summitkit.sources.core.diagnostics import Diagnostic, warning
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import Basket


def sponsor_states(basket: Basket) -> set[str]:
    """The states that put the basket forward: its lead and its co-sponsors."""
    return set(basket.lead) | set(basket.co_sponsors)


def owner_states(corpus: Corpus, owner: str) -> set[str] | None:
    """The states an owner stands for: itself, a centre's host, a network's members and
    its centres' hosts; None for an organization or an id the corpus does not know."""
    if owner in corpus.states:
        return {owner}
    if owner in corpus.centres:
        return {corpus.centres[owner].host}
    if owner in corpus.networks:
        network = corpus.networks[owner]
        hosts = {corpus.centres[c].host for c in network.centres if c in corpus.centres}
        return set(network.members) | hosts or None
    return None


def check_action_item_owners(corpus: Corpus) -> Iterator[Diagnostic]:
    """Rule basket/owner-not-sponsor (warning), at each such item's `owner`."""
    known = (corpus.states, corpus.centres, corpus.networks, corpus.organizations)
    for basket in corpus.baskets.values():
        sponsors = sponsor_states(basket)
        raw = corpus.origins[("basket", basket.id)]
        for index, item in enumerate(basket.action_items):
            if not any(item.owner in records for records in known):
                continue  # an unknown id: the reference walker reports it
            states = owner_states(corpus, item.owner)
            if states is not None and states <= sponsors:
                continue
            outside = sorted((states or set()) - sponsors)
            who = f"'{item.owner}'"
            if states is not None and states != {item.owner}:
                who += f" (of {', '.join(outside)})"
            fix = "give the item to a sponsor"
            if outside:
                command = f"summit sign {basket.id} {outside[0]} --as co-sponsor"
                fix = f"make {outside[0]} a co-sponsor ('{command}') or " + fix
            yield warning(
                raw.position(("action_items", index, "owner")),
                f"action item '{item.id}' is owned by {who}, which is neither the lead nor a "
                f"co-sponsor of '{basket.id}' nor one of their centres; {fix}",
                "basket/owner-not-sponsor",
            )
