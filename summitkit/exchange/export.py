"""Export: the validated corpus as data for other tools."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from summitkit import __version__
from summitkit.exchange.benchmarks import COLUMNS, rows_for
from summitkit.exchange.cells import defused
from summitkit.progress.measures import report_measures
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import STATUS_SCALE_VERSION


def corpus_data(corpus: Corpus) -> dict[str, Any]:
    """The corpus as plain data, kinds and ids in a stable order."""
    data: dict[str, Any] = {
        "summitkit": __version__,
        "status_scale": STATUS_SCALE_VERSION,
    }
    for kind in sorted(corpus.records):
        records = corpus.records[kind]
        data[kind] = [
            without_drafters_notes(records[i].model_dump(mode="json", exclude_defaults=True))
            for i in sorted(records)
        ]
    data["measures"] = {
        report.id: report_measures(corpus, report).as_dict()
        for report in sorted(corpus.reports.values(), key=lambda r: r.id)
    }
    return data


def without_drafters_notes(record: dict[str, Any]) -> dict[str, Any]:
    """`record` (dumped) without its clauses' and alternatives' notes: a drafter's note
    is never published, and an alternative's only in the compilation text."""
    for clause in record.get("clauses", ()):
        clause.pop("note", None)
        for alternative in clause.get("alternatives", ()):
            alternative.pop("note", None)
    return record


def corpus_json(corpus: Corpus) -> str:
    return json.dumps(corpus_data(corpus), indent=2, ensure_ascii=False)


# -- CSV: one row per observation, for pandas and spreadsheets ------------------

CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "commitments": (
        "commitment", "state", "made_at", "made_on", "category", "target_year", "target_date",
        "target_precision", "text", "latest_status", "latest_round",
    ),
    "assessments": (
        "commitment", "state", "round", "date", "status", "evidence", "sources", "assessor",
    ),
    "signatures": ("document", "kind", "round", "party", "party_kind", "lead", "date"),
    "centres": (
        "centre", "name", "host", "type", "stage", "established_year", "established_date",
        "established_precision", "scope", "networks", "focus", "policy_roles", "announced_at",
    ),
}  # fmt: skip
"""Columns of each CSV export. Dates are ISO 8601; lists are joined with ';'.

A field that holds "a year or a date" (a centre's ``established``, a commitment's
``target``) becomes three columns, so that no cell mixes precisions and a year is
never a date in disguise: ``*_year`` the whole year (empty when unknown),
``*_date`` the ISO date when the day is known (else empty) and ``*_precision``
``day``, ``year`` or ``unknown``, never empty. See `YEAR_COLUMNS`."""

YEAR_COLUMNS = ("target_year", "established_year")
"""Whole-year columns that may have empty cells: pandas reads them as float unless told
``dtype={"established_year": "Int64"}`` (its nullable integer); the README says so."""


def year_or_date(field: str, value: int | dt.date | None) -> dict[str, str]:
    """The FIELD_year, FIELD_date and FIELD_precision cells of a year-or-date field."""
    if isinstance(value, dt.date):
        year, date, precision = str(value.year), value.isoformat(), "day"
    elif value is None:
        year, date, precision = "", "", "unknown"
    else:
        year, date, precision = str(value), "", "year"
    return {f"{field}_year": year, f"{field}_date": date, f"{field}_precision": precision}


def csv_rows(corpus: Corpus, what: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    latest = corpus.rounds()[-1].id if corpus.summits else None
    if what == "commitments":
        for c in sorted(corpus.commitments.values(), key=lambda c: c.id):
            status = corpus.status_as_of(c, latest) if latest else None
            rows.append(
                {
                    "commitment": c.id,
                    "state": c.made_by,
                    "made_at": c.made_at,
                    "made_on": corpus.summits[c.made_at].start.isoformat(),
                    "category": c.category,
                    **year_or_date("target", c.target),
                    "text": " ".join(c.text.split()),
                    "latest_status": (status.value if status else "no evidence"),
                    "latest_round": latest or "",
                }
            )
    elif what == "assessments":
        for c in sorted(corpus.commitments.values(), key=lambda c: c.id):
            for a in c.assessments:
                rows.append(
                    {
                        "commitment": c.id,
                        "state": c.made_by,
                        "round": a.round or "",
                        "date": corpus.assessment_date(a.round, a.date).isoformat(),
                        "status": a.status.value,
                        "evidence": " ".join(a.evidence.split()),
                        "sources": ";".join(s.source for s in a.sources),
                        "assessor": a.assessor or "",
                    }
                )
    elif what == "signatures":
        for d in sorted(corpus.documents.values(), key=lambda d: d.id):
            for s in d.signatories:
                rows.append(
                    {
                        "document": d.id,
                        "kind": d.kind,
                        "round": d.round,
                        "party": s.party,
                        "party_kind": "state" if s.state else "organization",
                        "lead": "yes" if s.state in d.lead else "no",
                        "date": s.date.isoformat() if s.date else "",
                    }
                )
    elif what == "centres":
        for centre in sorted(corpus.centres.values(), key=lambda c: c.id):
            rows.append(
                {
                    "centre": centre.id,
                    "name": centre.name,
                    "host": centre.host,
                    "type": centre.type.value,
                    "stage": centre.stage.value,
                    **year_or_date("established", centre.established),
                    "scope": centre.scope.value,
                    "networks": ";".join(centre.networks),
                    "focus": ";".join(centre.focus),
                    "policy_roles": ";".join(r.value for r in centre.policy_roles),
                    "announced_at": centre.announced_at or "",
                }
            )
    else:
        raise ValueError(f"unknown CSV export '{what}'")
    return rows


BENCHMARK_TABLES = ("scores", "benchmarks", "axes")
"""CSV exports drawn from the benchmark tables (`summitkit.exchange.benchmarks`)."""


def corpus_csv(corpus: Corpus, what: str, include_preliminary: bool = False) -> str:
    buffer = io.StringIO()
    if what in BENCHMARK_TABLES:
        columns: tuple[str, ...] = COLUMNS[what]
        rows = [
            {k: _cell(v) for k, v in row.items()}
            for row in rows_for(corpus, what, include_preliminary)
        ]
    else:
        columns, rows = CSV_COLUMNS[what], csv_rows(corpus, what)
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: defused(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def _cell(value: object) -> str:
    """CSV text of a typed value: ISO dates, integers as integers, empty for none."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
