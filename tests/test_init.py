"""`summit init`: a drafting repository that checks, builds, diffs and hooks at once."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import summit
from gitkit import GIT_ENV, git

from summitkit import __version__
from summitkit.sources.core.layout import FOLDERS, KIND_FOLDERS
from summitkit.sources.schema import document_schema

ROOT = Path(__file__).resolve().parents[1]


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "nss-drafts"
    result = summit("init", str(root), "--example")
    assert result.exit_code == 0, result.output
    commit_all(root, "summit init --example")
    return root


def test_init_example_checks_and_builds_at_once(example: Path) -> None:
    checked = summit("check", str(example), "--strict")
    assert checked.exit_code == 0, checked.output
    assert "1 statement" in checked.stderr and "3 state" in checked.stderr
    built = summit("build", str(example), "--format", "html")
    assert built.exit_code == 0, built.output
    page = example / "build/clear/html/generated/statements/example-progress-reporting.html"
    assert "Republic of Korea" in page.read_text(encoding="utf-8")
    assert summit("fmt", str(example), "--check").exit_code == 0
    assert git(example, "status", "--porcelain") == ""  # build/ and generated/ are ignored


def test_init_example_demonstrates_the_negotiation(example: Path) -> None:
    doc = "example-progress-reporting"
    compiled = summit("compile", doc, "--path", str(example))
    assert compiled.exit_code == 0, compiled.output
    text = compiled.stdout
    assert "[before the next summit → every two years — JPN (example-jpn-1)]" in text
    assert "1bis [open; insert: JPN (example-jpn-1), supported by USA]" in text
    assert "PP2 [open; delete: KOR (example-kor-1)]" in text
    assert "Alt 2 — KOR (example-kor-1): [They will publish their reports.]" in text
    assert "[with the International Atomic Energy Agency — USA]" in text  # span bracket
    assert "2 [open; reservation: KOR]" in text
    accepted = summit("accept", "example-jpn-1", "--path", str(example))
    assert accepted.exit_code == 0, accepted.output
    assert summit("check", str(example), "--strict").exit_code == 0


def test_init_without_example_checks_and_builds_too(tmp_path: Path) -> None:
    root = tmp_path / "empty-drafts"
    result = summit("init", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"created a drafting repository in {root}")
    assert "ran 'git init'" in result.stderr
    for folder in FOLDERS:
        assert (root / folder).is_dir(), folder
    assert not list(root.glob("content/*/*.yaml"))
    assert summit("check", str(root)).exit_code == 0
    assert summit("build", str(root), "--format", "html", "-q").exit_code == 0
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# empty-drafts\n")
    for word in ("summit check", "summit build", "summit diff", "summit sign", "`gifts/`"):
        assert word in readme
    # The whole negotiation, in a page, and where to learn it.
    for command in ("compile", "accept", "reject", "release", "import docx", "comments"):
        assert f"summit {command} " in readme, command
    assert "summit init --hooks" in readme and "docs/tutorial/negotiation.rst" in readme
    assert "private positions belong in its own repository" in readme
    assert 'project = "empty-drafts"' in (root / "conf.py").read_text(encoding="utf-8")
    assert "same name" in (root / "templates" / "README.md").read_text(encoding="utf-8")
    assert (root / ".gitignore").read_text().split() == [
        "build/",
        ".summit-cache/",
        "content/generated/",
        ".venv/",
    ]


def test_init_inside_a_git_repository_does_not_run_git_init(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    result = summit("init", str(tmp_path / "drafts"))
    assert result.exit_code == 0, result.output
    assert "git init" not in result.stderr
    assert not (tmp_path / "drafts" / ".git").exists()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = summit("init", str(tmp_path))
    assert result.exit_code == 1
    assert f"error: {tmp_path} is not empty" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_editor_settings_point_at_the_schema(example: Path) -> None:
    settings = json.loads((example / ".vscode" / "settings.json").read_text())
    assert settings["yaml.schemas"] == {
        "./.summit-schema.json": ["content/**/*.yaml", "gifts/*.yaml"]
    }
    schema = json.loads((example / ".summit-schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads(json.dumps(document_schema()))


def test_workflow_checks_builds_and_redlines_pull_requests(example: Path) -> None:
    workflow = yaml.safe_load((example / ".github" / "workflows" / "summit.yml").read_text())
    assert "pull_request" in workflow.get("on", workflow.get(True))  # YAML 1.1 reads on: as true
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    uses = {step["uses"].split("@")[0]: step for step in steps if "uses" in step}
    assert uses["actions/checkout"]["with"]["fetch-depth"] == 0
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.11"
    # Only the CLEAR build is uploaded: no cache, no other audience's folder.
    assert uses["actions/upload-artifact"]["with"]["path"] == "build/clear/"
    runs = [line.strip() for step in steps for line in step.get("run", "").splitlines()]
    apt = next(line for line in runs if "apt-get install" in line)
    for package in ("libpango-1.0-0", "libharfbuzz-subset0", "fonts-noto-cjk"):
        assert package in apt
    base = "origin/${{ github.base_ref }}"
    expected = [
        "pip install vendor/summitkit-0.2.0-py3-none-any.whl",
        "summit check --format github --strict",
        "summit build",
        f"summit diff {base} --format html -o build/clear/redline.html",
        f"summit diff {base} --format docx -o build/clear/redline.docx",
    ]
    assert [line for line in runs if line in expected] == expected


def test_the_hook_manifest_defines_check_and_fmt() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    by_id = {hook["id"]: hook for hook in hooks}
    assert set(by_id) == {"summit-check", "summit-fmt"}
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False
        assert hook["files"] == "^(content|gifts)/"
    assert by_id["summit-check"]["entry"] == "summit check"
    assert by_id["summit-fmt"]["entry"] == "summit fmt --check"


needs_pre_commit = pytest.mark.skipif(
    importlib.util.find_spec("pre_commit") is None,
    reason="pre-commit is not installed (pip install -e '.[test]')",
)


def pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    bin_dir = str(Path(sys.executable).parent)  # where `summit` is installed
    env = {
        **os.environ,
        **GIT_ENV,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
        "NO_COLOR": "1",
    }
    command = [sys.executable, "-m", "pre_commit", *args]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env, check=False)


@needs_pre_commit
def test_manifests_are_valid_for_pre_commit(example: Path) -> None:
    assert (
        pre_commit(example, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")).returncode
        == 0
    )
    assert pre_commit(example, "validate-config", ".pre-commit-config.yaml").returncode == 0


@needs_pre_commit
def test_pre_commit_hooks_pass_a_clean_repository_and_stop_a_bad_record(example: Path) -> None:
    clean = pre_commit(example, "run", "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "summit check" in clean.stdout and "summit fmt --check" in clean.stdout
    state = example / "content" / "states" / "jpn.yaml"
    state.write_text(state.read_text().replace("id: jpn\n", "") + "id: jpn\nflag: red\n")
    git(example, "add", "-A")
    dirty = pre_commit(example, "run", "--all-files")
    assert dirty.returncode == 1
    assert "unknown field 'flag'" in dirty.stdout
    assert "content/states/jpn.yaml" in dirty.stdout  # listed by summit fmt --check


def test_diff_shows_a_signature_and_a_reworded_clause(example: Path) -> None:
    assert (
        summit("sign", "example-progress-reporting", "jpn", "--path", str(example)).exit_code == 0
    )
    statement = example / "content" / "statements" / "example-progress-reporting.yaml"
    text = statement.read_text(encoding="utf-8")
    statement.write_text(text.replace("share their reports", "publish their reports"))
    commit_all(example, "Japan signs; op2 reworded")
    result = summit("diff", "HEAD~1", "--path", str(example), env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "Japan" in result.stdout or "jpn" in result.stdout
    assert "publish" in result.stdout
    assert "\x1b[" not in result.stdout  # NO_COLOR


def test_version_and_help_follow_click_conventions() -> None:
    assert summit("--version").stdout == f"summit, version {__version__}\n"
    for command in ("init", "sign", "unsign", "fmt"):
        result = summit(command, "--help")
        assert result.exit_code == 0 and "Example:" in result.stdout


#: The kinds whose skeleton says whose record it is (`--by`).
OWNED = ("proposal", "comment", "position")


@pytest.mark.parametrize("with_example", [False, True], ids=["empty", "example"])
def test_every_skeleton_checks_in_a_fresh_repository(tmp_path: Path, with_example: bool) -> None:
    """`summit new KIND` in a repository just made by `summit init`, where a skeleton may
    have no record to refer to: only its placeholders are reported, as warnings."""
    root = tmp_path / "drafts"
    assert summit("init", root, *(["--example"] if with_example else [])).exit_code == 0
    # With the example, records that others refer to come first, as a drafter would
    # write them; without it, every skeleton may have nothing to refer to.
    first = ("source", "state", "summit", "category") if with_example else ()
    written = []
    for kind in sorted(KIND_FOLDERS, key=lambda kind: (kind not in first, kind)):
        record_id = "fra" if kind == "state" else f"new-{kind}"
        # Whose it is and what about is given, never guessed (else a placeholder).
        about = (
            ["--document", "example-progress-reporting"] if kind in ("proposal", "comment") else []
        )
        given = [*about, "--by", "jpn"] if with_example and kind in OWNED else []
        result = summit("new", kind, record_id, *given, "--path", root)
        assert result.exit_code == 0, result.output
        written.append(result.stdout.removeprefix("wrote ").strip())
    checked = summit("check", root)
    assert checked.exit_code == 0, checked.output
    lines = checked.stdout.splitlines()
    skeleton = ("[content/placeholder]", "[proposal/no-changes]")  # a proposal lists none yet
    assert all(line.endswith(skeleton) for line in lines), checked.stdout
    assert {line.split(":")[0] for line in lines} <= set(written)
    assert "gifts/new-basket.yaml" in checked.stdout
    assert summit("check", "--strict", root).exit_code == 1
    # Laid out as `summit fmt` writes, so that the pre-commit hook (fmt --check) passes.
    laid_out = summit("fmt", "--check", root)
    assert laid_out.exit_code == 0, laid_out.stdout
    for document in ("content/statements/new-statement.yaml", "gifts/new-basket.yaml"):
        record = yaml.safe_load((root / document).read_text(encoding="utf-8"))
        assert [clause["id"] for clause in record["clauses"]] == ["op1"]  # the example clause
    # A placeholder where a record's id belongs stops a build, which has nothing to draw
    # on; placeholders in text do not.
    standing_in = [line for line in lines if "; give the id of a" in line]
    built = summit("build", root, "--format", "html", "-q")
    if with_example:
        assert standing_in == [] and built.exit_code == 0, built.output
    else:
        assert standing_in and built.exit_code == 1
        for line in standing_in:
            assert line.replace(": warning: ", ": error: ") in built.output


def test_init_reads_the_branch_from_git_and_commits_when_asked(tmp_path: Path) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = trunk\n", encoding="utf-8")
    root = tmp_path / "drafts"
    env = {**GIT_ENV, "GIT_CONFIG_GLOBAL": str(config)}
    result = summit("init", root, "--example", "--commit", env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("committed them on branch trunk\n")
    assert "summit diff origin/trunk --format html" in (root / "README.md").read_text()
    assert git(root, "rev-parse", "--abbrev-ref", "HEAD") == "trunk"
    assert git(root, "log", "--format=%s") == "Start a drafting repository with summit init"
    assert git(root, "status", "--porcelain") == ""  # every file written is in the commit
    committed = set(git(root, "ls-files").splitlines())
    assert committed == {path for path in committed if (root / path).is_file()}
    assert "vendor/summitkit-0.2.0-py3-none-any.whl" in committed


def test_init_without_commit_leaves_the_files_uncommitted(tmp_path: Path) -> None:
    root = tmp_path / "drafts"
    assert summit("init", root, env=GIT_ENV).exit_code == 0
    assert git(root, "rev-list", "--all") == ""
    assert git(root, "status", "--porcelain", "--untracked-files=normal")


def test_the_shipped_wheel_is_this_summitkit_and_pip_accepts_it(tmp_path: Path) -> None:
    root = tmp_path / "drafts"
    assert summit("init", root).exit_code == 0
    wheel = root / "vendor" / f"summitkit-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        record = archive.read(f"summitkit-{__version__}.dist-info/RECORD").decode()
        for line in record.splitlines():
            name, digest, size = line.rsplit(",", 2)
            if digest:  # RECORD lists itself without a hash
                data = archive.read(name)
                assert len(data) == int(size), name
                expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
                assert digest == "sha256=" + expected.decode(), name
    package = ROOT / "summitkit"
    for path in package.rglob("*.py"):
        if "__pycache__" not in path.parts:
            assert f"summitkit/{path.relative_to(package).as_posix()}" in names
    assert "summitkit/drafting/starter/base/dot-github/workflows/summit.yml" in names
    # pip reads the wheel's metadata and finds what it needs; installing it for real is
    # tests/test_setup.py's, in a clean virtual environment.
    report = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--no-index",
            "--report",
            "-",
            "--quiet",
            "--no-deps",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    (item,) = json.loads(report.stdout)["install"]
    assert item["metadata"]["version"] == __version__
    assert "sphinx>=8.0" in item["metadata"]["requires_dist"]
    second = tmp_path / "again"
    assert summit("init", second).exit_code == 0  # the same summitkit writes the same bytes
    assert (second / "vendor" / wheel.name).read_bytes() == wheel.read_bytes()


def test_a_byte_compiled_starter_initialises_without_its_bytecode(tmp_path: Path) -> None:
    """pip byte-compiles every module of the package, the starter's conf.py too: the
    compiled file beside it is not part of the starter."""
    import py_compile

    from summitkit.drafting.init import TEMPLATES

    conf = TEMPLATES / "base" / "conf.py"
    compiled = Path(importlib.util.cache_from_source(str(conf)))
    existed = compiled.exists(), compiled.parent.exists()
    py_compile.compile(str(conf), cfile=str(compiled))
    try:
        result = summit("init", tmp_path / "drafts")
    finally:  # leave the package as it was
        if not existed[0]:
            compiled.unlink()
        if not existed[1]:
            compiled.parent.rmdir()

    assert result.exit_code == 0, result.output
    assert not list((tmp_path / "drafts").rglob("__pycache__"))
