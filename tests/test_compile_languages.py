"""The compilation text in the build's language: `summit compile --lang` and the site's
compilation page print their labels (status names, Alt 2, the headings, the status
table and the totals) from the message catalogues, the clauses as negotiated; English
stays as it was."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from conftest import summit

MINI = Path(__file__).parent / "data" / "mini"
BASKET = "mini-basket"

#: Every English label the compilation of the basket below prints, as a whole word.
ENGLISH_LABELS = [
    "Compilation text",
    "Alt",
    "open",
    "agreed",
    "ad ref",
    "Proposals tabled",
    "Proposals decided",
    "Collisions",
    "paragraph",
    "paragraphs",
    "status",
    "open proposals",
    "reservation",
    "reservations",
    "supported by",
    "insert",
    "delete",
    "proposals",
    "revision",
    "draft",
    "withdrawn",
    "reason",
    "collision",
    "both replace words",
    "leaves out",
    "accepted in part",
    "change",
    "the rest",
    "rejected",
]

#: What French and Korean print for some of them.
TRANSLATED = {
    "fr": [
        "Texte de compilation\u00a0: ",
        "[en discussion; réserve\u00a0: CHN]",
        "Variante 2 — CHN (chn-1)",
        "appuyé par JPN",
        "Propositions déposées",
        "Propositions tranchées",
        "Conflits",
        "chn-1 supprime le paragraphe 3, jpn-2 le modifie",
        "propositions en discussion",
        "1 sur 5 paragraphes convenus, 1 ad ref; 3 propositions en discussion; 1 réserve",
        "accepté en partie (changement 1 ; le reste rejeté)",
    ],
    "ko": [
        "종합 문안: ",
        "[미합의; 유보: CHN]",
        "대안 2 — CHN (chn-1)",
        "지지: JPN",
        "제출된 제안",
        "결정된 제안",
        "충돌",
        "미결 제안",
        "5개 항 중 1개 합의, 1개 잠정 합의; 미결 제안 3건; 유보 1건",
        "일부 수락됨(변경 1, 나머지 거부됨)",
    ],
}

PROPOSALS = {
    "kor-1": """\
id: kor-1
document: mini-basket
by: [kor]
supported_by: [jpn]
date: 2014-02-10
status: tabled
changes:
  - replace:
      clause: op1
      old: working group
      new: joint working group
  - insert:
      after: op1
      id: op1bis
      kind: operative
      text: The centres will hold a joint course by 2015.
""",
    "chn-1": """\
id: chn-1
document: mini-basket
by: [chn]
date: 2014-02-12
status: tabled
changes:
  - substitute:
      clause: op2
      text: The centres will meet once a year.
  - delete: op3
""",
    "jpn-2": """\
id: jpn-2
document: mini-basket
by: [jpn]
date: 2014-02-13
status: tabled
changes:
  - replace:
      clause: op1
      old: working group
      new: group of experts
  - replace:
      clause: op3
      old: curricula
      new: course plans
""",
    "kor-2": """\
id: kor-2
document: mini-basket
by: [kor]
date: 2014-02-09
status: rejected
accepted_changes: [1]
changes:
  - replace:
      clause: op4
      old: report to the summit
      new: report to the next summit
  - delete: op2
""",
    "jpn-1": """\
id: jpn-1
document: mini-basket
by: [jpn]
date: 2014-02-11
status: withdrawn
reason: Overtaken by the working group's terms of reference.
changes:
  - replace:
      clause: op1
      old: centres
      new: three centres
""",
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini corpus, its gift basket under negotiation: a replacement and an
    insertion supported by another delegation, an alternative wording, a deletion, a
    reservation, an ad ref and an agreed paragraph, two collisions and a withdrawn
    proposal."""
    root = tmp_path_factory.mktemp("compile-languages") / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    basket = root / "gifts" / "mini-basket.yaml"
    clauses = (
        "  - id: op2\n    text: The centres will meet when they see fit.\n"
        "    reserved_by: [chn]\n"
        "  - id: op3\n    text: The centres will exchange their curricula.\n    status: ad-ref\n"
        "  - id: op4\n    text: The centres will report to the next summit.\n"
        "    status: agreed\n"
    )
    text = basket.read_text().replace(
        "sources: [facts]\nsources:", f"sources: [facts]\n{clauses}sources:"
    )
    basket.write_text(text)
    proposals = root / "content" / "proposals"
    proposals.mkdir()
    for name, record in PROPOSALS.items():
        (proposals / f"{name}.yaml").write_text(record)
    return root


def compiled(repo: Path, *args: str) -> str:
    result = summit("compile", BASKET, "--path", repo, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def visible_text(page: str) -> str:
    """What a reader of an HTML page sees: its text, without tags, styles and ids."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(page)


def english_left(text: str, lang: str) -> list[str]:
    """The English labels in `text`, each as a whole word: record ids (kor-1) and the
    clause text aside, which stay as negotiated. French says 'ad ref' too."""
    for clause in (
        "Set up a joint working group of the centres",
        "Set up a [working group → joint working group",
        "Set up a working group of the centres",
        "working group",
        "The centres will hold a joint course by 2015.",
        "The centres will meet once a year.",
        "The centres will meet when they see fit.",
        "The centres will exchange their curricula.",
        "The centres will report to the next summit.",
        "Gift basket on centre collaboration",
        "Overtaken by the working group's terms of reference.",
        "three centres",
        "group of experts",
        "course plans",
        "curricula",
    ):
        text = text.replace(clause, "")
    return [
        label
        for label in ENGLISH_LABELS
        if not (lang == "fr" and label == "ad ref")
        and re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text)
    ]


def test_english_labels_are_found_in_the_english_text(repo: Path) -> None:
    # The check below can fail: in English, every label is there.
    text = compiled(repo)
    assert "Alt 2 — CHN (chn-1): [The centres will meet once a year.]" in text
    assert (
        "4 [agreed]" in text
        and "3 [ad ref; delete: CHN (chn-1); collision: chn-1 (CHN) × jpn-2 (JPN)]" in text
        and "2 [open; reservation: CHN]" in text
    )
    assert "1bis [open; insert: KOR (kor-1), supported by JPN]" in text
    assert text.splitlines()[-1] == (
        "1 of 5 paragraphs agreed, 1 ad ref; 3 proposals open; 1 reservation"
    )
    missing = set(ENGLISH_LABELS) - set(english_left(text, "en"))
    assert missing == set()


@pytest.mark.parametrize("lang", ["fr", "ko"])
def test_compile_text_prints_every_label_in_the_language(repo: Path, lang: str) -> None:
    text = compiled(repo, "--lang", lang)
    for phrase in TRANSLATED[lang]:
        assert phrase in text
    assert english_left(text, lang) == []
    # the clauses stay as negotiated
    assert "The centres will meet once a year." in text


@pytest.mark.parametrize("lang", ["fr", "ko"])
def test_compile_html_prints_every_label_in_the_language(repo: Path, lang: str) -> None:
    page = compiled(repo, "--lang", lang, "--format", "html")
    assert f'<html lang="{lang}">' in page
    # the clause text keeps its own language, marked at element level
    assert '<p class="sk-text" lang="en">' in page
    seen = visible_text(page)
    for phrase in TRANSLATED[lang]:
        assert phrase in seen
    assert english_left(seen, lang) == []


def test_json_stays_english_for_other_tools(repo: Path) -> None:
    assert compiled(repo, "--lang", "ko", "--format", "json") == compiled(repo, "--format", "json")


def test_english_is_unchanged_by_the_option(repo: Path) -> None:
    for output_format in ("text", "html"):
        assert compiled(repo, "--format", output_format) == compiled(
            repo, "--format", output_format, "--lang", "en"
        )


def test_a_language_tag_that_is_a_path_is_a_usage_error(repo: Path) -> None:
    result = summit("compile", BASKET, "--path", repo, "--lang", "fr/../x")
    assert result.exit_code == 2


@pytest.mark.parametrize("lang", ["fr", "ko"])
def test_the_sites_compilation_page_is_in_the_build_language(repo: Path, lang: str) -> None:
    result = summit("build", repo, "--lang", lang, "--format", "html", "-q")
    assert result.exit_code == 0, result.output
    built = repo / "build" / f"clear-{lang}" / "html" / "generated" / "baskets"
    page = (built / f"{BASKET}-compilation.html").read_text(encoding="utf-8")
    assert f'lang="{lang}"' in page
    main = page[page.index("<main") : page.index("</main>")] if "<main" in page else page
    # Sphinx prints the heading's no-break space as a space.
    seen = visible_text(main).replace("\u00a0", " ")
    for phrase in TRANSLATED[lang]:
        assert phrase.replace("\u00a0", " ") in seen, phrase
    assert english_left(seen, lang) == []
    listing = visible_text((built / "index.html").read_text(encoding="utf-8"))
    assert TRANSLATED[lang][0].replace("\u00a0", " ") in listing.replace("\u00a0", " ")
    # The clauses stay as negotiated, and say so: a screen reader reads them in English.
    for words in ("The centres will meet once a year.", "group of experts", "course plans"):
        assert language_of(page, words) == "en", words
    assert language_of(page, TRANSLATED[lang][2].split(" — ")[0]) == lang  # the labels


def language_of(page: str, words: str) -> str | None:
    """The language (`lang`) of the innermost element around the first text `words`."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(page)
    found = next(e for e in tree.iter() if words in (e.text or ""))
    holder = next((e for e in found.iterancestors() if e.get("lang")), None)
    return found.get("lang") or (holder.get("lang") if holder is not None else None)


def test_the_korean_pdf_prints_its_labels_and_running_lines_in_korean(
    repo: Path, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    target = tmp_path / "ko.pdf"
    result = summit(
        "compile", BASKET, "--path", repo, "--lang", "ko", "--format", "pdf", "-o", target
    )
    assert result.exit_code == 0, result.output
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    for phrase in TRANSLATED["ko"]:
        assert phrase in text, phrase
    assert "초안 · 종합 문안: Gift basket on centre collaboration" in text  # running header
    assert english_left(text, "ko") == []
