"""Generate a valid synthetic drafting repository of a given size, deterministic from a seed.

    python tools/gen_corpus.py OUT --statements 100 --clauses 20 --seed 1

States, summit rounds, commitments with assessments, statements of N clauses
with sentences of realistic length, gift baskets and reports. The text is
nonsense built from summit vocabulary; every record validates.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORDS = [
    "nuclear",
    "security",
    "centre",
    "excellence",
    "training",
    "support",
    "network",
    "cooperation",
    "material",
    "radiological",
    "source",
    "regulation",
    "legislation",
    "peer",
    "review",
    "forensics",
    "transport",
    "culture",
    "information",
    "exchange",
    "capacity",
    "building",
    "assistance",
    "implementation",
    "commitment",
    "progress",
    "summit",
    "states",
    "agency",
    "convention",
    "amendment",
    "physical",
    "protection",
    "detection",
    "response",
    "region",
    "national",
    "international",
    "coordination",
    "best",
    "practice",
    "curriculum",
    "course",
    "experts",
    "standards",
    "report",
    "measures",
    "tracking",
    "secretariat",
    "working",
    "group",
    "partners",
    "resources",
]
VERBS = [
    "welcome",
    "recognise",
    "encourage",
    "support",
    "reaffirm",
    "commit",
    "note",
    "invite",
    "call",
    "upon",
    "decide",
    "strengthen",
    "promote",
    "share",
    "develop",
    "establish",
    "continue",
    "review",
]
STATUSES = ("no evidence", "not started", "limited", "substantial", "complete")


def sentence(rng: random.Random) -> str:
    length = max(6, int(rng.gauss(22, 7)))
    words = [rng.choice(VERBS)] + [rng.choice(WORDS) for _ in range(length - 1)]
    return " ".join(words).capitalize() + "."


def clause_text(rng: random.Random) -> str:
    return "\n".join(sentence(rng) for _ in range(rng.choice((1, 1, 2, 2, 3))))


def block(text: str, indent: int) -> str:
    pad = " " * indent
    return "|\n" + "".join(f"{pad}{line}\n" for line in text.splitlines())


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def state_code(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "x" + letters[index // 26 % 26] + letters[index % 26]


def generate(
    out: Path,
    states: int = 190,
    rounds: int = 8,
    commitments: int = 1000,
    statements: int = 100,
    clauses: int = 20,
    baskets: int = 10,
    reports: int = 2,
    seed: int = 1,
    benchmarks: int = 0,
    per_assessment: int = 4,
) -> Path:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    content = out / "content"
    out.mkdir(parents=True)
    shutil.copy(ROOT / "conf.py", out / "conf.py")
    write(
        content / "index.rst",
        "Synthetic corpus\n================\n\n.. toctree::\n\n"
        "   generated/statements/index\n   generated/baskets/index\n"
        "   generated/reports/index\n   generated/directory\n",
    )
    write(content / "sources" / "gen.yaml", "id: gen\ntitle: Generated source\n")
    write(content / "categories" / "general.yaml", "id: general\ntitle: General\n")
    codes = [state_code(i) for i in range(states)]
    regions = ("north", "south", "east", "west", "centre")
    for index, code in enumerate(codes):
        write(
            content / "states" / f"{code}.yaml",
            f"id: {code}\niso3: {code.upper()}\nname: State {code.upper()}\n"
            f"short_name: State {code.upper()}\nregions: [{regions[index % 5]}]\n",
        )
    round_ids = []
    for r in range(rounds):
        year = 2010 + 2 * r
        round_id = f"round-{year}"
        round_ids.append(round_id)
        start = dt.date(year, 3, 20)
        participants = ", ".join(sorted(rng.sample(codes, min(len(codes), 50))))
        write(
            content / "summits" / f"{round_id}.yaml",
            f"id: {round_id}\ntitle: Summit {year}\ncity: City {r}\nstart: {start}\n"
            f"end: {start + dt.timedelta(days=1)}\nhost: {codes[r % len(codes)]}\n"
            f"participants: [{participants}]\nsources: [gen]\n",
        )
    benchmark_ids = write_benchmarks(content, rng, benchmarks)
    for c in range(commitments):
        made = rng.randrange(len(round_ids))
        # With benchmarks, every state gets commitments in turn, so that each is scored.
        made_by = codes[c % len(codes)] if benchmark_ids else rng.choice(codes)
        lines = [
            f"id: c{c:05d}",
            f"made_by: {made_by}",
            f"made_at: {round_ids[made]}",
            "category: general",
            f"text: {sentence(rng)}",
            "sources: [gen]",
            "assessments:",
        ]
        for later in round_ids[made:]:
            status = rng.choice(STATUSES)
            sources = "" if status == "no evidence" else "\n    sources: [gen]"
            lines.append(
                f"  - round: {later}\n    status: {status}\n    evidence: {sentence(rng)}{sources}"
            )
            if benchmark_ids:
                lines.append(ratings(rng, benchmark_ids, per_assessment, sources=not sources))
        write(content / "commitments" / f"c{c:05d}.yaml", "\n".join(lines) + "\n")
    for s in range(statements):
        write(
            content / "statements" / f"s{s:04d}.yaml",
            document(rng, f"s{s:04d}", round_ids, codes, clauses),
        )
    for b in range(baskets):
        text = document(rng, f"b{b:03d}", round_ids, codes, clauses)
        text += f"objective: {sentence(rng)}\nco_sponsors: [{codes[1]}]\naction_items:\n"
        text += (
            f"  - id: a1\n    title: First step\n    owner: {codes[0]}\n    deliverable: A plan\n"
        )
        write(out / "gifts" / f"b{b:03d}.yaml", text)
    for p in range(reports):
        write(
            content / "reports" / f"r{p}.yaml",
            f"id: r{p}\ntitle: Report {p}\nas_of: {round_ids[-1]}\n"
            f"scope:\n  region: {regions[p % 5]}\n",
        )
    return out


def write_benchmarks(content: Path, rng: random.Random, count: int) -> list[tuple[str, int]]:
    """`count` benchmarks with scales of 2 to 5 levels and weights 1 to 3: (id, levels)."""
    made = []
    for b in range(count):
        size = 2 + b % 4
        levels = "".join(
            f"    - {{id: l{i}, title: Level {i}, definition: {sentence(rng)}}}\n"
            for i in range(size)
        )
        write(
            content / "benchmarks" / f"b{b:02d}.yaml",
            f"id: b{b:02d}\ntitle: Benchmark {b}\ndefinition: {sentence(rng)}\n"
            f"evidence: {sentence(rng)}\nscale:\n  version: 1\n  levels:\n{levels}"
            f"weight: {1 + b % 3}\ncategories: [general]\nsources: [gen]\n",
        )
        made.append((f"b{b:02d}", size))
    return made


def ratings(
    rng: random.Random, benchmarks: list[tuple[str, int]], count: int, sources: bool
) -> str:
    """Benchmark levels for one assessment; one in seven is preliminary, one in five a
    self-report."""
    chosen = rng.sample(benchmarks, min(count, len(benchmarks)))
    lines = ["    benchmarks:"]
    lines += [f"      - {{benchmark: {b}, level: l{rng.randrange(size)}}}" for b, size in chosen]
    if sources:
        lines.append("    sources: [gen]")
    if rng.random() < 1 / 7:
        lines.append("    review: preliminary")
    if rng.random() < 1 / 5:
        lines.append("    by: self-report")
    return "\n".join(lines)


def document(rng: random.Random, doc_id: str, rounds: list[str], codes: list[str], n: int) -> str:
    signatories = ", ".join(sorted(rng.sample(codes, min(len(codes), rng.randint(3, 40)))))
    lines = [
        f"id: {doc_id}",
        f"title: Joint statement {doc_id}",
        f"round: {rng.choice(rounds)}",
        f"signatories: [{signatories}]",
        "sources: [gen]",
        "clauses:",
    ]
    for i in range(n):
        kind = "preambular" if i < n // 5 else "operative"
        lines.append(
            f"  - id: c{i + 1}\n    kind: {kind}\n    text: {block(clause_text(rng), 6)}".rstrip()
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--states", type=int, default=190)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--commitments", type=int, default=1000)
    parser.add_argument("--statements", type=int, default=100)
    parser.add_argument("--clauses", type=int, default=20)
    parser.add_argument("--baskets", type=int, default=10)
    parser.add_argument("--reports", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--benchmarks", type=int, default=0)
    parser.add_argument("--per-assessment", type=int, default=4)
    args = parser.parse_args()
    out = generate(**vars(args))
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
