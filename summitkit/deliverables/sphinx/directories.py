"""Directives that tabulate the corpus for hand-written pages: commitments, centres, networks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from summitkit.sources.schema import Status

if TYPE_CHECKING:
    pass

from summitkit.deliverables.sphinx.base import SummitDirective, table


class CommitmentTableDirective(SummitDirective):
    """``.. commitment-table:: [report-id]`` — commitments with their status as of a round.

    Options ``:as-of:`` (round id) and ``:states:`` (state ids) apply without a report.
    """

    optional_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        "as-of": directives.unchanged,
        "states": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        corpus = self.corpus
        as_of = self.options.get("as-of")
        states = set(self.options.get("states", "").replace(",", " ").split())
        chosen: set[str] | None = None  # a report's commitments
        if self.arguments:
            report = corpus.reports.get(self.arguments[0])
            if report is None:
                return self.problem(f"unknown report '{self.arguments[0]}'")
            self.depend(report)
            as_of = report.as_of
            from summitkit.progress.scope import commitments_in_scope

            chosen = {c.id for c in commitments_in_scope(corpus, report.scope)}
        rounds = corpus.rounds()
        as_of = as_of or (rounds[-1].id if rounds else None)
        if as_of not in corpus.summits:
            return self.problem(f"unknown summit round '{as_of}'")
        rows = []
        for commitment in sorted(
            corpus.commitments.values(),
            key=lambda c: (corpus.party_name(c.made_by), corpus.summits[c.made_at].start, c.id),
        ):
            if states and commitment.made_by not in states:
                continue
            if chosen is not None and commitment.id not in chosen:
                continue
            if corpus.summits[commitment.made_at].start > corpus.summits[as_of].end:
                continue
            self.depend(commitment)
            status = corpus.status_as_of(commitment, as_of) or Status.NO_EVIDENCE
            category = corpus.categories.get(commitment.category)
            rows.append(
                [
                    corpus.party_name(commitment.made_by),
                    " ".join(commitment.text.split()),
                    category.title if category else commitment.category,
                    corpus.summits[commitment.made_at].title,
                    status.value,
                ]
            )
        if not rows:
            return [nodes.paragraph("", "No commitments in scope.")]
        headers = ["State", "Commitment", "Category", "Made at", "Status"]
        return [table(headers, rows, ["sk-commitments"])]


class CentreDirectoryDirective(SummitDirective):
    """``.. centre-directory::`` — every centre with host, type, stage, networks and focus."""

    def run(self) -> list[nodes.Node]:
        corpus = self.corpus
        rows = []
        for centre in sorted(
            corpus.centres.values(), key=lambda c: (corpus.party_name(c.host), c.id)
        ):
            self.depend(centre)
            rows.append(
                [
                    centre.name,
                    corpus.party_name(centre.host),
                    centre.type.value.upper(),
                    centre.stage.value + (f" ({centre.established})" if centre.established else ""),
                    ", ".join(corpus.party_name(n) for n in centre.networks) or "—",
                    ", ".join(centre.focus) or "—",
                ]
            )
        headers = ["Centre", "Host", "Type", "Stage", "Networks", "Focus"]
        return [table(headers, rows, ["sk-centres"])]


class NetworkDirectoryDirective(SummitDirective):
    """``.. network-directory::`` — every network with coordinator, members and working groups."""

    def run(self) -> list[nodes.Node]:
        corpus = self.corpus
        rows = []
        for network in sorted(corpus.networks.values(), key=lambda n: n.name):
            self.depend(network)
            rows.append(
                [
                    network.name + (f" ({network.acronym})" if network.acronym else ""),
                    corpus.party_name(network.coordinator) if network.coordinator else "—",
                    str(network.established or "—"),
                    ", ".join(corpus.party_name(m) for m in network.members) or "—",
                    ", ".join(w.name for w in network.working_groups) or "—",
                ]
            )
        headers = ["Network", "Coordinator", "Established", "Members", "Working groups"]
        return [table(headers, rows, ["sk-networks"])]
