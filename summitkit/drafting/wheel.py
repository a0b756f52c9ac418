"""The wheel `summit init` ships into a drafting repository: the summitkit that made
it, so that the repository's workflow installs exactly this version with pip,
whether or not summitkit is published anywhere.

The wheel is made from the installed package's own files and metadata, with a
fixed timestamp, so the same summitkit writes the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import zipfile
from pathlib import Path

import summitkit

PACKAGE = Path(summitkit.__file__).parent
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip file can hold


def wheel_name() -> str:
    return f"summitkit-{summitkit.__version__}-py3-none-any.whl"


def write_wheel(folder: Path) -> Path:
    """Write this summitkit as a pure-Python wheel into `folder`; return its path."""
    dist_info = f"summitkit-{summitkit.__version__}.dist-info"
    files = {
        f"summitkit/{path.relative_to(PACKAGE).as_posix()}": path.read_bytes()
        for path in sorted(PACKAGE.rglob("*"))
        if path.is_file() and _shipped(path.relative_to(PACKAGE))
    }
    files[f"{dist_info}/METADATA"] = _metadata().encode()
    files[f"{dist_info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: summit init\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    files[f"{dist_info}/entry_points.txt"] = b"[console_scripts]\nsummit = summitkit.cli:run\n"
    record = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in files.items()]
    files[f"{dist_info}/RECORD"] = "\n".join([*record, f"{dist_info}/RECORD,,", ""]).encode()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / wheel_name()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, _EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data)
    return target


def _shipped(relative: Path) -> bool:
    # Byte code is the installer's to make; dotfiles are no part of the package.
    return "__pycache__" not in relative.parts and not relative.name.startswith(".")


def _metadata() -> str:
    """Core metadata 2.1 with the requirements of the installed distribution."""
    try:
        found = importlib.metadata.distribution("summitkit")
        requires, summary = found.requires or [], found.metadata["Summary"] or ""
        python = found.metadata["Requires-Python"] or ">=3.11"
    except importlib.metadata.PackageNotFoundError:  # run from a source tree
        requires, summary, python = [], "", ">=3.11"
    lines = [
        "Metadata-Version: 2.1",
        "Name: summitkit",
        f"Version: {summitkit.__version__}",
        f"Summary: {summary}",
        f"Requires-Python: {python}",
        # The test extra is the summitkit project's own; a drafting repository needs none.
        *[f"Requires-Dist: {r}" for r in requires if "extra ==" not in r],
    ]
    return "\n".join(lines) + "\n"


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
