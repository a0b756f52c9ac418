"""The rule book: every rule id a diagnostic can carry, what it means, and a fix.

`rules.toml` beside this module holds the entries; `summit check --explain RULE`
prints one, and the README's rule table is generated from them. A test fails when
a rule id used in the code has no entry.
"""

from __future__ import annotations

import difflib
import textwrap
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Rule:
    """One rule: its id (`load/yaml-syntax`), whether it is an error or a warning,
    what it means and an example of the fix."""

    id: str
    severity: str
    explanation: str
    example: str

    def summary(self) -> str:
        """The explanation's first sentence."""
        first = self.explanation.split(". ")[0].strip()
        return first if first.endswith(".") else first + "."

    def explain(self) -> str:
        """The text `summit check --explain` prints."""
        example = "\n".join(f"  {line}" for line in self.example.strip("\n").splitlines())
        explanation = textwrap.fill(" ".join(self.explanation.split()), width=79)
        return f"{self.id} ({self.severity})\n\n{explanation}\n\nExample fix:\n{example}\n"


@cache
def rulebook() -> dict[str, Rule]:
    """Every rule by id, in the book's order."""
    text = resources.files("summitkit.sources.rules").joinpath("rules.toml").read_text("utf-8")
    return {
        rule_id: Rule(rule_id, entry["severity"], entry["explanation"], entry["example"])
        for rule_id, entry in tomllib.loads(text).items()
    }


def close_rules(rule_id: str) -> list[str]:
    """Rule ids that look like `rule_id`: a misspelling, or the same family."""
    book = rulebook()
    guesses = difflib.get_close_matches(rule_id, list(book), n=3, cutoff=0.6)
    family = rule_id.partition("/")[0] + "/"
    guesses += [known for known in book if known.startswith(family)]
    return list(dict.fromkeys(guesses))[:6]
