"""Interface text in several languages, from gettext catalogues (.po files).

The catalogues follow the Babel / sphinx-intl layout
(`summitkit/deliverables/locale/<lang>/LC_MESSAGES/summitkit.po`, template `summitkit.pot`).
They are read as text, so no compiled .mo file is kept in the repository.
Content (clause text) is translated in the records, not here.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "summitkit"

#: Languages whose interface text is translated, with their names in themselves.
LANGUAGES = {"en": "English", "fr": "Français", "zh": "中文", "ja": "日本語", "ko": "한국어"}


@dataclass
class Catalogue(gettext.NullTranslations):
    """A gettext translations object backed by a parsed .po file."""

    messages: dict[str, str] = field(default_factory=dict)
    plurals: dict[str, list[str]] = field(default_factory=dict)
    plural_form: str = "n != 1"

    def __post_init__(self) -> None:
        super().__init__()
        self.choose = gettext.c2py(self.plural_form)

    def gettext(self, message: str) -> str:
        return self.messages.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self.plurals.get(singular)
        if not forms:
            return singular if n == 1 else plural
        return forms[min(int(self.choose(n)), len(forms) - 1)]


def parse_po(text: str) -> Catalogue:
    """A .po file's messages (fuzzy and untranslated entries are skipped)."""
    catalogue = Catalogue()
    entry: dict[str, str] = {}
    key = None
    fuzzy = False

    def flush() -> None:
        nonlocal fuzzy
        msgid = entry.get("msgid", "")
        forms = [entry[k] for k in sorted(entry) if k.startswith("msgstr[")]
        if not msgid and entry.get("msgstr"):
            match = re.search(r"plural=([^;\n]+)", entry["msgstr"])
            if match:
                catalogue.plural_form = match.group(1).strip()
        elif msgid and not fuzzy:
            if forms and all(forms):
                catalogue.plurals[msgid] = forms
            elif entry.get("msgstr"):
                catalogue.messages[msgid] = entry["msgstr"]
        entry.clear()
        fuzzy = False

    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif match := re.match(r"(msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$", line):
            if match.group(1) == "msgid" and entry:
                flush()
            key = match.group(1)
            entry[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            entry[key] += ast.literal_eval(line)
        elif not line and entry:
            flush()
            key = None
    catalogue.__post_init__()
    return catalogue


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """The interface text of one language; English (and unknown languages) as written."""
    path = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return gettext.NullTranslations()
    return parse_po(path.read_text(encoding="utf-8"))
