"""The "changes since the previous round" annex of a statement that follows another.

``.. summit-changes:: document-id`` compares the document with the one it
`follows`, through the same engine as `summit diff`, and shows the signatories
who joined or left and each changed clause as an inline redline.
"""

from __future__ import annotations

from docutils import nodes

from summitkit.deliverables.sphinx.base import SummitDirective


class ChangesDirective(SummitDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        from summitkit.diff import compare_pair
        from summitkit.diff.changes import Side

        document = self.document(self.arguments[0])
        if document is None:
            return self.problem(f"unknown statement or basket '{self.arguments[0]}'")
        previous = self.document(document.follows) if document.follows else None
        if previous is None:
            return [nodes.paragraph("", self._("This document follows no earlier one."))]
        self.depend(document, previous)
        changes = compare_pair(previous, document, Side(previous.id), Side(document.id))
        record = changes.records[0]
        result: list[nodes.Node] = [
            nodes.paragraph("", f"{self._('Compared with')} {previous.title} ({previous.id}).")
        ]
        parties = nodes.bullet_list(classes=["sk-changes-parties"])
        for label, ids in (
            (self._("Joined"), record.signatories_joined),
            (self._("Left"), record.signatories_left),
        ):
            if ids:
                names = ", ".join(self.corpus.party_name(i) for i in ids)
                parties += nodes.list_item("", nodes.paragraph("", f"{label}: {names}"))
        if len(parties):
            result.append(parties)
        clauses = nodes.bullet_list(classes=["sk-changes-clauses"])
        for clause in record.clauses:
            if clause.status == "unchanged" and not clause.moved:
                continue
            status = self._(clause.status) + (f", {self._('moved')}" if clause.moved else "")
            paragraph = nodes.paragraph("", "", nodes.strong("", f"{clause.label} ({status}): "))
            for segment in clause.redline.segments:
                if segment.op == "insert":
                    paragraph += nodes.inline("", segment.text, classes=["sk-ins"])
                elif segment.op == "delete":
                    paragraph += nodes.inline("", segment.text, classes=["sk-del"])
                else:
                    paragraph += nodes.Text(segment.text)
            clauses += nodes.list_item("", paragraph)
        result.append(
            clauses if len(clauses) else nodes.paragraph("", self._("No clause changed."))
        )
        return result
