"""The compilation as plain text (`summit compile --format text`) and as JSON.

Delegations are printed by id in capitals (JPN), as negotiators write them in
brackets; the full names are in the DOCX's reviewing pane and the HTML page.

The labels summitkit writes itself (status names, Alt 2, the headings, the totals)
come through `say`, a gettext translations object (the deliverables pass the
message catalogue of the build's language); English by default.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict
from typing import Any

from summitkit.negotiation.model import (
    ENGLISH,
    Clash,
    Compilation,
    Decided,
    Option,
    Paragraph,
    Proposed,
    Say,
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


def status_label(status: ClauseStatus, say: Say = ENGLISH) -> str:
    """'open', 'ad ref', 'agreed' in the language of `say`."""
    return say.gettext(STATUS_LABELS[status])


def alt_label(label: str, say: Say = ENGLISH) -> str:
    """'Alt 2' in the language of `say` (the compilation numbers alternatives 'Alt N')."""
    number = label.removeprefix("Alt ")
    return say.gettext("Alt %(n)s") % {"n": number} if number != label else label


def title_line(compilation: Compilation, say: Say = ENGLISH) -> str:
    """'Compilation text: TITLE' (or 'Clean text: TITLE')."""
    kind = "Clean text: %(title)s" if compilation.clean else "Compilation text: %(title)s"
    return say.gettext(kind) % {"title": compilation.title}


def parties(ids: tuple[str, ...] | list[str]) -> str:
    """'JPN, KOR'."""
    return ", ".join(i.upper() for i in ids)


def supported_by(ids: tuple[str, ...], say: Say = ENGLISH) -> str:
    """', supported by KOR' ('' when nobody supports)."""
    return say.gettext(", supported by %(parties)s") % {"parties": parties(ids)} if ids else ""


def proposers(who: Proposed, say: Say = ENGLISH) -> str:
    """'JPN (jpn-1), supported by KOR'."""
    return f"{parties(who.by)} ({who.proposal}){supported_by(who.supported_by, say)}"


def span_text(span: Span, say: Say = ENGLISH) -> str:
    """One span as the text and the PDF print it."""
    if span.kind == "bracket":
        return f"[{span.text} — {parties(span.parties)}]" if span.parties else f"[{span.text}]"
    if span.kind == "replace":
        new = span.new or say.gettext("(delete)")
        return f"[{span.text} → {new} — {parties(span.parties)} ({span.proposal})]"
    if span.kind == "alternatives":
        return f"[{' | '.join(variant_text(v, say) for v in span.alternatives)}]"
    if span.kind == "omitted":
        return f"[… {say.gettext(span.text)} …]"
    return span.text


def variant_heading(variant: Variant, say: Say = ENGLISH) -> str:
    """'Alt 1' (the clause's own words), 'Alt 2 — JPN (jpn-1)'."""
    if not variant.by:
        return alt_label(variant.label, say)
    return f"{alt_label(variant.label, say)} — {parties(variant.by)} ({variant.proposal})"


def variant_text(variant: Variant, say: Say = ENGLISH) -> str:
    return f"{variant_heading(variant, say)}: {variant.text or say.gettext('(delete)')}"


def clash_text(clash: Clash) -> str:
    """'jpn-1 (JPN) × chn-1 (CHN)'."""
    (a, b), (by_a, by_b) = clash.proposals, clash.by
    return f"{a} ({parties(by_a)}) × {b} ({parties(by_b)})"


def clash_description(clash: Clash, say: Say = ENGLISH) -> str:
    """What collides, in words, in the language of `say`: in English, the description
    `summitkit.sources.records.collisions` writes."""
    values = {"passage": clash.passage, "a": clash.proposals[0], "b": clash.proposals[1]}
    values["name"] = (
        say.gettext("paragraph %(number)s") % {"number": clash.number}
        if clash.number
        else say.gettext("the heading")
    )
    if clash.kind == "same-words":
        return say.gettext("both replace words of '%(passage)s' in %(name)s") % values
    if clash.kind == "two-substitutes":
        return say.gettext("both put a whole new wording of %(name)s on the table") % values
    if clash.kind == "substitute-and-amendment":
        return say.gettext("one rewrites %(name)s whole, the other amends its words") % values
    if "delete" not in clash.types:
        return clash.description  # made by hand, not by compile_document
    first_deletes = clash.types[0] == "delete"
    values["deleting"], values["other"] = clash.proposals[:: 1 if first_deletes else -1]
    other_type = clash.types[1 if first_deletes else 0]
    if other_type == "insert":
        message = "%(deleting)s leaves out %(name)s, %(other)s inserts a paragraph after it"
    else:
        message = "%(deleting)s leaves out %(name)s, %(other)s changes it"
    return say.gettext(message) % values


def paragraph_text(paragraph: Paragraph, say: Say = ENGLISH) -> str:
    return "".join(span_text(s, say) for s in paragraph.spans)


def marks(paragraph: Paragraph, say: Say = ENGLISH) -> list[str]:
    """What the margin says about a paragraph: status, reservations, insertion, deletion."""
    found = [status_label(paragraph.status, say)]
    if paragraph.reserved_by:
        found.append(
            say.gettext("reservation: %(parties)s") % {"parties": parties(paragraph.reserved_by)}
        )
    if paragraph.inserted is not None:
        found.append(say.gettext("insert: %(who)s") % {"who": proposers(paragraph.inserted, say)})
    found += [
        say.gettext("delete: %(who)s") % {"who": proposers(who, say)} for who in paragraph.deleted
    ]
    found += [
        say.gettext("collision: %(what)s") % {"what": clash_text(clash)}
        for clash in paragraph.collisions
    ]
    return found


def option_heading(option: Option, say: Say = ENGLISH) -> str:
    who = parties(option.by)
    if option.author:
        who = f"{who} ({option.author})" if who else option.author
    if option.proposal:
        who = f"{who} ({option.proposal})"
    label = alt_label(option.label, say)
    return f"{label} — {who}" if who else label


def compilation_text(compilation: Compilation, say: Say = ENGLISH) -> str:
    """The whole compilation: heading, paragraphs, notes, status table and totals."""
    lines = [
        title_line(compilation, say),
        meta_line(compilation, say),
        "",
    ]
    alt1 = alt_label("Alt 1", say)
    for paragraph in compilation.paragraphs:
        number = paragraph.number or "—"
        lines.append(f"{number} [{'; '.join(marks(paragraph, say))}]")
        body = paragraph_text(paragraph, say)
        if paragraph.deleted:
            body = f"[{body}]"
        elif paragraph.inserted is not None:
            body = f"[{body} — {parties(paragraph.inserted.by)}]"
        # Beside alternatives, the paragraph's own text is Alt 1.
        lines.append(f"  {alt1}: {body}" if paragraph.options else f"  {body}")
        for option in paragraph.options:
            lines.append(f"  {option_heading(option, say)}: [{option.text}]")
        lines.append("")
    if compilation.collisions:
        lines.append(say.gettext("Collisions (every colliding proposal is printed above)"))
        for clash in compilation.collisions:
            what = clash_description(clash, say)
            lines.append(f"  {clash.number or '—'}: {clash_text(clash)} — {what}")
        lines.append("")
    if compilation.unplaced:
        lines.append(say.gettext("Changes that no longer apply to the text (see summit check)"))
        lines += [f"  {unplaced.words(say)}" for unplaced in compilation.unplaced]
        lines.append("")
    for title, listed in (("Proposals tabled", compilation.tabled),
                          ("Proposals decided", compilation.decided)):  # fmt: skip
        if listed:
            lines.append(say.gettext(title))
            for tabled in listed:
                lines.append(f"  {proposal_line(tabled, say)}")
                lines += [f"    {detail}" for detail in proposal_details(tabled, say)]
            lines.append("")
    lines += status_table(compilation, say)
    lines += ["", compilation.totals.line(say)]
    return "\n".join(lines) + "\n"


def meta_line(compilation: Compilation, say: Say = ENGLISH) -> str:
    """'ID · draft, revision 2'."""
    return say.gettext("%(id)s · %(status)s, revision %(revision)s") % {
        "id": compilation.id,
        "status": say.gettext(compilation.status),
        "revision": compilation.revision,
    }


def proposal_line(tabled: Tabled, say: Say = ENGLISH) -> str:
    """'jpn-1 — JPN, supported by KOR, 2012-03-20', and its state once decided."""
    who = parties(tabled.by) + supported_by(tabled.supported_by, say)
    line = f"{tabled.id} — {who}, {tabled.date}"
    return line if tabled.state == "tabled" else f"{line}: {tabled.standing.words(say)}"


def proposal_details(tabled: Tabled, say: Say = ENGLISH) -> list[str]:
    """What it amends, its opponents, its decisions oldest first, and its note."""
    found = []
    if tabled.amends:
        found.append(say.gettext("amends %(proposal)s") % {"proposal": tabled.amends})
    if tabled.opposed_by:
        found.append(
            say.gettext("opposed by %(parties)s") % {"parties": parties(tabled.opposed_by)}
        )
    found += [decision_text(d, say) for d in tabled.decisions]
    if tabled.reason and not any(d.reason for d in tabled.decisions):
        found.append(
            say.gettext("reason: %(reason)s") % {"reason": " ".join(tabled.reason.split())}
        )
    if tabled.note:
        found.append(" ".join(tabled.note.split()))
    return found


def decision_text(decision: Decided, say: Say = ENGLISH) -> str:
    """'2012-03-25: change 2 accepted by Chair's office — reason'."""
    fate = say.gettext(decision.fate)
    what = (
        say.gettext("change %(n)s %(fate)s") % {"n": decision.change, "fate": fate}
        if decision.change
        else fate
    )
    values = {"date": decision.date, "what": what, "by": decision.by}
    if decision.superseded_by:  # '2012-03-25: superseded by jpn-1 (Chair's office)'
        message = "%(date)s: %(what)s by %(superseded_by)s (%(by)s)"
        text = say.gettext(message) % {**values, "superseded_by": decision.superseded_by}
    else:
        text = say.gettext("%(date)s: %(what)s by %(by)s") % values
    return f"{text} — {' '.join(decision.reason.split())}" if decision.reason else text


STATUS_HEADER = ("paragraph", "status", "open proposals", "reservations")


def status_header(say: Say = ENGLISH) -> tuple[str, str, str, str]:
    """The status table's column heads in the language of `say`."""
    first, second, third, fourth = (say.gettext(cell) for cell in STATUS_HEADER)
    return first, second, third, fourth


def status_rows(compilation: Compilation, say: Say = ENGLISH) -> list[tuple[str, str, str, str]]:
    """(printed number, status, open proposals, reservations) per paragraph; a
    paragraph is named by the number delegations cite (its id is in the JSON)."""
    return [
        (
            p.number or "—",
            status_label(p.status, say),
            ", ".join(p.proposals) or "—",
            parties(p.reserved_by) or "—",
        )
        for p in compilation.paragraphs
    ]


def status_table(compilation: Compilation, say: Say = ENGLISH) -> list[str]:
    header = status_header(say)
    rows = [header, *status_rows(compilation, say)]
    # Wide (CJK) characters take two columns in a terminal.
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
    return [
        "  ".join(
            cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]


def _width(cell: str) -> int:
    """The columns `cell` takes in a terminal: East Asian wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in cell)


def compilation_json(compilation: Compilation) -> str:
    """The same content for other tools: the dataclasses, with the totals line."""
    data: dict[str, Any] = asdict(compilation)
    data["totals"]["line"] = compilation.totals.line()
    data["unplaced"] = [unplaced.words() for unplaced in compilation.unplaced]
    for tabled in data["tabled"]:
        del tabled["standing"]  # `state` says it, in words
    for clash in [*data["collisions"], *(c for p in data["paragraphs"] for c in p["collisions"])]:
        del clash["types"]  # the description says it, in words
    for paragraph, original in zip(data["paragraphs"], compilation.paragraphs, strict=True):
        paragraph["text"] = paragraph_text(original)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
