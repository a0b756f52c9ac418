"""summitkit's HTML translator: Sphinx's own, with each table in a container that
scrolls sideways, so that a wide table never makes the whole page wider than a
phone's screen, and each change a proposal makes naming its author and date."""

from __future__ import annotations

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

from summitkit.deliverables.i18n import translator


class SummitHTMLTranslator(HTML5Translator):
    """Tables are wrapped in a focusable, named region that scrolls inside the page."""

    def visit_inline(self, node: nodes.inline) -> None:
        # An inserted or deleted part of a compilation (`sphinx.compilation.change`):
        # who made it and when, for the DOCX printer's tracked changes.
        super().visit_inline(node)
        named = {f"data-{key}": node[key] for key in ("author", "date") if node.get(key)}
        if named:
            self.body[-1] = self.starttag(node, node.html5tagname, "", **named)

    def visit_table(self, node: nodes.table) -> None:
        # A keyboard user must be able to reach and scroll the region (WCAG 2.1.1),
        # and a screen reader must be able to name it.
        name = self.table_name(node)
        # Landmarks must differ by name; a second table under one heading gets a number.
        seen = self.__dict__.setdefault("_sk_table_names", {})
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name} ({seen[name]})"
        self.body.append(
            f'<div class="sk-table-scroll" role="region" tabindex="0" '
            f'aria-label="{self.attval(name)}">\n'
        )
        super().visit_table(node)

    def depart_table(self, node: nodes.table) -> None:
        super().depart_table(node)
        self.body.append("</div>\n")

    def table_name(self, node: nodes.table) -> str:
        """The table's title, else the heading of the section it is in, else "Table"."""
        for child in node.children:
            if isinstance(child, nodes.title):
                return str(child.astext())
        parent = node.parent
        while parent is not None:
            if (
                isinstance(parent, nodes.section)
                and parent.children
                and isinstance(parent[0], nodes.title)
            ):
                return str(parent[0].astext())
            parent = parent.parent
        language = str(self.config.summitkit_language or "en")
        return translator(language).gettext("Table")
