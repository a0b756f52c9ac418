"""Repository settings: `summitkit.toml` at the repository root (optional).

    default_sensitivity = "TLP:GREEN"   # label of unmarked material (default TLP:CLEAR)
    comment_sensitivity = "TLP:AMBER"   # label of an unmarked comment (default TLP:AMBER)

    [parties]                           # who may speak for a delegation (optional)
    jpn = ["ssh-ed25519 AAAAC3Nza... sherpa@mofa.example"]

`[parties]` maps a delegation (state or organization id) to the SSH public keys
allowed to sign commits for it, each as in an OpenSSH `.pub` file (git's
allowed-signers format without the principal); `summit check
--verify-attribution` uses it.

    [chair]                             # the chair's office (optional)
    name = "chair"                      # how decisions and receipts name it (default)
    keys = ["ssh-ed25519 AAAAC3Nza... office@chair.example"]

The chair's office is not a delegation: its keys sign the decisions it records
on proposals (status, history, supporters) and the import of Word returns,
whose `received_from` says which delegation sent the file.

    [word_authors]                      # Word author names → delegations, for
    "Ben Sherpa" = "jpn"                # `summit import docx` (state or organization ids)

A TOML file rather than conf.py, so that `summit check` and the exports never
execute code from the repository to learn a setting.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summitkit.sources.core.diagnostics import Diagnostic, Position, error
from summitkit.sources.core.layout import SLUG_PATTERN
from summitkit.sources.core.scales import TLP

FILENAME = "summitkit.toml"
KNOWN = ("default_sensitivity", "word_authors", "comment_sensitivity", "parties", "chair")
#: The line of an SSH `.pub` file (matched through `re`'s cache: few runs need it).
_PUBLIC_KEY = r"^(ssh-[a-z0-9-]+|ecdsa-[a-z0-9-]+|sk-[a-z0-9@.-]+) [A-Za-z0-9+/=]+( .*)?$"


@dataclass(frozen=True)
class ChairOffice:
    """The chair's office: the name records give it and the keys that sign for it."""

    name: str = "chair"
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    default_sensitivity: TLP = TLP.CLEAR
    word_authors: dict[str, str] = field(default_factory=dict)
    """Who a Word author name stands for: a state or organization id, by name."""
    comment_sensitivity: TLP = TLP.AMBER
    """The label of a comment that has none of its own."""
    parties: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Delegation id → the SSH public keys allowed to sign for it."""
    chair: ChairOffice = ChairOffice()
    """The chair's office and the SSH public keys allowed to sign for it."""


def load_settings(root: Path) -> tuple[Settings, list[Diagnostic]]:
    path = root / FILENAME
    if path.is_symlink():
        # Read through a link, a file outside the repository would be echoed by check.
        message = "is a symbolic link; write the settings in the file itself"
        return Settings(), [error(Position(FILENAME), message, "load/symlink")]
    if not path.is_file():
        return Settings(), []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        message = f"cannot be read ({exc.strerror or exc}); make it readable"
        return Settings(), [error(Position(FILENAME), message, "io/read")]
    return parse_settings(raw)


def parse_settings(raw: bytes) -> tuple[Settings, list[Diagnostic]]:
    """Settings from the bytes of a `summitkit.toml` (on disk or in a git revision)."""
    import tomllib  # here: a corpus without a summitkit.toml never needs it

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return Settings(), [error(Position(FILENAME), f"invalid TOML: {exc}", "settings/syntax")]
    problems = []
    for key in sorted(set(data) - set(KNOWN)):
        problems.append(error(Position(FILENAME), f"unknown setting '{key}'", "settings/unknown"))
    default = _label(data, "default_sensitivity", TLP.CLEAR, problems)
    comments = _label(data, "comment_sensitivity", TLP.AMBER, problems)
    parties = _parties(data.get("parties", {}), problems)
    authors = data.get("word_authors", {})
    if not isinstance(authors, dict) or not all(isinstance(v, str) for v in authors.values()):
        problems.append(
            error(
                Position(FILENAME),
                "word_authors is a table of Word author names and party ids, "
                'like "Ben Sherpa" = "jpn"',
                "settings/word-authors",
            )
        )
        authors = {}
    chair = _chair(data.get("chair", {}), parties, problems)
    settings = Settings(default, dict(authors), comments, parties, chair)
    return settings, problems


def _label(data: dict[str, Any], key: str, default: TLP, problems: list[Diagnostic]) -> TLP:
    label = data.get(key, default.value)
    try:
        return TLP(label)
    except ValueError:
        known = ", ".join(t.value for t in TLP)
        message = f"{key} '{label}' is not one of: {known}"
        problems.append(error(Position(FILENAME), message, "settings/sensitivity"))
        return default


def _chair(
    table: Any, parties: dict[str, tuple[str, ...]], problems: list[Diagnostic]
) -> ChairOffice:
    def refuse(message: str) -> ChairOffice:
        problems.append(error(Position(FILENAME), message, "settings/chair"))
        return ChairOffice()

    if not isinstance(table, dict) or set(table) - {"name", "keys"}:
        return refuse('[chair] is a table: name = "chair", keys = a list of SSH public keys')
    name = table.get("name", ChairOffice.name)
    if not isinstance(name, str) or not re.match(SLUG_PATTERN, name) or name in parties:
        return refuse(f"[chair] name '{name}' is not an id of its own (a slug no party has)")
    keys = _keys("[chair]", table.get("keys", []), refuse)
    return ChairOffice(name, keys) if keys is not None else ChairOffice(name)


def _keys(owner: str, keys: Any, refuse: Callable[[str], object]) -> tuple[str, ...] | None:
    """The SSH public keys of one signer, or None after refusing what is not one."""
    keys = [keys] if isinstance(keys, str) else keys
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        refuse(f"{owner} is a list of SSH public keys (the lines of .pub files)")
    elif bad := [k for k in keys if not re.match(_PUBLIC_KEY, k.strip(), re.I)]:
        refuse(
            f"{owner}: '{bad[0][:40]}' is not an SSH public key; paste the line "
            "of its .pub file (ssh-ed25519 AAAA... name)"
        )
    else:
        return tuple(k.strip() for k in keys)
    return None


def _parties(table: Any, problems: list[Diagnostic]) -> dict[str, tuple[str, ...]]:
    def refuse(message: str) -> None:
        problems.append(error(Position(FILENAME), message, "settings/parties"))

    if not isinstance(table, dict):
        refuse("[parties] is a table: a delegation id = a list of SSH public keys")
        return {}
    parties: dict[str, tuple[str, ...]] = {}
    for party, keys in table.items():
        if not re.match(SLUG_PATTERN, party):
            refuse(f"[parties] '{party}' is not a delegation id (a state or organization id)")
        elif (listed := _keys(f"[parties] {party}", keys, refuse)) is not None:
            parties[party] = listed
    return parties
