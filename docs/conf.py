"""Sphinx configuration of summitkit's documentation site (not of a drafting repository).

Build it with `sphinx-build -W docs build/docs` from the repository root (tests/
test_docs_site.py does, with warnings as errors, then runs the Nu checker and a
link check on the output).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The reference directives (`_ext/`) draw on the generators in tools/readme/.
sys.path[:0] = [str(HERE / "_ext"), str(HERE.parent / "tools")]

from summitkit import __version__  # noqa: E402

project = "summitkit"
author = "summitkit contributors"
copyright = "summitkit contributors"
release = __version__
version = ".".join(__version__.split(".")[:2])
language = "en"

extensions = ["sphinx_click", "summitdocs"]
root_doc = "index"
exclude_patterns = ["_build"]
templates_path = ["_templates"]
html_theme = "furo"
html_title = f"summitkit {release}"
html_static_path: list[str] = []
# Every page's size independent of the site's: furo's sidebar is the whole toctree,
# which stays small here (a few dozen pages).
html_copy_source = False
# The glossary and the references are the index; Furo's general index page nests an
# h1 in a section, which the Nu Html Checker warns about.
html_use_index = False
html_show_sourcelink = False
nitpicky = True
