"""Sphinx configuration of this drafting repository.

`summit build` runs Sphinx with content/ as the source folder and this file as
the configuration; summitkit renders the deliverables' pages into
content/generated/ (git-ignored) before Sphinx reads them.
"""

project = "Nuclear Security Summit drafting repository"
author = "summitkit sample corpus"
language = "en"
root_doc = "index"
extensions = ["summitkit.deliverables.sphinx"]

# Text stays exactly as drafted: no curly quotes added (and none defined for Chinese).
smartquotes = False

html_theme = "summitkit"
html_title = project
# No sidebars: a sidebar with the whole table of contents makes every page grow
# with the corpus and the build quadratic.
html_sidebars: dict[str, list[str]] = {"**": []}
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None

