extensions = ["summitkit.deliverables.sphinx"]
project = "directives test"
html_theme = "summitkit"
html_sidebars: dict[str, list[str]] = {"**": []}
exclude_patterns = ["content"]
