"""Benchmarks for summitkit: every target a ratio against a baseline measured in the same run.

    python tools/bench.py --quick      # the same method on smaller inputs
    python tools/bench.py              # the sizes named in the targets (issue #20)
    python tools/bench.py --only check --only diff

Method. Every figure is a whole process (start-up counts, as it does for a
user). A and B are run alternately, pair after pair (at least five pairs), so
that the load of a shared machine hits both alike; a ratio is the median of
the pairs' ratios of CPU time (user + system, from `wait4`, so that other work
on a shared machine counts for neither), shown with their minimum and maximum
and beside the ratio of wall times. Baselines never run summitkit's code: a
bare CSafeLoader parse of the same files, plain `sphinx-build` (no summitkit
extension, the default theme without sidebars) on plain reST pages holding the
same text as the generated deliverables, `git diff`, `git merge-file` and a
bare Python merge (libyaml parse, merge by id, libyaml emit), python-docx and a
bare WeasyPrint render, and `python -c pass`. Peak memory is the process's
maximum resident set.

Bytecode. An installed summitkit has its modules compiled (pip does it at
install); a development checkout run with PYTHONDONTWRITEBYTECODE set (as
on the project's machines) would instead compile about fifty modules from
source in every measured process. The run therefore compiles the package once
first (`python -m compileall`), so that start-up is measured as a user meets it.
The load average of the machine is printed at the start and the end.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from gen_corpus import generate  # noqa: E402

PYTHON = sys.executable
SUMMIT = [PYTHON, "-m", "summitkit"]
QUIET = {"NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1700000000"}
BARE_PARSE = """
import sys, yaml, pathlib
for top in ("content", "gifts"):
    for p in sorted(pathlib.Path(sys.argv[1], top).rglob("*.yaml")):
        yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)
"""
#: The floor of a check that validates with the schema's pydantic models (for information):
#: the bare parse, then importing the schema and validating each record with the model of
#: its folder's kind; no rule, no position, no cache.
PYDANTIC_FLOOR = """
import sys, yaml, pathlib
from summitkit.sources.core.layout import KIND_FOLDERS
from summitkit.sources.schema import KINDS
kinds = {folder: kind for kind, folder in KIND_FOLDERS.items()}
root = pathlib.Path(sys.argv[1])
for top in ("content", "gifts"):
    for p in sorted(pathlib.Path(sys.argv[1], top).rglob("*.yaml")):
        data = yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)
        kind = kinds.get(p.parent.relative_to(root).as_posix())
        if kind:
            KINDS[kind].model_validate(data)
"""
#: The figures of the first round (tools/BENCHMARKS.md before issue #20), for the
#: clean-build targets: no regression beyond 10%.
OLD_CLEAN = {"clean HTML build, 100 deliverables": 9.2, "clean HTML build, 1000 deliverables": 57.7}


# -- measuring -------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mib: float
    stderr: str = ""
    cpu: float = 0.0
    """User plus system time of the process and the children it waited for."""


def run(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Wall time and peak RSS of one process; exits on an unexpected failure."""
    start = time.perf_counter()
    process = subprocess.Popen(
        cmd,
        cwd=cwd,
        env={**os.environ, **QUIET, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    stderr = process.stderr.read().decode("utf-8", errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # check and diff may exit 1 by design
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}\n{stderr}")
    return Run(elapsed, usage.ru_maxrss / 1024, stderr, usage.ru_utime + usage.ru_stime)


@dataclass
class Job:
    """One command to time, with what to do before each run (untimed)."""

    cmd: list[str]
    cwd: Path | None = None
    prepare: Callable[[], None] | None = None
    env: dict[str, str] = field(default_factory=dict)

    def __call__(self) -> Run:
        if self.prepare:
            self.prepare()
        return run(self.cmd, self.cwd, self.env)


@dataclass
class Series:
    runs: list[Run]

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak(self) -> float:
        return max(r.peak_mib for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    def show(self) -> str:
        seconds = [r.seconds for r in self.runs]
        cpu = [r.cpu for r in self.runs]
        return (
            f"CPU {self.cpu:.3f} s [{min(cpu):.3f}–{max(cpu):.3f}], "
            f"wall {self.median:.3f} s [{min(seconds):.3f}–{max(seconds):.3f}]"
        )


@dataclass
class Pairs:
    a: Series
    b: Series

    @property
    def ratios(self) -> list[float]:
        """CPU time of A over CPU time of B, pair by pair."""
        return [x.cpu / y.cpu for x, y in zip(self.a.runs, self.b.runs, strict=True)]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def wall_ratio(self) -> float:
        pairs = zip(self.a.runs, self.b.runs, strict=True)
        return statistics.median(x.seconds / y.seconds for x, y in pairs)

    def show(self) -> str:
        spread = f"CPU pairs {min(self.ratios):.2f}–{max(self.ratios):.2f}×"
        return f"{spread}, wall {self.wall_ratio:.2f}×; {self.a.show()} vs {self.b.show()}"


def alternate(a: Job, b: Job, pairs: int, warm_up: bool = True) -> Pairs:
    """A, B, A, B, …: `pairs` of each, after one untimed warm-up of both."""
    if warm_up:
        a(), b()
    first, second = [], []
    for _ in range(pairs):
        first.append(a())
        second.append(b())
    return Pairs(Series(first), Series(second))


@dataclass
class Result:
    name: str
    value: float
    unit: str
    target: str
    met: bool | None
    """None: a figure reported for information, judged against no target."""
    detail: str


def at_most(name: str, value: float, limit: float, detail: str, unit: str = "×") -> Result:
    return Result(name, value, unit, f"≤ {limit:g}{unit}", value <= limit, detail)


# -- corpora -----------------------------------------------------------------------


def corpus_of(work: Path, files: int) -> Path:
    """A generated corpus of about `files` record files (a tenth of them statements)."""
    statements = files // 10
    return generate(
        work / f"corpus{files}",
        commitments=max(0, files - statements - 215),
        statements=statements,
        clauses=20,
    )


def count_records(repo: Path) -> int:
    return sum(1 for top in ("content", "gifts") for _ in (repo / top).rglob("*.yaml"))


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def commit_all(repo: Path, message: str) -> None:
    env = {
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }
    os.environ.update(env)
    if not (repo / ".git").exists():
        git(repo, "init", "-q", "-b", "main")
        (repo / ".gitignore").write_text("build/\ncontent/generated/\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def edit_clause(path: Path, number: int) -> None:
    """Put one more word at the start of the first clause of a generated statement
    (inside a block scalar, where the text is one: `text: |` stays a block)."""
    head, key, rest = path.read_text().partition("    text: ")
    at = 0
    if rest.startswith(("|", ">")):
        at = rest.index("\n") + 1
        at += len(rest[at:]) - len(rest[at:].lstrip(" "))
    path.write_text(f"{head}{key}{rest[:at]}Edited{number} {rest[at:]}")


# -- check -------------------------------------------------------------------------


def bench_check(work: Path, pairs: int, sizes: tuple[int, int]) -> list[Result]:
    results, cold = [], {}
    for size in sizes:
        repo = corpus_of(work, size)
        files = count_records(repo)
        cache = repo / ".summit-cache"

        def drop_cache(cache: Path = cache) -> None:
            shutil.rmtree(cache, ignore_errors=True)

        check = [*SUMMIT, "check", str(repo)]
        bare = Job([PYTHON, "-c", BARE_PARSE, str(repo)])
        measured = alternate(Job(check, prepare=drop_cache), bare, pairs)
        cold[size] = (files, measured)
        results.append(
            at_most(
                f"summit check cold / bare CSafeLoader parse, {files:,} files",
                measured.ratio,
                2.0,
                f"{measured.show()}; {measured.a.peak:.0f} MiB vs {measured.b.peak:.0f} MiB",
            )
        )
    repo = work / f"corpus{sizes[0]}"
    bare = Job([PYTHON, "-c", BARE_PARSE, str(repo)])
    floor = alternate(Job([PYTHON, "-c", PYDANTIC_FLOOR, str(repo)]), bare, pairs)
    results.append(
        Result(
            f"bare parse + pydantic validation / bare parse, {cold[sizes[0]][0]:,} files (floor)",
            floor.ratio,
            "×",
            "(info)",
            None,
            f"{floor.show()}; a check that validates with the schema's models pays at least this",
        )
    )
    (small_files, small), (large_files, large) = cold[sizes[0]], cold[sizes[1]]
    # CPU time, as every ratio: wall time on a shared machine scales with its load
    exponent = math.log(large.a.cpu / small.a.cpu) / math.log(large_files / small_files)
    wall = math.log(large.a.median / small.a.median) / math.log(large_files / small_files)
    results.append(
        at_most(
            f"summit check cold: scaling exponent {small_files:,}→{large_files:,} files",
            exponent,
            1.05,
            f"CPU {small.a.cpu:.2f} s → {large.a.cpu:.2f} s; wall {small.a.median:.2f} s → "
            f"{large.a.median:.2f} s (exponent {wall:.2f})",
            unit="",
        )
    )
    per_record = (large.a.peak - small.a.peak) * 1024 / (large_files - small_files)
    results.append(
        at_most(
            "summit check peak memory per record (KiB)",
            per_record,
            15,
            f"marginal: ({large.a.peak:.0f} − {small.a.peak:.0f} MiB) / "
            f"{large_files - small_files:,} records; {large.a.peak * 1024 / large_files:.1f} KiB "
            "per record including the interpreter",
            unit=" KiB",
        )
    )
    repo = work / f"corpus{sizes[1]}"
    warm = alternate(
        Job([*SUMMIT, "check", str(repo)]), Job([PYTHON, "-c", BARE_PARSE, str(repo)]), pairs
    )
    results.append(
        at_most(
            f"summit check warm (cache, nothing changed) / bare parse, {large_files:,} files",
            warm.ratio,
            0.5,
            warm.show(),
        )
    )
    return results


# -- start-up --------------------------------------------------------------------------


def bench_startup(work: Path, pairs: int) -> list[Result]:
    nothing = Job([PYTHON, "-c", "pass"])
    help_ = alternate(Job([*SUMMIT, "--help"]), nothing, pairs)
    repo = work / "shipped"
    shutil.copytree(
        ROOT,
        repo,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "generated", "tests", ".summit-cache"
        ),
    )
    check = alternate(Job([*SUMMIT, "check", str(repo)]), nothing, pairs)
    return [
        at_most("summit --help / python -c pass", help_.ratio, 1.5, help_.show()),
        at_most(
            f"summit check, shipped corpus ({count_records(repo)} files, warm) / python -c pass",
            check.ratio,
            3.0,
            check.show(),
        ),
    ]


# -- builds ------------------------------------------------------------------------------

PLAIN_CONF = """\
project = "plain baseline"
root_doc = "index"
html_sidebars = {"**": []}
html_show_sourcelink = False
html_copy_source = False
smartquotes = False
"""


def plain_pages(repo: Path, out: Path) -> Path:
    """Plain reST pages with the text of each statement (title, round, clauses,
    signatories), written from the YAML without summitkit: Sphinx's own cost."""
    shutil.rmtree(out, ignore_errors=True)
    (out / "statements").mkdir(parents=True)
    (out / "conf.py").write_text(PLAIN_CONF)
    names = []
    for path in sorted((repo / "content" / "statements").glob("*.yaml")):
        record = yaml.safe_load(path.read_text())
        title = record["title"]
        lines = [title, "=" * len(title), "", f"Round: {record['round']}", ""]
        for number, clause in enumerate(record["clauses"], 1):
            lines += [f"{number}. {' '.join(clause['text'].split())}", ""]
        lines += ["Signatories", "-----------", ""]
        lines += [f"- {s}" for s in record.get("signatories", [])] + [""]
        (out / "statements" / f"{record['id']}.rst").write_text("\n".join(lines))
        names.append(record["id"])
    toc = "\n".join(f"   statements/{n}" for n in names)
    (out / "index.rst").write_text(
        f"Statements\n==========\n\n.. toctree::\n   :maxdepth: 1\n\n{toc}\n"
    )
    return out


def clean(repo: Path) -> None:
    shutil.rmtree(repo / "build", ignore_errors=True)
    shutil.rmtree(repo / "content" / "generated", ignore_errors=True)


def sphinx_build(plain: Path) -> list[str]:
    """plain Sphinx (no summitkit) on the plain pages in `plain`, incremental."""
    out = plain / "_build"
    return [PYTHON, "-m", "sphinx", "-b", "html", "-q", str(plain), str(out / "html"),
            "-d", str(out / "doctrees")]  # fmt: skip


def bench_builds(work: Path, pairs: int, small: int, large: int) -> list[Result]:
    """Clean builds (summit / plain Sphinx on the same pages, alternated, no warm-up:
    each run starts from nothing anyway), then the no-op and the one-clause edit."""
    results = []
    repos = {}
    html = ["build", "--format", "html", "-q"]
    for n in (small, large):
        repo = generate(work / f"build{n}", commitments=200, statements=n, clauses=20, baskets=0)
        repos[n] = repo
        plain = plain_pages(repo, work / f"plain{n}")

        def from_nothing(repo: Path = repo) -> None:
            clean(repo)

        def plain_from_nothing(plain: Path = plain) -> None:
            shutil.rmtree(plain / "_build", ignore_errors=True)

        measured = alternate(
            Job([*SUMMIT, *html, str(repo)], prepare=from_nothing),
            Job(sphinx_build(plain), prepare=plain_from_nothing),
            pairs,
            warm_up=False,
        )
        results.append(
            Result(
                f"clean HTML build / plain Sphinx clean build, {n} deliverables",
                measured.ratio,
                "×",
                "(no first-round ratio)",
                None,
                f"{measured.show()}; summit peak {measured.a.peak:.0f} MiB",
            )
        )
        name = f"clean HTML build, {n} deliverables"
        old = OLD_CLEAN.get(name)
        seconds = measured.a.median
        if old is not None:  # the first round's seconds: another machine, another load
            detail = f"{seconds:.1f} s vs {old} s; not comparable, read the ratio above"
            results.append(
                Result(name + " / first round", seconds / old, "×", "(≤ 1.1×)", None, detail)
            )
    repo = repos[large]
    plain = work / f"plain{large}"
    sphinx = sphinx_build(plain)
    run(sphinx)
    noop = alternate(Job([*SUMMIT, *html, str(repo)]), Job(sphinx), pairs)
    results.append(
        at_most(
            f"no-op summit build / plain Sphinx no-op, {large} deliverables",
            noop.ratio,
            1.5,
            noop.show(),
        )
    )

    statement = repo / "content" / "statements" / "s0001.yaml"
    page = plain / "statements" / "s0001.rst"
    counter = iter(range(10_000))

    def edit_page() -> None:
        page.write_text(page.read_text().replace("1. ", f"1. Edited{next(counter)} ", 1))

    edited = alternate(
        Job([*SUMMIT, *html, str(repo)], prepare=lambda: edit_clause(statement, next(counter))),
        Job(sphinx, prepare=edit_page),
        pairs,
    )
    results.append(
        at_most(
            f"one-clause edit: summit build / plain Sphinx one-file edit, {large} deliverables",
            edited.ratio,
            1.5,
            edited.show(),
        )
    )
    return results


# -- diff ----------------------------------------------------------------------------------


def cited_files(repo: Path, statement: Path) -> list[Path]:
    """The statement's file and those of the records it cites (read from the YAML)."""
    record = yaml.safe_load(statement.read_text())
    content = repo / "content"
    files = [statement, content / "summits" / f"{record['round']}.yaml"]
    files += [content / "states" / f"{s}.yaml" for s in record.get("signatories", [])]
    files += [content / "sources" / f"{s}.yaml" for s in record.get("sources", [])]
    return files


def bench_diff(work: Path, pairs: int, statements: int, commitments: int) -> list[Result]:
    # The corpus of the issue: gen_corpus.py OUT --states 190 --commitments 3000
    # --statements 300 --clauses 20 (and its default baskets and reports).
    big = generate(
        work / "diff-big", states=190, commitments=commitments, statements=statements, clauses=20
    )
    files = count_records(big)
    statement = big / "content" / "statements" / "s0000.yaml"
    small = work / "diff-small"
    for path in cited_files(big, statement):
        target = small / path.relative_to(big)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    for repo in (big, small):
        commit_all(repo, "first draft")
        edit_clause(repo / "content" / "statements" / "s0000.yaml", 0)
        commit_all(repo, "one clause edited")
    ours = Job([*SUMMIT, "diff", "HEAD~1", "HEAD"], cwd=big)
    words = Job(["git", "diff", "--word-diff=porcelain", "HEAD~1", "HEAD"], cwd=big)
    against_git = alternate(ours, words, pairs)
    alone = alternate(ours, Job([*SUMMIT, "diff", "HEAD~1", "HEAD"], cwd=small), pairs)

    def drop_cache() -> None:
        shutil.rmtree(big / ".summit-cache", ignore_errors=True)

    cold = alternate(Job(ours.cmd, cwd=big, prepare=drop_cache), words, pairs)
    return [
        at_most(
            f"summit diff REV1 REV2 / git diff --word-diff=porcelain, {files:,} files",
            against_git.ratio,
            30,
            against_git.show(),
        ),
        at_most(
            f"summit diff, {files:,}-file repository / repository of the statement "
            f"and what it cites ({count_records(small)} files)",
            alone.ratio,
            1.5,
            alone.show(),
        ),
        at_most(
            f"summit diff, record cache cold / git word diff, {files:,} files",
            cold.ratio,
            30,
            cold.show(),
        ),
    ]


# -- printed files -------------------------------------------------------------------------


def bench_printed(work: Path) -> list[Result]:
    """A commit that changes no record (the README only) reuses every PDF and DOCX."""
    repo = work / "printed"
    shutil.copytree(
        ROOT,
        repo,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "generated", "tests", ".summit-cache"
        ),
    )
    commit_all(repo, "corpus")
    printed = [*SUMMIT, "build", str(repo), "--format", "pdf,docx", "-j", "2"]
    first = run(printed)
    made = len(re.findall(r"^(pdf|docx): ", first.stderr, re.M))
    (repo / "README.md").write_text((repo / "README.md").read_text() + "\nOne more line.\n")
    commit_all(repo, "README only")
    again = run(printed)
    reused = len(re.findall(r"^(pdf|docx): .* \(unchanged\)$", again.stderr, re.M))
    return [
        Result(
            "PDF and DOCX reused after a README-only commit",
            reused,
            " files",
            f"all {made}",
            made > 0 and reused == made,
            f"first build {first.seconds:.1f} s, after the commit {again.seconds:.1f} s",
        )
    ]


# -- scores (issue #19) --------------------------------------------------------------------


def full_check(repo: Path) -> Job:
    """`summit check` building the corpus (record cache warm, no verdict kept): the
    work every other command starts with, so the baseline of "beyond check" figures.
    A kept verdict would answer without building the corpus at all."""
    verdict = repo / ".summit-cache" / "check.pickle"
    return Job([*SUMMIT, "check", str(repo)], prepare=lambda: verdict.unlink(missing_ok=True))


SCORING = """
import sys, time
from pathlib import Path
from summitkit.sources.check.project import check
from summitkit.exchange.benchmarks import score_rows
from summitkit.progress.scores import ScoreTable
corpus = check(Path(sys.argv[1])).corpus
start = time.perf_counter()
rows = score_rows(corpus, ScoreTable(corpus))
print(time.perf_counter() - start, len(rows))
"""


def bench_scores(work: Path, pairs: int) -> list[Result]:
    """Scores of every state at every round, beyond the time `summit check` takes."""
    repo = generate(
        work / "scores",
        states=190,
        rounds=4,
        commitments=950,
        statements=5,
        clauses=5,
        baskets=0,
        reports=1,
        benchmarks=20,
    )
    export = Job([*SUMMIT, "export", "csv", str(repo), "--what", "scores"])
    measured = alternate(export, full_check(repo), pairs)
    extra = measured.a.cpu - measured.b.cpu  # CPU seconds, as every figure here
    inside = []
    for _ in range(pairs):
        out = subprocess.run(
            [PYTHON, "-c", SCORING, str(repo)], capture_output=True, text=True, check=True
        )
        seconds, rows = out.stdout.split()
        inside.append(float(seconds))
    return [
        Result(
            "scores of 190 states × 4 rounds × 20 benchmarks beyond check (s)",
            extra,
            " s",
            "< 1 s",
            extra < 1,
            f"export csv --what scores vs check: {measured.show()}; in the process, scoring "
            f"{rows} state-rounds takes {statistics.median(inside):.2f} s "
            f"({min(inside):.2f}–{max(inside):.2f})",
        )
    ]


# -- compile (issue #13) -------------------------------------------------------------------


def negotiation_repo(work: Path, paragraphs: int, proposals: int) -> Path:
    """A statement of `paragraphs` clauses with `proposals` tabled proposals, each
    change type in turn, by the round's participants; `summit check` passes on it."""
    import yaml

    repo = generate(work / "compile", states=20, rounds=2, commitments=0, statements=1,
                    clauses=paragraphs, baskets=0, reports=0)  # fmt: skip
    statement = yaml.safe_load((repo / "content/statements/s0000.yaml").read_text())
    clauses = statement["clauses"]
    parties = statement["signatories"]
    folder = repo / "content" / "proposals"
    folder.mkdir()
    for n in range(proposals):
        clause = clauses[n % len(clauses)]
        words = clause["text"].split()
        kind = ("replace", "insert", "substitute", "delete")[n % 4]
        if kind == "replace":
            change = {"replace": {"clause": clause["id"], "old": " ".join(words[1:4]),
                                  "new": "proposed words"}}  # fmt: skip
        elif kind == "insert":
            change = {"insert": {"after": clause["id"], "id": f"{clause['id']}-p{n}",
                                 "text": "A new paragraph."}}  # fmt: skip
        elif kind == "substitute":
            change = {"substitute": {"clause": clause["id"], "text": "Another wording."}}
        else:
            change = {"delete": clause["id"]}
        record = {"id": f"p{n:04d}", "document": "s0000", "by": [parties[n % len(parties)]],
                  "date": "2012-03-01", "changes": [change]}  # fmt: skip
        (folder / f"p{n:04d}.yaml").write_text(yaml.safe_dump(record, sort_keys=False))
    return repo


def bench_compile(work: Path, pairs: int) -> list[Result]:
    """The compile target is defined against `summit check` itself: a compile (which
    checks the repository first) must take under twice a check of the same repository."""
    repo = negotiation_repo(work, paragraphs=200, proposals=300)
    compiled = [*SUMMIT, "compile", "s0000", "--format", "text", "--path", str(repo)]
    measured = alternate(Job(compiled), full_check(repo), pairs)
    return [
        Result(
            "summit compile / summit check (200 paragraphs, 300 proposals)",
            measured.ratio,
            "×",
            "< 2×",
            measured.ratio < 2,
            measured.show(),
        )
    ]


def bench_import_docx(work: Path, pairs: int, paragraphs: int) -> list[Result]:
    """`summit import docx` of a returned file against python-docx merely reading the same
    file's paragraphs (issue #34: within 1.5×; issue #30 asked for 2×)."""
    from bench_word import WALK, commit, returned_docx, shorten

    repo = generate(work / "word", states=20, rounds=2, commitments=0, statements=1,
                    clauses=paragraphs, baskets=0, reports=0)  # fmt: skip
    shorten(repo, "s0000")
    commit(repo)
    docx = returned_docx(repo, "s0000", work / "returned.docx")
    imported = [*SUMMIT, "import", "docx", str(docx), "--dry-run", "--path", str(repo)]
    subprocess.run(imported, check=True, stdout=subprocess.DEVNULL, env={**os.environ, **QUIET})
    measured = alternate(Job(imported), Job([PYTHON, "-c", WALK, str(docx)]), pairs)
    return [
        at_most(
            f"summit import docx / python-docx reading it ({paragraphs} paragraphs)",
            measured.ratio,
            1.5,
            measured.show(),
        )
    ]


# -- merge driver (issue #34) ----------------------------------------------------------------

MERGE_FLOOR = """
import sys, yaml
load = lambda p: yaml.load(open(p, "rb"), Loader=yaml.CSafeLoader)
base, ours, theirs = (load(p) for p in sys.argv[1:4])
def merge(o, a, b):
    if a == b or o == b:
        return a
    if o == a:
        return b
    if isinstance(a, dict) and isinstance(b, dict):
        o = o if isinstance(o, dict) else {}
        keys = [*a, *(k for k in b if k not in a)]
        pairs = ((k, merge(o.get(k), a.get(k), b.get(k))) for k in keys)
        return {k: v for k, v in pairs if v is not None}
    if isinstance(a, list) and isinstance(b, list) and all(isinstance(x, dict) and "id" in x
                                                           for x in a + b):
        by = lambda items: {x["id"]: x for x in items or []}
        oi, ai, bi = by(o), by(a), by(b)
        keys = [*ai, *(k for k in bi if k not in ai)]
        merged = (merge(oi.get(k), ai.get(k), bi.get(k)) for k in keys)
        return [v for v in merged if v is not None]
    return a
result = merge(base, ours, theirs)
with open(sys.argv[2], "w") as out:
    yaml.dump(result, out, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True,
              width=1_000_000)
"""
"""The floor of a merge by meaning: parse the three sides with libyaml, merge by id,
write the result with libyaml; no layout, no comments, no checks."""


def bench_merge(work: Path, pairs: int) -> list[Result]:
    """`summit merge-driver` on one 200-clause statement that two branches edited in
    different clauses, against the bare Python merge and `git merge-file`."""
    repo = generate(work / "merge", states=20, rounds=2, commitments=0, statements=1,
                    clauses=200, baskets=0, reports=0)  # fmt: skip
    run([*SUMMIT, "fmt", str(repo)])
    commit_all(repo, "laid out")
    record = "content/statements/s0000.yaml"
    base = (repo / record).read_text()
    lines = base.splitlines(keepends=True)
    texts = [i for i, line in enumerate(lines) if line.startswith("      ")]
    sides = {"base": base}
    for name, at, word in (("ours", texts[10], "Ours"), ("theirs", texts[-10], "Theirs")):
        edited = list(lines)
        edited[at] = edited[at].replace("      ", f"      {word} ", 1)
        sides[name] = "".join(edited)
    for name, text in sides.items():
        (repo / f"{name}.yaml").write_text(text)
    result = repo / "result.yaml"

    def fresh() -> None:  # every merge writes its result over our side
        result.write_text(sides["ours"])

    merged = ["base.yaml", "result.yaml", "theirs.yaml"]
    driver = Job([*SUMMIT, "merge-driver", *merged, record], cwd=repo, prepare=fresh)
    floor = Job([PYTHON, "-c", MERGE_FLOOR, *merged], cwd=repo, prepare=fresh)
    line_merge = Job(["git", "merge-file", "result.yaml", "base.yaml", "theirs.yaml"],
                     cwd=repo, prepare=fresh)  # fmt: skip
    against_floor = alternate(driver, floor, pairs)
    against_git = alternate(driver, line_merge, pairs)
    return [
        at_most(
            "summit merge-driver, 200-clause statement / bare Python merge (libyaml ×3, by id)",
            against_floor.ratio,
            2.0,
            against_floor.show(),
        ),
        Result(
            "summit merge-driver / git merge-file, 200-clause statement",
            against_git.ratio,
            "×",
            "(info)",
            None,
            against_git.show(),
        ),
    ]


# -- a circulation round (issue #34) ---------------------------------------------------------

WALK_AND_RENDER = """
import sys, docx, weasyprint
for path in sys.argv[2:]:
    for paragraph in docx.Document(path).paragraphs:
        paragraph.text
weasyprint.HTML(filename=sys.argv[1]).write_pdf("baseline.pdf")
"""
"""The baseline of a round: python-docx reading each returned file, and WeasyPrint
printing the compilation's HTML (written by summit beforehand, untimed)."""

DELEGATIONS = 12


def circulation_repo(work: Path) -> tuple[Path, list[Path]]:
    """A 60-paragraph statement printed as DOCX and returned by twelve delegations,
    each with three tracked replacements (by its own Word author) in three clauses."""
    sys.path.insert(0, str(ROOT / "tests"))
    import wordkit  # the tests' Word editor: edits written into the XML as Word writes them

    repo = generate(work / "circulation", states=20, rounds=2, commitments=0, statements=1,
                    clauses=60, baskets=0, reports=0)  # fmt: skip
    record = yaml.safe_load((repo / "content/statements/s0000.yaml").read_text())
    states = record["signatories"][:DELEGATIONS]
    authors = "".join(f'"Delegate {s}" = "{s}"\n' for s in states)
    (repo / "summitkit.toml").write_text(f"[word_authors]\n{authors}")
    commit_all(repo, "circulated")
    run([*SUMMIT, "build", str(repo), "--format", "docx", "--only", "s0000", "-q"])
    printed = repo / "build" / "clear" / "docx" / "s0000.docx"
    returned = work / "returned"
    returned.mkdir()
    files = []
    for n, state in enumerate(states):
        editor = wordkit.Editor(printed)
        for k in range(3):
            clause = f"c{1 + (n * 5 + k * 17) % 60}"
            words = (t.text for t in editor.paragraph(clause).iter(wordkit.q("t")) if t.text)
            word = next(w for w in words if len(w.split()) > 3).split()[2]
            author = f"Delegate {state}"
            editor.tracked(clause, word, f"{word} and more", author, "2012-03-20T09:30:00Z")
        files.append(editor.save(returned / f"{state}.docx"))
    return repo, files


def bench_circulation(work: Path, pairs: int) -> list[Result]:
    """Twelve returned DOCX files imported, the compilation printed as PDF and DOCX."""
    repo, files = circulation_repo(work)
    # The whole round in one command, as a chair imports it.
    imports = f"{' '.join(SUMMIT)} import docx {' '.join(map(str, files))} --path {repo} >/dev/null"
    compile_ = f"{' '.join(SUMMIT)} compile s0000 --path {repo}"
    round_ = (
        f"{imports} && {compile_} --format pdf -o {work}/compilation.pdf"
        f" && {compile_} --format docx -o {work}/compilation.docx"
    )

    def undo_imports() -> None:
        git(repo, "clean", "-fdq", "content")
        git(repo, "checkout", "-q", "--", ".")

    html = work / "compilation.html"
    run(["sh", "-c", imports])
    run([*SUMMIT, "compile", "s0000", "--path", str(repo), "--format", "html", "-o", str(html)])
    undo_imports()
    ours = Job(["sh", "-c", round_], prepare=undo_imports)
    baseline = Job([PYTHON, "-c", WALK_AND_RENDER, str(html), *map(str, files)], cwd=work)
    measured = alternate(ours, baseline, max(3, pairs - 2))
    return [
        Result(
            f"circulation round: {DELEGATIONS} DOCX imported in one command, compilation "
            "as PDF and DOCX / python-docx reading them + WeasyPrint of the compilation",
            measured.ratio,
            "×",
            "(info)",
            None,
            measured.show(),
        )
    ]


# -- report -----------------------------------------------------------------------------------


def verdict_of(result: Result) -> str:
    return "info" if result.met is None else "PASS" if result.met else "FAIL"


def print_now(results: list[Result]) -> list[Result]:
    """Print results as they come, so that a long run shows what it has measured."""
    for r in results:
        print(
            f"{r.name}: {r.value:.2f}{r.unit} ({r.target}) {verdict_of(r)}; {r.detail}",
            flush=True,
        )
    return results


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages: other work on the machine."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


SECTIONS = ("startup", "check", "scores", "compile", "merge", "circulation", "diff", "build",
            "printed", "word")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="the same method, smaller inputs")
    parser.add_argument("--json", type=Path, default=ROOT / "tools" / "bench-results.json")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        choices=[*SECTIONS],
    )
    args = parser.parse_args()
    wanted = set(args.only) or set(SECTIONS)
    pairs = 5
    results: list[Result] = []
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "summitkit")], check=True)
    print(f"load average at the start: {load_average()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="summit-bench-") as tmp:
        work = Path(tmp)
        if "startup" in wanted:
            results += print_now(bench_startup(work, pairs))
        if "check" in wanted:
            results += print_now(
                bench_check(work, pairs, (500, 2000) if args.quick else (5000, 20000))
            )
        if "scores" in wanted:
            results += print_now(bench_scores(work, pairs))
        if "compile" in wanted:
            results += print_now(bench_compile(work, pairs))
        if "merge" in wanted:
            results += print_now(bench_merge(work, pairs))
        if "circulation" in wanted:
            results += print_now(bench_circulation(work, pairs))
        if "diff" in wanted:
            results += print_now(
                bench_diff(work, pairs, *((30, 300) if args.quick else (300, 3000)))
            )
        if "build" in wanted:
            results += print_now(
                bench_builds(work, pairs, *((20, 100) if args.quick else (100, 1000)))
            )
        if "printed" in wanted:
            results += print_now(bench_printed(work))
        if "word" in wanted:
            results += print_now(bench_import_docx(work, pairs, 2000 if args.quick else 20000))
    width = max(len(r.name) for r in results)
    print(f"{'measure':{width}}  {'value':>10}  {'target':<12} result  detail")
    for r in results:
        value = f"{r.value:.2f}{r.unit}"
        verdict = verdict_of(r)
        print(f"{r.name:{width}}  {value:>10}  {r.target:<12} {verdict}    {r.detail}")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"load average at the end: {load_average()}")
    args.json.write_text(
        json.dumps(
            {
                "machine": machine,
                "quick": args.quick,
                "pairs": pairs,
                "load_average_at_end": load_average(),
                "results": [r.__dict__ for r in results],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    shown = args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json
    print(f"\n{machine}; results in {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
