"""The error of the leak check (`summitkit.sources.audience.leaks`), in a module of its own so
that the command line can catch it without importing the schema."""

from __future__ import annotations

from typing import Any

from summitkit.sources.core.scales import TLP


class LeakFound(Exception):
    """An output holds restricted text; it was not printed or written."""

    def __init__(self, output: str, audience: TLP, found: list[Any]) -> None:
        what = "; ".join(sorted({s.where for s in found}))
        super().__init__(
            f"{output}: error: material above {audience.value} reached the output "
            f"(text of {what}); nothing was written [audience/leak]"
        )
        self.found = found
