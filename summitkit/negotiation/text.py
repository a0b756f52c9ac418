"""The compilation as plain text (`summit compile --format text`) and as JSON.

Delegations are printed by id in capitals (JPN), as negotiators write them in
brackets; the full names are in the DOCX's reviewing pane and the HTML page.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from summitkit.negotiation.model import (
    Clash,
    Compilation,
    Decided,
    Option,
    Paragraph,
    Proposed,
    Span,
    Tabled,
    Variant,
)
from summitkit.sources.schema import ClauseStatus

STATUS_LABELS = {
    ClauseStatus.OPEN: "open",
    ClauseStatus.AD_REF: "ad ref",
    ClauseStatus.AGREED: "agreed",
}


def parties(ids: tuple[str, ...] | list[str]) -> str:
    """'JPN, KOR'."""
    return ", ".join(i.upper() for i in ids)


def proposers(who: Proposed) -> str:
    """'JPN (jpn-1), supported by KOR'."""
    text = f"{parties(who.by)} ({who.proposal})"
    return f"{text}, supported by {parties(who.supported_by)}" if who.supported_by else text


def span_text(span: Span) -> str:
    """One span as the text and the PDF print it."""
    if span.kind == "bracket":
        return f"[{span.text} — {parties(span.parties)}]" if span.parties else f"[{span.text}]"
    if span.kind == "replace":
        new = span.new or "(delete)"
        return f"[{span.text} → {new} — {parties(span.parties)} ({span.proposal})]"
    if span.kind == "alternatives":
        return f"[{' | '.join(variant_text(v) for v in span.alternatives)}]"
    if span.kind == "omitted":
        return f"[… {span.text} …]"
    return span.text


def variant_heading(variant: Variant) -> str:
    """'Alt 1' (the clause's own words), 'Alt 2 — JPN (jpn-1)'."""
    if not variant.by:
        return variant.label
    return f"{variant.label} — {parties(variant.by)} ({variant.proposal})"


def variant_text(variant: Variant) -> str:
    return f"{variant_heading(variant)}: {variant.text or '(delete)'}"


def clash_text(clash: Clash) -> str:
    """'jpn-1 (JPN) × chn-1 (CHN)'."""
    (a, b), (by_a, by_b) = clash.proposals, clash.by
    return f"{a} ({parties(by_a)}) × {b} ({parties(by_b)})"


def paragraph_text(paragraph: Paragraph) -> str:
    return "".join(span_text(s) for s in paragraph.spans)


def marks(paragraph: Paragraph) -> list[str]:
    """What the margin says about a paragraph: status, reservations, insertion, deletion."""
    found = [STATUS_LABELS[paragraph.status]]
    if paragraph.reserved_by:
        found.append(f"reservation: {parties(paragraph.reserved_by)}")
    if paragraph.inserted is not None:
        found.append(f"insert: {proposers(paragraph.inserted)}")
    found += [f"delete: {proposers(who)}" for who in paragraph.deleted]
    found += [f"collision: {clash_text(clash)}" for clash in paragraph.collisions]
    return found


def option_heading(option: Option) -> str:
    who = parties(option.by)
    if option.author:
        who = f"{who} ({option.author})" if who else option.author
    if option.proposal:
        who = f"{who} ({option.proposal})"
    return f"{option.label} — {who}" if who else option.label


def compilation_text(compilation: Compilation) -> str:
    """The whole compilation: heading, paragraphs, notes, status table and totals."""
    kind = "Clean text" if compilation.clean else "Compilation text"
    lines = [
        f"{kind}: {compilation.title}",
        f"{compilation.id} · {compilation.status}, revision {compilation.revision}",
        "",
    ]
    for paragraph in compilation.paragraphs:
        number = paragraph.number or "—"
        lines.append(f"{number} [{'; '.join(marks(paragraph))}]")
        body = paragraph_text(paragraph)
        if paragraph.deleted:
            body = f"[{body}]"
        elif paragraph.inserted is not None:
            body = f"[{body} — {parties(paragraph.inserted.by)}]"
        # Beside alternatives, the paragraph's own text is Alt 1.
        lines.append(f"  Alt 1: {body}" if paragraph.options else f"  {body}")
        for option in paragraph.options:
            lines.append(f"  {option_heading(option)}: [{option.text}]")
        lines.append("")
    if compilation.collisions:
        lines.append("Collisions (every colliding proposal is printed above)")
        for clash in compilation.collisions:
            lines.append(f"  {clash.number or '—'}: {clash_text(clash)} — {clash.description}")
        lines.append("")
    if compilation.unplaced:
        lines.append("Changes that no longer apply to the text (see summit check)")
        lines += [f"  {unplaced}" for unplaced in compilation.unplaced]
        lines.append("")
    for title, listed in (("Proposals tabled", compilation.tabled),
                          ("Proposals decided", compilation.decided)):  # fmt: skip
        if listed:
            lines.append(title)
            for tabled in listed:
                lines.append(f"  {proposal_line(tabled)}")
                lines += [f"    {detail}" for detail in proposal_details(tabled)]
            lines.append("")
    lines += status_table(compilation)
    lines += ["", compilation.totals.line()]
    return "\n".join(lines) + "\n"


def proposal_line(tabled: Tabled) -> str:
    """'jpn-1 — JPN, supported by KOR, 2012-03-20', and its state once decided."""
    who = parties(tabled.by)
    if tabled.supported_by:
        who += f", supported by {parties(tabled.supported_by)}"
    line = f"{tabled.id} — {who}, {tabled.date}"
    return line if tabled.state == "tabled" else f"{line}: {tabled.state}"


def proposal_details(tabled: Tabled) -> list[str]:
    """Its opponents, its decisions oldest first, and its note."""
    found = [f"opposed by {parties(tabled.opposed_by)}"] if tabled.opposed_by else []
    found += [decision_text(d) for d in tabled.decisions]
    if tabled.reason and not any(d.reason for d in tabled.decisions):
        found.append(f"reason: {' '.join(tabled.reason.split())}")
    if tabled.note:
        found.append(" ".join(tabled.note.split()))
    return found


def decision_text(decision: Decided) -> str:
    """'2012-03-25: change 2 accepted by Chair's office — reason'."""
    what = f"change {decision.change} {decision.fate}" if decision.change else decision.fate
    if decision.superseded_by:  # '2012-03-25: superseded by jpn-1 (Chair's office)'
        text = f"{decision.date}: {what} by {decision.superseded_by} ({decision.by})"
    else:
        text = f"{decision.date}: {what} by {decision.by}"
    return f"{text} — {' '.join(decision.reason.split())}" if decision.reason else text


STATUS_HEADER = ("paragraph", "status", "open proposals", "reservations")


def status_rows(compilation: Compilation) -> list[tuple[str, str, str, str]]:
    """(printed number, status, open proposals, reservations) per paragraph; a
    paragraph is named by the number delegations cite (its id is in the JSON)."""
    return [
        (
            p.number or "—",
            STATUS_LABELS[p.status],
            ", ".join(p.proposals) or "—",
            parties(p.reserved_by) or "—",
        )
        for p in compilation.paragraphs
    ]


def status_table(compilation: Compilation) -> list[str]:
    header = STATUS_HEADER
    rows = [header, *status_rows(compilation)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def compilation_json(compilation: Compilation) -> str:
    """The same content for other tools: the dataclasses, with the totals line."""
    data: dict[str, Any] = asdict(compilation)
    data["totals"]["line"] = compilation.totals.line()
    for paragraph, original in zip(data["paragraphs"], compilation.paragraphs, strict=True):
        paragraph["text"] = paragraph_text(original)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
