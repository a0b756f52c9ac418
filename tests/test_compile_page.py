"""The standalone compilation page (`summit compile --format html`): one main landmark,
a DRAFT mark, axe-core without a violation and no wider than a phone, full and clean."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import Browser, axe_or_skip, browser, page_width
from conftest import summit

ROOT = Path(__file__).resolve().parents[1]
BASKET = "cjk-coe-collaboration-2014"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The basket's compilation page, full and clean."""
    folder = tmp_path_factory.mktemp("compile")
    found = {}
    for kind, options in (("full", []), ("clean", ["--clean"])):
        target = folder / f"{kind}.html"
        result = summit(
            "compile", BASKET, "--format", "html", *options, "-o", str(target), "--path", ROOT
        )
        assert result.exit_code == 0, result.output
        found[kind] = target
    return found


@pytest.fixture(scope="module")
def tab() -> Iterator[Browser]:
    with browser() as opened:
        yield opened


def axe_at(tab: Browser, page: Path, width: int) -> list[str]:
    """axe-core's violations on `page` laid out in a window `width` pixels wide."""
    tab.open(page, width=width, height=844)
    tab.evaluate(axe_or_skip().read_text(encoding="utf-8"))
    found = tab.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v =>"
        " `${v.id} (${v.impact}): ${v.help} at`"
        " + v.nodes.map(n => ' ' + n.target.join(' ')).join(',')))"
    )
    return list(found)


@pytest.mark.parametrize("kind", ["full", "clean"])
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_violation(
    pages: dict[str, Path], tab: Browser, kind: str, width: int
) -> None:
    assert axe_at(tab, pages[kind], width) == []


@pytest.mark.parametrize("kind", ["full", "clean"])
def test_the_page_is_no_wider_than_a_phone(pages: dict[str, Path], tab: Browser, kind: str) -> None:
    assert page_width(tab, pages[kind], 390) <= 390


@pytest.mark.parametrize("kind", ["full", "clean"])
def test_one_main_landmark_and_a_draft_mark(pages: dict[str, Path], kind: str) -> None:
    page = pages[kind].read_text(encoding="utf-8")
    assert page.count("<main>") == 1
    assert '<div class="sk-draft-mark"><p>DRAFT</p></div>' in page


def test_the_clean_text_counts_what_it_leaves_out(pages: dict[str, Path]) -> None:
    full = pages["full"].read_text(encoding="utf-8")
    clean = pages["clean"].read_text(encoding="utf-8")
    assert "3 proposals open" in full
    assert "3 proposals open" in clean and "0 proposals open" not in clean
    assert "Left out of this clean text: 3 open proposals" in clean
