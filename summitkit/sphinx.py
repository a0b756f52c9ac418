"""The Sphinx extension's old name: a drafting repository whose conf.py still says
``extensions = ["summitkit.sphinx"]`` builds as before, and is told the line to
write instead.

The extension moved to ``summitkit.deliverables.sphinx`` when the package was
grouped into stages. This module loads it by that name (through Sphinx, so that
the package root imports no later stage) and warns once per build.
"""

from __future__ import annotations

import ast
import warnings
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

EXTENSION = "summitkit.deliverables.sphinx"
OLD_NAME = "summitkit.sphinx"
MESSAGE = (
    f"'{OLD_NAME}' is the old name of summitkit's Sphinx extension and will stop "
    f'working; write in conf.py: extensions = ["{EXTENSION}"]'
)


class RenamedExtensionWarning(FutureWarning):
    """conf.py names the extension by its old name.

    A FutureWarning, not a DeprecationWarning: it is meant for whoever runs
    sphinx-build or `summit build`, and Python shows FutureWarnings by default
    where it hides DeprecationWarnings outside `__main__`. It does not fail a
    `sphinx-build -W` build, as an upgrade should not."""


def setup(app: Sphinx) -> dict[str, Any]:
    """Load the extension under its new name, after warning at conf.py's line."""
    warn_old_name(Path(app.confdir) / "conf.py" if app.confdir else None)
    app.setup_extension(EXTENSION)
    metadata = app.extensions[EXTENSION]
    return {
        "version": metadata.version,
        "parallel_read_safe": metadata.parallel_read_safe,
        "parallel_write_safe": metadata.parallel_write_safe,
    }


def warn_old_name(conf: Path | None) -> None:
    """The warning, shown at the line of `conf` that names the old extension (as
    `conf.py:12: RenamedExtensionWarning: …` followed by the line itself)."""
    line = _line_naming(conf, OLD_NAME) if conf is not None else None
    if conf is None or line is None:
        warnings.warn(MESSAGE, RenamedExtensionWarning, stacklevel=3)
        return
    warnings.warn_explicit(MESSAGE, RenamedExtensionWarning, str(conf), line)


def _line_naming(conf: Path, name: str) -> int | None:
    """The line of the first string `name` in the Python file `conf` (parsed, not run)."""
    try:
        tree = ast.parse(conf.read_bytes(), filename=str(conf))
    except (OSError, SyntaxError, ValueError):
        return None
    lines = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value == name
    ]
    return min(lines, default=None)
