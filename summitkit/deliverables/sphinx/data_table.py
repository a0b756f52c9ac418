"""``.. summit-table::`` — a table of plain-text cells, one JSON array per row.

The page templates write their tables this way (a report's participation matrix
alone has a cell per state and document). No cell is parsed as
reStructuredText: a state's name that looks like markup stays text, and a
thousand-row table reads in a fraction of a ``list-table``'s time, which parses
every cell as a document of its own. The table built is the one ``list-table``
builds, so the pages look the same.
"""

from __future__ import annotations

import json

from docutils import nodes
from docutils.parsers.rst.directives.tables import ListTable
from docutils.utils import SystemMessagePropagation


class DataTableDirective(ListTable):  # type: ignore[misc]  # docutils has no types
    """Like ``list-table``, with its title and options, but each line of content is a JSON
    array of the row's cells, each a string ("" for an empty cell)."""

    def run(self) -> list[nodes.Node]:
        title, messages = self.make_title()
        rows: list[list[list[nodes.Node]]] = []
        for number, line in enumerate(self.content, start=1):
            cells = _cells(line)
            if cells is None or (rows and len(cells) != len(rows[0])):
                return [self._error(f"row {number} is not a JSON array of cells like row 1")]
            rows.append([[nodes.paragraph("", cell)] if cell else [] for cell in cells])
        if not rows:
            return [self._error("no rows")]
        header_rows = self.options.get("header-rows", 0)
        stub_columns = self.options.get("stub-columns", 0)
        try:
            widths = self.get_column_widths(len(rows[0]))
            self.check_table_dimensions(rows, header_rows, stub_columns)
        except SystemMessagePropagation as detail:
            return [detail.args[0]]
        table = self.build_table_from_list(rows, widths, header_rows, stub_columns)
        if "align" in self.options:
            table["align"] = self.options["align"]
        table["classes"] += self.options.get("class", [])
        self.set_table_width(table)
        self.add_name(table)
        if title:
            table.insert(0, title)
        return [table, *messages]

    def _error(self, message: str) -> nodes.system_message:
        block = nodes.literal_block(self.block_text, self.block_text)
        return self.reporter.error(f"{self.name}: {message}", block, line=self.lineno)


def _cells(line: str) -> list[str] | None:
    try:
        cells = json.loads(line)
    except ValueError:
        return None
    if not isinstance(cells, list) or not all(isinstance(cell, str) for cell in cells):
        return None
    return cells
