"""Scorecards as text for the terminal: `summit report` prints them under the measures."""

from __future__ import annotations

from summitkit.progress.scorecard import Scorecards
from summitkit.sources.records.corpus import Corpus


def scorecards_text(corpus: Corpus, cards: Scorecards) -> str:
    """A table of scores with each benchmark's level, then how the ranking moves
    under other weights."""
    benchmarks = [corpus.benchmarks[b] for b in cards.benchmarks]
    counted = "all assessments" if cards.include_preliminary else "published assessments"
    weights = ", ".join(f"{b.id} {b.weight:g}" for b in benchmarks)
    since = f"since {cards.previous}" if cards.previous else "trend"
    widths = {
        b.id: max(len(b.id), len("no evidence"), *(len(level.id) for level in b.scale.levels))
        for b in benchmarks
    }
    head = "  ".join(f"{b.id:<{widths[b.id]}}" for b in benchmarks)
    lines = [
        f"Scores as of {cards.round} ({counted}; weights {weights}; 0–100)",
        f"{'rank':>4}  {'':24} {'score':>6} {since:>18}  {head}".rstrip(),
    ]
    for card in sorted(cards.cards, key=lambda c: (c.rank, c.name.casefold())):
        trend = "—" if card.trend is None else f"{card.trend:+.2f}"
        levels = "  ".join(
            f"{card.held[b.id].level or 'no evidence':<{widths[b.id]}}" for b in benchmarks
        )
        row = f"{card.rank:>4}  {card.name[:24]:24} {card.score:>6.2f} {trend:>18}  {levels}"
        lines.append(row.rstrip())
    published = cards.variants[0].ranks
    lines.append("Ranking under other weights:")
    for variant in cards.variants[1:]:
        moved = [
            f"{corpus.party_name(s)} {published[s]}→{r}"
            for s, r in variant.ranks.items()
            if r != published[s]
        ]
        lines.append(f"  {variant.name}: {', '.join(moved) if moved else 'same ranking'}")
    return "\n".join(lines) + "\n"
