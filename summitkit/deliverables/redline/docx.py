"""The change set as a Word document with real tracked changes (`--format docx`).

pandoc's DOCX writer turns spans classed `insertion` / `deletion` with `author`
and `date` attributes into `<w:ins>` / `<w:del>` revisions that Word and
LibreOffice can accept or reject one by one; accepting them all gives the new
text. The author is the git author of the newer side where known, else
"summitkit". The file is reproducible: zip timestamps and the core properties'
dates come from SOURCE_DATE_EPOCH, else the newer commit's date.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from html import escape
from pathlib import Path

from summitkit.deliverables.redline.page import page_title, trimmed
from summitkit.diff.changes import ChangeSet, ClauseChange, RecordChange
from summitkit.diff.terminal import (
    clause_heading,
    field_line,
    is_prose,
    prose_redline,
    semantic_items,
    summary_line,
)
from summitkit.diff.tokens import Segment

DEFAULT_AUTHOR = "summitkit"
PACKAGE_REFERENCE = Path(__file__).resolve().parents[1] / "templates" / "reference.docx"


def change_date(changes: ChangeSet) -> dt.datetime:
    """When the changes were made: the newer commit's date, else SOURCE_DATE_EPOCH or now."""
    if changes.new.date:
        return dt.datetime.fromisoformat(changes.new.date).astimezone(dt.UTC)
    return _epoch() or dt.datetime.now(dt.UTC).replace(microsecond=0)


def file_date(changes: ChangeSet) -> dt.datetime:
    """The file's own dates: SOURCE_DATE_EPOCH, else the newer commit's date, else now."""
    return _epoch() or change_date(changes)


def _epoch() -> dt.datetime | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isdigit() else None


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def tracked_html(changes: ChangeSet, names: dict[str, str]) -> str:
    """pandoc input: the whole of each document, changes as insertion/deletion spans."""
    author = escape(changes.new.author or DEFAULT_AUTHOR)
    when = _iso(change_date(changes))
    mark = f'data-author="{author}" data-date="{when}"'
    parts = [
        f"<p>Old: {escape(changes.old.version)}. New: {escape(changes.new.version)}.</p>",
        f"<p>{escape(summary_line(changes))}</p>",
    ]
    for record in changes.records:
        parts.append(record_html(record, mark, names))
    return "<html><body>\n" + "\n".join(parts) + "\n</body></html>\n"


def record_html(record: RecordChange, mark: str, names: dict[str, str]) -> str:
    parts = [f"<h1>{escape(record.label)} — {escape(record.title)}</h1>"]
    items = []
    for text, change in semantic_items(record, names):
        if change is not None and is_prose(change):
            tracked = tracked_text(prose_redline(change).segments, mark)
            items.append(f"<li>{escape(text + change.path)}: {tracked}</li>")
        else:
            line = text + field_line(change) if change is not None else text
            items.append(f"<li>{escape(line)}</li>")
    if items:
        parts.append(f"<ul>{''.join(items)}</ul>")
    parts.extend(clause_html(clause, mark) for clause in record.clauses)
    return "\n".join(parts)


def tracked_text(segments: tuple[Segment, ...] | list[Segment], mark: str) -> str:
    """Text with its insertions and deletions as pandoc's tracked-change spans."""
    text = []
    for segment in segments:
        if segment.op == "equal":
            text.append(escape(segment.text))
        else:
            kind = "insertion" if segment.op == "insert" else "deletion"
            text.append(f'<span class="{kind}" {mark}>{escape(segment.text)}</span>')
    return "".join(text)


def clause_html(clause: ClauseChange, mark: str) -> str:
    text = tracked_text(trimmed(clause.redline.segments), mark)
    notes = "".join(f"<br><em>{escape(field_line(f))}</em>" for f in clause.fields)
    label = escape(clause_heading(clause) if clause.shown else f"{clause.label} ({clause.kind})")
    return f"<p><strong>{label}</strong>{notes}</p>\n<p>{text}</p>"


def write_docx(changes: ChangeSet, target: Path, names: dict[str, str]) -> None:
    import pypandoc

    args = ["--metadata", f"title={page_title(changes)}"]
    reference = PACKAGE_REFERENCE
    if reference.is_file():
        args.append(f"--reference-doc={reference}")
    with tempfile.TemporaryDirectory(prefix="summit-docx-") as folder:
        raw = Path(folder) / "redline.docx"
        pypandoc.convert_text(
            tracked_html(changes, names),
            "docx",
            format="html",
            outputfile=str(raw),
            extra_args=args,
        )
        target.write_bytes(normalise(raw.read_bytes(), file_date(changes)))


_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def normalise(docx: bytes, when: dt.datetime) -> bytes:
    """The same bytes for the same input: fixed zip times and core property dates."""
    stamp = max(when, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as packed:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_DATE.sub(rb"\g<1>" + _iso(when).encode() + rb"\g<3>", data)
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            packed.writestr(member, data)
    return out.getvalue()
