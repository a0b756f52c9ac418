"""Directives of summitkit's docs site: the record and rule references, drawn from the
code when the site is built, so that they cannot drift from it.

    .. summit-records::
    .. summit-rules::
    .. summit-csv-columns::

And two repairs to Furo's markup, so that the Nu Html Checker finds no error or
warning: sections are `div`s (a `section` inside Furo's `article` makes its `h1`
"not top-level" and leaves the article "without heading"), and the sidebar's
expand switches say whether they are on (`role="switch"` needs `aria-checked`).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles
from sphinx.writers.html5 import HTML5Translator


class _Generated(SphinxDirective):
    """reST made by a function of tools/readme/reference.py, parsed in place."""

    def lines(self) -> list[str]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        container = nodes.section()
        container.document = self.state.document
        source = self.get_source_info()[0]
        text = StringList([(line, source, 0) for line in ()])
        for number, line in enumerate(self.lines()):
            text.append(line, f"{source} (generated)", number)
        nested_parse_with_titles(self.state, text, container)
        return list(container.children)


class Records(_Generated):
    def lines(self) -> list[str]:
        from readme.reference import records_rst

        return records_rst().splitlines()


class Rules(_Generated):
    def lines(self) -> list[str]:
        from readme.reference import rules_rst

        self.env.note_dependency(_rules_file())
        return rules_rst().splitlines()


class CsvColumns(_Generated):
    """The columns `summit export csv --what W` writes, for every W."""

    def lines(self) -> list[str]:
        from summitkit.exchange.benchmarks import COLUMNS
        from summitkit.exchange.export import CSV_COLUMNS

        rows = [".. list-table::", "   :header-rows: 1", "", "   * - ``--what``", "     - columns"]
        for what, columns in {**CSV_COLUMNS, **COLUMNS}.items():
            rows += [f"   * - ``{what}``", f"     - {', '.join(columns)}"]
        return rows


class DocsTranslator(HTML5Translator):
    """Sphinx's HTML, with every section a `div class="section"`."""

    def visit_section(self, node: nodes.section) -> None:
        self.section_level += 1
        self.body.append(self.starttag(node, "div", CLASS="section"))

    def depart_section(self, node: nodes.section) -> None:
        self.section_level -= 1
        self.body.append("</div>\n")


_SWITCH = re.compile(r'<input(?P<attrs>[^>]*?\brole="switch"[^>]*?)/?>')


def _switch_state(match: re.Match[str]) -> str:
    attrs = match.group("attrs")
    state = "true" if 'checked=""' in attrs else "false"
    return f'<input aria-checked="{state}"{attrs}/>'


def _repair_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    tree = context.get("furo_navigation_tree")
    if isinstance(tree, str):
        context["furo_navigation_tree"] = _SWITCH.sub(_switch_state, tree)


def _rules_file() -> str:
    from summitkit.sources.rules import rulebook

    return str(rulebook.__file__).replace("rulebook.py", "rules.toml")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("summit-records", Records)
    app.add_directive("summit-rules", Rules)
    app.add_directive("summit-csv-columns", CsvColumns)
    app.set_translator("html", DocsTranslator)
    # After Furo's own handler (priority 500), which computes the navigation tree.
    app.connect("html-page-context", _repair_navigation, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
