"""Start-up: asking for help imports no schema model (nor pydantic), nor the
diagnostics and the project that commands need once they run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from gitkit import GIT_ENV, git

PROBE = """
import sys
LIGHT_ENOUGH_TO_SKIP = {"summitkit.sources.core.diagnostics", "summitkit.sources.check.project"}
import click
from click.testing import CliRunner
from summitkit.cli import main
runner = CliRunner()
names = main.list_commands(click.Context(main))
for args in [["--help"], *([name, "--help"] for name in names)]:
    result = runner.invoke(main, args)
    assert result.exit_code == 0, (args, result.output)
    heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"pydantic", "sphinx", "yaml"})
    heavy += [m for m in sys.modules if m.startswith("summitkit.sources.schema")]
    # Nor the diagnostics and the project, which most commands need and help does not.
    heavy += [m for m in sys.modules if m in LIGHT_ENOUGH_TO_SKIP]
    print(" ".join(args), heavy)
"""


def test_help_imports_no_pydantic_model() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True)

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) > 10 and lines[0] == "--help []"
    assert all(line.endswith(" []") for line in lines), "\n".join(lines)


def test_the_output_formats_are_the_formatters() -> None:
    """`check --format` lists its choices without importing the diagnostics."""
    from summitkit.cli.sources import OUTPUT_FORMATS
    from summitkit.sources.core.diagnostics import FORMATTERS

    assert list(OUTPUT_FORMATS) == sorted(FORMATTERS)


def test_the_program_leaves_fast_with_its_exit_code_and_all_its_output(tmp_path: Path) -> None:
    """`summit` ends the process once the command returns (no heap tear-down), keeping
    the command's exit code and every line it printed, to a pipe as to a terminal."""
    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).parent / "data" / "mini", repo)
    commitment = next((repo / "content" / "commitments").glob("*.yaml"))
    commitment.write_text(commitment.read_text() + "\nno_such_field: 1\n")
    program = [sys.executable, "-m", "summitkit"]
    # Buffered, as output to a pipe is unless PYTHONUNBUFFERED says otherwise.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*program, *args], capture_output=True, text=True, env=env)

    failed, listed = run("check", str(repo)), run("check", "--help")
    version, unknown = run("--version"), run("no-such-command")

    assert failed.returncode == 1
    assert f"{commitment.name}:" in failed.stdout and "'no_such_field'" in failed.stdout
    assert failed.stdout.endswith("[claim/conflict]\n")  # the last line, whole
    assert listed.returncode == 0 and listed.stdout.startswith("Usage: summit check")
    assert listed.stdout.endswith("Show this message and exit.\n")
    assert version.returncode == 0 and version.stdout.startswith("summit, version ")
    assert unknown.returncode == 2 and "No such command" in unknown.stderr


def test_the_written_out_help_is_what_click_writes() -> None:
    """`summit --help` is answered from a text kept in summitkit/cli/help_text.py:
    it must be what click itself writes at the widths where that text is used (click's
    test runner forces its own width, so click runs here in a process of its own)."""
    from summitkit.cli.help_text import HELP

    by_click = "from summitkit.cli import main; main.main(['--help'], prog_name='summit')"
    for columns in ("80", "200"):
        done = subprocess.run(
            [sys.executable, "-c", by_click],
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": columns},
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout == HELP, "run tools/refresh_help.py"


def imported_by(
    *args: str, columns: str = "100", cwd: Path | None = None, exit_codes: tuple[int, ...] = (0,)
) -> tuple[str, set[str]]:
    """The output of `summit ARGS` in a fresh interpreter and the modules it imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "summitkit", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **GIT_ENV, "COLUMNS": columns},
    )
    assert done.returncode in exit_codes, done.stdout + done.stderr
    modules = {
        line.split("|")[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return done.stdout, modules


def test_help_imports_neither_click_nor_a_command() -> None:
    from summitkit.cli.help_text import HELP

    for flag in ("--help", "-h"):
        output, modules = imported_by(flag)
        assert output == HELP
        assert not {m for m in modules if m.split(".")[0] in {"click", "yaml", "pydantic"}}
        assert {m for m in modules if m.startswith("summitkit.")} == {
            "summitkit.cli",
            "summitkit.cli.help_text",
        }


def test_help_on_a_narrow_terminal_is_click_s() -> None:
    output, modules = imported_by("--help", columns="60")
    assert "click" in modules
    assert output.startswith("Usage: summit [OPTIONS] COMMAND [ARGS]...")
    assert max(len(line) for line in output.splitlines()) <= 60


#: What no command here needs: the HTML build, printing, Word files, images, fonts.
BUILDING = {"sphinx", "jinja2", "lxml", "weasyprint", "docx", "babel", "PIL", "fontTools"}
#: What reads hand-written pages and clause markup: check and compile need it for this
#: corpus; a layout, a merge and a diff of plain clauses do not.
MARKUP = {"docutils", "pygments"}
MINI = Path(__file__).parent / "data" / "mini"
STATEMENT = "content/statements/mini-2012.yaml"


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    """The mini corpus in git, with one clause edited in a second commit (no cache yet)."""
    repo = tmp_path / "repo"
    shutil.copytree(
        MINI, repo, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "first")
    statement = repo / STATEMENT
    statement.write_text(statement.read_text("utf-8").replace("Work together", "Work jointly"))
    git(repo, "commit", "--quiet", "-am", "one clause edited")
    return repo


@pytest.mark.parametrize(
    ("args", "needless"),
    [
        (["--version"], BUILDING | MARKUP | {"yaml", "pydantic"}),
        (["check"], BUILDING | {"click"}),
        (["compile", "mini-2012"], BUILDING),
        (["fmt", "--check"], BUILDING | MARKUP | {"pydantic"}),
        (["diff", "HEAD~1", "HEAD"], BUILDING | MARKUP),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_a_command_imports_no_package_it_does_not_need(
    drafts: Path, args: list[str], needless: set[str]
) -> None:
    """Each command, run cold in a fresh interpreter (`-X importtime` lists what it
    imported), leaves alone the packages it has no use for."""
    # fmt --check exits 1 where a file is not laid out yet; that is not what is tested here
    _, modules = imported_by(*args, cwd=drafts, exit_codes=(0, 1) if args[0] == "fmt" else (0,))
    packages = {m.split(".")[0] for m in modules}
    assert not packages & needless
    if args[0] == "diff":  # a text diff prints nothing on paper
        assert not {m for m in modules if m.startswith("summitkit.deliverables.printed")}


def test_a_text_diff_of_two_revisions_seen_before_imports_no_schema(drafts: Path) -> None:
    """The first diff of two revisions validates them (the schema, pydantic); the next
    one reads them as the plain data the first kept, and prints the same text without
    importing pydantic, the schema or click."""
    first, cold = imported_by("diff", "HEAD~1", "HEAD", cwd=drafts)
    assert "pydantic" in {m.split(".")[0] for m in cold}  # validated, as the full diff does
    again, modules = imported_by("diff", "HEAD~1", "HEAD", cwd=drafts)

    assert again == first and "Work [-together-]{+jointly+}" in again
    assert not {m.split(".")[0] for m in modules} & (BUILDING | MARKUP | {"pydantic", "click"})
    assert not {m for m in modules if m.startswith("summitkit.sources.schema")}


def test_the_merge_driver_imports_no_package_it_does_not_need(drafts: Path) -> None:
    """git runs the driver once per file: it is run without click's command table."""
    text = (drafts / STATEMENT).read_text("utf-8")
    (drafts / "base.yaml").write_text(text, "utf-8")
    (drafts / "ours.yaml").write_text(text.replace("revision: 2", "revision: 3"), "utf-8")
    (drafts / "theirs.yaml").write_text(text.replace("Work jointly", "Work closely"), "utf-8")

    _, modules = imported_by(
        "merge-driver", "base.yaml", "ours.yaml", "theirs.yaml", STATEMENT, cwd=drafts
    )

    assert not {m.split(".")[0] for m in modules} & (BUILDING | MARKUP | {"click", "pydantic"})
    # A clean merge that gives no clause alternatives asks git nothing (no delegation to
    # name), needs no diff for conflict markers and writes without tempfile.
    assert not {"subprocess", "difflib", "tempfile", "tomllib"} & set(modules)
    assert "Work closely" in (drafts / "ours.yaml").read_text("utf-8")


#: `summit check [PATH]` is answered without click (summitkit/cli/plain_check.py).
BY_CLICK = "import sys; from summitkit.cli import main; main.main(sys.argv[1:], prog_name='summit')"
INVALID = Path(__file__).parent / "data" / "invalid"


@pytest.mark.parametrize(
    ("case", "where", "args"),
    [
        ("claim-unknown-field", ".", ["check"]),
        ("claim-unknown-field", "..", ["check", "repo"]),
        ("ref-unknown-state", "content/states", ["check"]),
        ("ref-unknown-state", "..", ["check", "repo/content"]),
        ("translation-missing-warning", ".", ["check", "."]),
        ("page-unreachable", ".", ["check"]),
        ("file-not-utf8", "..", ["check", "repo"]),
        (None, "..", ["check", "repo"]),
        (None, "..", ["check", "no-such-folder"]),
        (None, "..", ["check", "repo/content/index.rst"]),
        (None, "..", ["check", "-"]),
        (None, "..", ["check", ""]),
        ("claim-unknown-field", "..", ["check", "repo", "--strict"]),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
)
def test_check_without_click_is_check_by_click(
    tmp_path: Path, case: str | None, where: str, args: list[str]
) -> None:
    """The same exit code, output and error output, byte for byte, from a cold start
    each (diagnostics with paths seen from the folder it runs in, the summary, click's
    usage errors where click refuses the path)."""
    repo = tmp_path / "repo"
    shutil.copytree(
        INVALID / case if case else MINI,
        repo,
        ignore=shutil.ignore_patterns(".summit-cache", "build", "generated", "expected.txt"),
    )
    cwd = (repo / where).resolve()
    runs = []
    for program in ([sys.executable, "-m", "summitkit"], [sys.executable, "-c", BY_CLICK]):
        shutil.rmtree(repo / ".summit-cache", ignore_errors=True)
        done = subprocess.run([*program, *args], capture_output=True, text=True, cwd=cwd)
        runs.append((done.returncode, done.stdout, done.stderr))
    assert runs[0] == runs[1]
    assert runs[0][0] in (0, 1, 2) and (runs[0][1] or runs[0][2])


def test_check_without_click_outside_a_repository_is_click_s_usage_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "summitkit", "check"], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 2
    assert done.stderr.startswith("Usage: summit check [OPTIONS] [PATH]")
    assert "no drafting repository at" in done.stderr


def test_a_word_import_imports_no_package_it_does_not_need(drafts: Path) -> None:
    """`import docx` reads the file with lxml and writes YAML: no python-docx, no
    build, no printer (the marks it reads are `deliverables.word_marks`), no redline
    (its paragraph names are looked up only to report) and, for a printed document,
    not the compilation text's reader."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from bench_word import returned_docx

    statement = drafts / STATEMENT
    statement.write_text(statement.read_text("utf-8").replace("status: adopted", "status: draft"))
    git(drafts, "commit", "--quiet", "-am", "reopened for proposals")
    returned = returned_docx(drafts, "mini-2012", drafts.parent / "returned.docx")
    output, modules = imported_by("import", "docx", str(returned), "--dry-run", cwd=drafts)
    assert "# would write content/proposals/usa-mini-2012-" in output
    assert not {m.split(".")[0] for m in modules} & (BUILDING - {"lxml"})
    printing = ("summitkit.deliverables.redline", "summitkit.deliverables.printed")
    assert not {m for m in modules if m.startswith(printing)}
    assert "summitkit.exchange.word.compilation" not in modules  # a compilation's reader
