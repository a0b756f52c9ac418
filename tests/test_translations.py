"""Every printed field in the build's language: translations of titles, objectives,
summaries and action items, state and organization names from CLDR (through Babel)
or the record's own `names`, and a warning for each field printed untranslated."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from babel import Locale
from click.testing import CliRunner
from conftest import copy_repo, summit
from pypdf import PdfReader

from summitkit.cli import main
from summitkit.sources.audience.visible import for_audience
from summitkit.sources.check.project import check
from summitkit.sources.rules.translations import source_hash
from summitkit.sources.schema import TLP

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "data" / "mini"
CJK = "cjk-coe-collaboration-2014"


def squash(text: str) -> str:
    """Text without spaces, line breaks and hyphens, so that line breaking in the PDF
    does not matter when looking for a phrase."""
    return re.sub(r"[\s\u00ad\u2010-]+", "", text)


def page_text(html: str) -> str:
    import html as entities

    main_part = html[html.index("<main") :]
    return entities.unescape(re.sub(r"<[^>]+>", " ", main_part))


def body(page: str) -> str:
    """A PDF page's text without its footnotes and running lines, so that a paragraph
    continued on the next page reads on."""
    kept = []
    for line in page.splitlines():
        # The running header starts with the DRAFT mark, in the build's language.
        if re.match(r"\d+\. Source: ", line) or line.startswith(("DRAFT · ", "PROJET · ")):
            break
        if line.strip() not in ("DRAFT", "PROJET"):  # the mark at the top of every page
            kept.append(line)
    return "\n".join(kept)


def french_texts(record: dict[str, object]) -> list[str]:
    """Every French text the basket's record holds, wherever it is."""
    found: list[str] = []

    def walk(value: object, under_fr: bool) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, under_fr or key == "fr")
        elif isinstance(value, list):
            for item in value:
                walk(item, under_fr)
        elif isinstance(value, str) and under_fr:
            found.append(value)

    walk(record, False)
    return found


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped repository, its trilateral basket built in French (HTML and PDF)."""
    repo = copy_repo(ROOT, tmp_path_factory.mktemp("shipped") / "repo")
    result = CliRunner().invoke(
        main, ["build", str(repo), "--only", CJK, "--lang", "fr", "--format", "html,pdf"]
    )
    assert result.exit_code == 0, result.output
    assert "translation/missing" not in result.output  # every field has its French
    return repo


@pytest.mark.slow  # a build of the shipped corpus
def test_french_build_prints_cldr_state_names_and_every_translated_field(french: Path) -> None:
    site = french / "build" / "clear-fr"
    html = page_text((site / "html" / "generated" / "baskets" / f"{CJK}.html").read_text("utf-8"))
    pdf = " ".join(body(p.extract_text()) for p in PdfReader(site / "pdf" / f"{CJK}.pdf").pages)
    cldr = Locale("fr").territories
    record = yaml.safe_load((french / "gifts" / f"{CJK}.yaml").read_text("utf-8"))
    texts = french_texts(record)
    assert len(texts) >= 30  # title, summary, objective, 9 items x 2, 11 clauses
    for name, text in {"html": html, "pdf": pdf}.items():
        flat = squash(text)
        # Lead, co-sponsors and invited states, as CLDR names them in French.
        for code in ("KR", "CN", "JP", "ID", "MY", "VN"):
            assert squash(cldr[code]) in flat, (name, cldr[code])
        for translated in texts:
            assert squash(" ".join(translated.split())) in flat, (name, translated[:60])
        for english in (record["title"], record["objective"], record["action_items"][0]["title"]):
            assert squash(" ".join(english.split())) not in flat, (name, english[:60])
    assert cldr["KR"] != "Republic of Korea"  # the names come from CLDR, not the records


def test_a_missing_translation_is_warned_about_once_per_field(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    basket = root / "gifts" / "mini-basket.yaml"
    text = basket.read_text(encoding="utf-8").replace(
        "objective: Coordinate the three centres' training.\n",
        "objective: Coordinate the three centres' training.\n"
        "translations:\n  fr:\n    title: Corbeille sur la collaboration des centres\n",
    )
    basket.write_text(text, encoding="utf-8")
    result = summit("build", root, "--format", "html", "--lang", "fr")
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if "[translation/missing]" in line]
    assert sorted(warned) == sorted(
        [
            "gifts/mini-basket.yaml:8:12: warning: objective of 'mini-basket' has no fr "
            "translation; it is printed in en [translation/missing]",
            "gifts/mini-basket.yaml:15:12: warning: action_items[wg].title of 'mini-basket' has "
            "no fr translation; it is printed in en [translation/missing]",
            "gifts/mini-basket.yaml:17:18: warning: action_items[wg].deliverable of "
            "'mini-basket' has no fr translation; it is printed in en [translation/missing]",
            "gifts/mini-basket.yaml:22:11: warning: clauses[op1] of 'mini-basket' has no fr "
            "translation; it is printed in en [translation/missing]",
            # Documents with no French at all: one line each, not one per field.
            "content/statements/mini-2012.yaml:1:1: warning: 'mini-2012' has no fr "
            "translation; its 4 printed fields are printed in en [translation/missing]",
            "content/statements/mini-2014.yaml:1:1: warning: 'mini-2014' has no fr "
            "translation; its 5 printed fields are printed in en [translation/missing]",
        ]
    )
    page = (root / "build/clear-fr/html/generated/baskets/mini-basket.html").read_text("utf-8")
    assert "Corbeille sur la collaboration des centres" in page
    listing = (root / "build/clear-fr/html/generated/baskets/index.html").read_text("utf-8")
    assert "Corbeille sur la collaboration des centres" in listing
    # The untranslated objective: in English, marked, with its language on it.
    assert (
        '<span class="language-en" lang="en">Coordinate the three centres’ training.</span>' in page
        or "Coordinate the three centres' training.</span>" in page
    )
    assert "pas encore traduit" in page
    assert "(no fr translation" not in summit("build", root, "--format", "html").stderr


def test_a_state_record_names_map_wins_over_cldr_and_organizations_come_from_cldr(
    tmp_path: Path,
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    kor = root / "content" / "states" / "kor.yaml"
    kor.write_text(kor.read_text() + "names:\n  fr: République de Corée\n", encoding="utf-8")
    corpus = check(root).corpus
    assert corpus.party_name("kor", "fr") == "République de Corée"
    assert corpus.party_name("kor", "ja") == Locale("ja").territories["KR"]
    assert corpus.party_name("kor", "") == corpus.states["kor"].name  # English as recorded
    assert corpus.party_name("un", "fr") == Locale("fr").territories["UN"]
    assert corpus.party_name("jpn", "xx") == "Japan"  # a language CLDR lacks: as recorded
    result = summit("build", root, "--format", "html", "--lang", "fr")
    assert result.exit_code == 0, result.output
    page = (root / "build/clear-fr/html/generated/statements/mini-2012.html").read_text("utf-8")
    assert "République de Corée" in page and Locale("fr").territories["UN"] in page
    assert Locale("fr").territories["US"] in page


def test_a_stale_title_translation_is_a_warning(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    basket = root / "gifts" / "mini-basket.yaml"
    made_from = source_hash("Gift basket on collaboration")  # an earlier title
    basket.write_text(
        basket.read_text(encoding="utf-8")
        + "translations:\n  fr:\n    title:\n      text: Corbeille\n"
        + f"      source_hash: {made_from}\n",
        encoding="utf-8",
    )
    found = [d for d in check(root).diagnostics if d.rule == "translation/stale"]
    assert [d.message for d in found] == [
        "the fr translation of title was made from an earlier text; update it and set its "
        f"source_hash to {source_hash('Gift basket on centre collaboration')}"
    ]
    assert (found[0].position.line, found[0].position.col) == (25, 7)  # at the translation


def test_a_hidden_summary_takes_its_translations_with_it(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    basket = root / "gifts" / "mini-basket.yaml"
    basket.write_text(
        basket.read_text(encoding="utf-8")
        + "summary: Only for the sponsors.\n"
        + "translations:\n  fr:\n    summary: Réservé aux parrains.\n    title: Corbeille\n"
        + "field_sensitivity: {summary: TLP:AMBER}\n",
        encoding="utf-8",
    )
    corpus = check(root).corpus
    clear = for_audience(corpus, TLP.CLEAR).baskets["mini-basket"]
    assert clear.summary is None
    assert clear.translations["fr"].summary is None
    assert clear.translations["fr"].title == "Corbeille"
    amber = for_audience(corpus, TLP.AMBER).baskets["mini-basket"]
    assert amber.translations["fr"].summary == "Réservé aux parrains."
