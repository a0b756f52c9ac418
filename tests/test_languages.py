"""Parallel languages: translations, --lang builds, parallel text, stale-translation warnings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import summit

from summitkit.deliverables.i18n import LANGUAGES, LOCALE, parse_po, translator
from summitkit.sources.rules.translations import source_hash

MINI = Path(__file__).parent / "data" / "mini"
SOURCE = "Set up a working group of the centres."


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The mini corpus, its gift basket in English, Korean and French."""
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    basket = root / "gifts" / "mini-basket.yaml"
    text = basket.read_text().replace(
        f"    text: {SOURCE}\n",
        f"    text: {SOURCE}\n"
        "    translations:\n"
        "      ko:\n"
        "        text: 센터 간 실무그룹을 설치한다.\n"
        f"        source_hash: {source_hash(SOURCE)}\n"
        "      fr: Créer un groupe de travail des centres.\n",
    )
    basket.write_text(text + "languages: [en, ko, fr]\n")
    return root


def test_stale_translation_warns_only_after_the_source_changes(repo: Path) -> None:
    clean = summit("check", str(repo))
    assert clean.exit_code == 0
    assert "translation/stale" not in clean.stdout
    basket = repo / "gifts" / "mini-basket.yaml"
    basket.write_text(
        basket.read_text().replace(SOURCE, "Set up a working group of the three centres.")
    )
    stale = summit("check", str(repo))
    assert stale.exit_code == 0  # a warning
    lines = [line for line in stale.stdout.splitlines() if "translation/stale" in line]
    assert len(lines) == 1  # ko is tracked by its hash; fr has none and is not tracked
    assert "gifts/mini-basket.yaml:" in lines[0]
    assert "the ko translation of clause 'op1' was made from an earlier text" in lines[0]
    assert source_hash("Set up a working group of the three centres.") in lines[0]


def test_lang_build_uses_translations_and_translated_interface_text(repo: Path) -> None:
    result = summit("build", str(repo), "--format", "html", "--lang", "ko")
    assert result.exit_code == 0, result.output
    site = repo / "build" / "clear-ko" / "html"
    page = (site / "generated" / "baskets" / "mini-basket.html").read_text()
    assert '<html lang="ko"' in page
    assert "센터 간 실무그룹을 설치한다." in page
    assert "참여 현황" in page  # "Sign-on status"
    assert "초안" in page  # DRAFT
    assert "TLP:CLEAR" in page  # labels stay in their original form
    statement = (site / "generated" / "statements" / "mini-2014.html").read_text()
    assert "서명국" in statement
    # A clause with no Korean translation shows the source text, marked, in English.
    assert '<span class="language-en" lang="en">' in statement or 'lang="en"' in statement
    assert "미번역" in statement


def test_parallel_text_page_has_a_column_per_authentic_language(repo: Path) -> None:
    result = summit("build", str(repo), "--format", "html")
    assert result.exit_code == 0, result.output
    page = (repo / "build/clear/html/generated/baskets/mini-basket-parallel.html").read_text()
    assert "English" in page and "한국어" in page and "Français" in page
    assert 'lang="ko"' in page and "센터 간 실무그룹을 설치한다." in page
    assert 'lang="fr"' in page and "Créer un groupe de travail des centres." in page
    listing = (repo / "build/clear/html/generated/baskets/index.html").read_text()
    assert "mini-basket-parallel.html" in listing


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_catalogue_translates_every_message(lang: str) -> None:
    template = (LOCALE / "summitkit.pot").read_text(encoding="utf-8")
    msgids = [
        line.removeprefix("msgid ").strip('"')
        for line in template.splitlines()
        if line.startswith("msgid ") and line != 'msgid ""'
    ]
    assert len(msgids) > 20
    catalogue = parse_po((LOCALE / lang / "LC_MESSAGES" / "summitkit.po").read_text("utf-8"))
    missing = [m for m in msgids if m not in catalogue.messages and m not in catalogue.plurals]
    assert missing == []
    assert translator(lang).gettext("DRAFT") != "DRAFT"


def test_diff_shows_translations_that_the_source_change_made_stale(repo: Path) -> None:
    import subprocess

    env = {"GIT_AUTHOR_NAME": "D", "GIT_AUTHOR_EMAIL": "d@example.org",
           "GIT_COMMITTER_NAME": "D", "GIT_COMMITTER_EMAIL": "d@example.org"}  # fmt: skip
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run(["git", *args], cwd=repo, check=True, env=env, capture_output=True)
    basket = repo / "gifts" / "mini-basket.yaml"
    basket.write_text(
        basket.read_text().replace(SOURCE, "Set up a working group of the three centres.")
    )
    import os

    previous = Path.cwd()
    os.chdir(repo)
    try:
        result = summit("diff", "HEAD", "--no-color")
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.output
    assert (
        "clauses[op1].translations.ko: current → stale: made from the earlier text" in result.stdout
    )
    assert "translations.fr" not in result.stdout  # an untracked translation is not judged
