"""The record cache: a second check parses and validates only what changed, and a
broken cache file is rebuilt, never a traceback."""

from __future__ import annotations

import pickle
import subprocess
from pathlib import Path

import pytest
from conftest import summit, write_minimal_repo

from summitkit.sources.check.cache import FILENAME, FOLDER, blob_id
from summitkit.sources.check.project import check
from summitkit.sources.check.verdict import FILENAME as VERDICT
from summitkit.sources.schema.base import restore_model

BROKEN = "content/states/fra.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The minimal repository plus one record with a schema error."""
    return write_minimal_repo(tmp_path / "repo", {BROKEN: "id: fra\niso3: FRA\nname: France\n"})


def test_a_second_check_validates_no_file(repo: Path) -> None:
    first = check(repo)
    second = check(repo)

    assert first.validated == 6
    assert second.validated == 0
    assert [str(d) for d in second.diagnostics] == [str(d) for d in first.diagnostics]
    assert second.corpus.states.keys() == first.corpus.states.keys()


def test_an_edited_file_is_the_only_one_validated_again(repo: Path) -> None:
    check(repo)
    (repo / BROKEN).write_text("id: fra\niso3: FRA\nname: France\nshort_name: France\n")

    again = check(repo)

    assert again.validated == 1
    assert again.errors == []
    assert "fra" in again.corpus.states


def test_rules_between_records_run_on_every_check(repo: Path) -> None:
    assert not any(d.rule == "ref/unknown-state" for d in check(repo).errors)
    (repo / "content/states/jpn.yaml").unlink()  # the summit, unchanged, names jpn

    again = check(repo)

    assert again.validated == 0
    unknown = [str(d) for d in again.errors if d.rule == "ref/unknown-state"]
    assert unknown and all(line.startswith("content/summits/seoul-2012.yaml:") for line in unknown)


def test_the_check_output_is_the_same_from_the_cache(repo: Path) -> None:
    cold = summit("check", repo)
    warm = summit("check", repo)

    assert cold.exit_code == warm.exit_code == 1
    assert warm.stdout == cold.stdout
    assert "content/states/fra.yaml:1:1: error:" in warm.stdout


def test_the_key_is_git_s_own_blob_id(tmp_path: Path) -> None:
    data = "id: jpn\nname: Japan — 日本\n".encode()
    (tmp_path / "f").write_bytes(data)
    hashed = subprocess.run(
        ["git", "hash-object", str(tmp_path / "f")], capture_output=True, text=True, check=True
    )

    assert blob_id(data) == hashed.stdout.strip()


class Evil:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (print, ("this must never run",))


class NotAModel:
    """Calls the one function an entry may call, to build something that is no model."""

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (restore_model, (subprocess.Popen, {"args": "must never run"}, set()))


@pytest.mark.parametrize("damaged", [FILENAME, VERDICT])
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"\x00\xff garbage, not a cache\n" * 10, id="garbage"),
        pytest.param(None, id="truncated"),
        pytest.param(b"summitkit record cache 0 0.0.0 0\n" + pickle.dumps({}), id="foreign"),
        pytest.param(b"evil", id="code-in-pickle"),
        pytest.param(b"not-a-model", id="a-class-that-is-no-model"),
    ],
)
def test_a_corrupt_or_foreign_cache_file_is_ignored_and_rebuilt(
    repo: Path, damaged: str, content: bytes | None, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = summit("check", repo).stdout
    cache = repo / FOLDER / damaged
    if damaged == FILENAME:  # a verdict kept would answer before the record cache is read
        (repo / FOLDER / VERDICT).unlink()
    good = cache.read_bytes()
    header = good.split(b"\n", 1)[0] + b"\n"
    if content is None:
        content = good[: len(good) // 2]
    elif content == b"evil":
        content = header + pickle.dumps((("x", "state", "y"), Evil()))  # a key and entry
    elif content == b"not-a-model":
        content = header + pickle.dumps((("x", "state", "y"), NotAModel()))
    cache.write_bytes(content)

    result = summit("check", repo)

    assert "Traceback" not in result.output
    assert "must never run" not in result.output + capsys.readouterr().out
    assert result.stdout == expected
    if damaged == FILENAME:
        assert check(repo).validated == 0  # the first check after the damage rebuilt it
    else:
        assert check(repo, corpus_needed=False).counts is not None  # the verdict is kept again


def test_an_unreadable_cache_is_ignored(repo: Path) -> None:
    cache = repo / FOLDER / FILENAME
    cache.mkdir(parents=True)  # a folder where the file should be: neither read nor written

    result = summit("check", repo)

    assert "Traceback" not in result.output
    assert "content/states/fra.yaml" in result.stdout
    assert check(repo).validated == 6


def test_no_cache_is_written_through_a_symbolic_link(repo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / FOLDER).symlink_to(elsewhere)  # as a pull request could commit it

    assert summit("check", repo).exit_code == 1
    assert list(elsewhere.iterdir()) == []
    assert check(repo).validated == 6


def test_a_record_comes_back_from_the_cache_as_it_was_validated(repo: Path) -> None:
    """Records are pickled as their class, values and fields set (`Model.__reduce__`)."""
    fresh = check(repo, cache=False).corpus
    check(repo)  # writes the cache
    cached = check(repo)

    assert cached.validated == 0
    records = list(fresh)
    assert len(records) == len(list(cached.corpus)) > 3
    for record in records:
        again = cached.corpus.get(record.kind, record.id)
        assert again is not None and again is not record
        assert again == record and again.model_fields_set == record.model_fields_set
        assert again.model_dump(exclude_unset=True) == record.model_dump(exclude_unset=True)


def test_the_function_entries_may_call_builds_schema_models_only() -> None:
    from summitkit.sources.schema import State

    with pytest.raises(TypeError, match="not a schema model"):
        restore_model(subprocess.Popen, {"args": "x"}, set())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a dict"):
        restore_model(State, [("id", "x")], set())  # type: ignore[arg-type]
    values = {"id": "kor", "iso3": "KOR", "name": "Republic of Korea", "short_name": "Korea",
              "regions": ["northeast-asia"], "sources": ["facts"]}  # fmt: skip
    state = State.model_validate(values)
    again = pickle.loads(pickle.dumps(state))
    assert again == state and again.model_fields_set == set(values)


def test_every_module_that_reads_records_is_part_of_the_cache_key() -> None:
    """The schema lives in `sources/schema/`, beside the cache's own folder: a key
    made of `check/` alone let a changed schema meet stale records (a new field came
    back from the cache as a KeyError)."""
    from summitkit.sources.check.cache import keyed_modules

    keyed = {path for path, _, _ in keyed_modules()}
    assert {"schema/negotiation.py", "records/loader.py", "rules/validate.py"} <= keyed
