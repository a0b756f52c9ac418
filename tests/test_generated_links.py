"""The generated-pages folder cannot be turned against the checkout: a pull request
that commits content/generated/ as a link (to the repository root, to gifts/) makes
the build refuse, and nothing is deleted; clean-up removes only what summitkit wrote.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import summit
from gitkit import git

from summitkit.deliverables.pages import MANIFEST, Page, write_pages
from summitkit.sources.core.files import UnsafePath

MINI = Path(__file__).parent / "data" / "mini"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and not {"build", ".summit-cache"} & set(p.relative_to(root).parts)
    }


@pytest.mark.parametrize("target", ["..", "../gifts", "statements"])
def test_build_refuses_a_committed_link_and_deletes_nothing(tmp_path: Path, target: str) -> None:
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    (root / ".gitignore").write_text("build/\ncontent/generated/\n", encoding="utf-8")
    (root / "content" / "generated").symlink_to(target, target_is_directory=True)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "add", "-f", "content/generated")
    git(root, "commit", "-qm", "a pull request with a link where the pages go")
    assert "content/generated" in git(root, "ls-files", "content/generated")
    before = snapshot(root)

    result = summit("build", root, "--format", "html")

    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "warning:" not in line]
    assert errors == [
        "content/generated:1:1: error: is a symbolic link; summitkit writes here only into a "
        "real folder (remove the link) [io/link]",
        "error: the corpus has errors; nothing was built",
    ]
    assert "Traceback" not in result.output
    assert snapshot(root) == before
    assert not (root / "build" / "clear").exists()


def test_a_page_committed_into_the_generated_folder_is_refused(tmp_path: Path) -> None:
    """Pages under content/generated/ are summitkit's and not checked as hand-written
    ones, so one committed there (with a manifest claiming summitkit wrote it) would
    reach the site unchecked: check names each committed file and the build refuses."""
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    (root / ".gitignore").write_text("build/\ncontent/generated/\n", encoding="utf-8")
    generated = root / "content" / "generated"
    generated.mkdir()
    (generated / "notes.rst").write_text(
        "Notes\n=====\n\n.. raw:: html\n\n   <script>steal()</script>\n", encoding="utf-8"
    )
    (generated / MANIFEST).write_text("notes.rst\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "add", "-f", "content/generated")
    git(root, "commit", "-qm", "a pull request with a page where the generated ones go")

    checked = summit("check", root)
    built = summit("build", root, "--format", "html")

    for result in (checked, built):
        assert result.exit_code == 1, result.output
        errors = [line for line in result.output.splitlines() if ": error:" in line]
        assert [line.split(":")[0] for line in errors] == [
            f"content/generated/{MANIFEST}",
            "content/generated/notes.rst",
        ]
        assert all(line.endswith("[layout/generated-committed]") for line in errors)
    assert not any("steal()" in p.read_text(errors="replace") for p in root.rglob("*.html"))
    # Once removed from git, the folder is the build's again.
    git(root, "rm", "-rq", "--cached", "content/generated")
    assert summit("check", root).exit_code == 0


def test_writing_pages_into_a_linked_folder_is_refused(tmp_path: Path) -> None:
    """Defence in depth: the Sphinx extension refuses too (a plain sphinx-build)."""
    (tmp_path / "content").mkdir()
    (tmp_path / "gifts").mkdir()
    keep = tmp_path / "gifts" / "stale.rst"
    keep.write_text("not a page\n", encoding="utf-8")
    (tmp_path / "gifts" / MANIFEST).write_text("stale.rst\n", encoding="utf-8")
    (tmp_path / "content" / "generated").symlink_to("../gifts", target_is_directory=True)
    with pytest.raises(UnsafePath, match="is a symbolic link"):
        write_pages([Page("statements/one", "One\n")], tmp_path / "content" / "generated")
    assert keep.read_text() == "not a page\n"


def test_a_link_inside_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "generated"
    folder.mkdir(parents=True)
    (tmp_path / "gifts").mkdir()
    keep = tmp_path / "gifts" / "basket.yaml"
    keep.write_text("id: basket\n", encoding="utf-8")
    (folder / "statements").symlink_to(tmp_path / "gifts", target_is_directory=True)
    with pytest.raises(UnsafePath, match="is a symbolic link"):
        write_pages([Page("statements/one", "One\n===\n")], folder)
    assert [p.name for p in (tmp_path / "gifts").iterdir()] == ["basket.yaml"]


def test_clean_up_removes_only_what_the_manifest_lists(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "generated"
    folder.parent.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("not summitkit's\n", encoding="utf-8")
    write_pages([Page("statements/one", "One\n"), Page("statements/two", "Two\n")], folder)
    assert (folder / MANIFEST).read_text() == "statements/one.rst\nstatements/two.rst\n"
    committed = folder / "statements" / "committed.rst"
    committed.write_text("A file someone put here.\n", encoding="utf-8")
    # A forged manifest: entries that lead out of the folder are ignored.
    manifest = folder / MANIFEST
    manifest.write_text(
        manifest.read_text() + "../../outside.txt\n" + f"{outside}\n", encoding="utf-8"
    )

    written = write_pages([Page("statements/one", "One\n")], folder)

    assert written == []
    assert not (folder / "statements" / "two.rst").exists()
    assert committed.read_text() == "A file someone put here.\n"
    assert outside.read_text() == "not summitkit's\n"
    assert manifest.read_text() == "statements/one.rst\n"


def test_a_link_in_place_of_a_page_is_replaced_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "generated"
    (folder / "statements").mkdir(parents=True)
    victim = tmp_path / "record.yaml"
    victim.write_text("id: record\n", encoding="utf-8")
    (folder / "statements" / "one.rst").symlink_to(victim)
    write_pages([Page("statements/one", "One\n")], folder)
    assert victim.read_text() == "id: record\n"
    page = folder / "statements" / "one.rst"
    assert not page.is_symlink()
    assert page.read_text() == "One\n"
