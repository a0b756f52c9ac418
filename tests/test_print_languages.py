"""Printed deliverables in other languages, read back from the PDFs a `--lang` build writes.

Korean breaks lines between words only and Japanese never between a number and
its counter (年, 月, 日), although WeasyPrint knows neither rule; every page of a
French or Korean build carries its running header, footer and DRAFT watermark in
that language.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import summit
from pypdf import PdfReader

from summitkit.deliverables.printed.linebreak import JOINER, keep_words_whole

MINI = Path(__file__).parent / "data" / "mini"
SOURCE = "Set up a working group of the centres."

# Long Korean clauses, so that their lines wrap many times on an A4 page.
KOREAN = [
    "중국, 일본 및 대한민국이 2010년 워싱턴 정상회의에서 각각 핵안보 우수센터를 설립하겠다고 "
    "발표하였음을 상기하며, 3개 센터의 관계자들이 2012년 10월 국제원자력기구(IAEA)의 핵안보 "
    "교육훈련 및 지원센터 네트워크 안에 조정을 위한 소그룹을 구성하기로 합의하였고, 동 소그룹이 "
    "2013년 2월 다시 회의를 개최하였음에 주목하며,",
    "참여국은 각국 센터가 업무를 조정할 수 있는 분야와 교환할 수 있는 정보를 정하기 위하여 센터 간 "
    "실무그룹을 설치하고, 2014년 말까지 그 위임사항에 합의한다. 각 센터는 기술 교류를 위한 연락 "
    "담당자를 지정하고, 교육과정, 신규 과정 설계 및 자체 목표 등 민감하지 않은 사항에 관한 정보를 "
    "처음에는 비공식적으로, 이후에는 정례적인 방식으로 공유한다.",
]
# Japanese clauses full of dates: without the printer's glue, some lines would break
# between a number and its counter.
DATES = "、".join(f"{2010 + n % 5}年{1 + n % 12}月{10 + n}日" for n in range(14))
JAPANESE = [f"{'参加国は' * k}次の会合の日程に合意する。{DATES}。" for k in range(1, 7)]


def translated_repo(where: Path) -> Path:
    """The mini corpus, its gift basket's clause in Korean, Japanese and French, with
    more long clauses of its own."""
    root = where / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    basket = root / "gifts" / "mini-basket.yaml"
    clauses = "".join(
        f"  - id: op{n}\n    text: Clause {n} of the basket, in English.\n"
        "    translations:\n"
        f"      ko: {KOREAN[n % len(KOREAN)]}\n"
        f"      ja: {JAPANESE[n % len(JAPANESE)]}\n"
        f"      fr: Clause {n} de l'engagement, en français.\n"
        for n in range(2, 14)
    )
    text = basket.read_text().replace(
        f"    text: {SOURCE}\n",
        f"    text: {SOURCE}\n"
        "    translations:\n"
        f"      ko: {KOREAN[0]}\n"
        f"      ja: {JAPANESE[0]}\n"
        "      fr: Créer un groupe de travail des centres.\n",
    )
    text = text.replace("sources: [facts]\nsources:", f"sources: [facts]\n{clauses}sources:")
    basket.write_text(text + "languages: [en, ko, ja, fr]\n")
    return root


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The PDF folder of a Korean, a Japanese and a French build of that corpus."""
    root = translated_repo(tmp_path_factory.mktemp("print-languages"))
    folders = {}
    for lang in ("ko", "ja", "fr"):
        result = summit("build", str(root), "--format", "pdf", "--lang", lang)
        assert result.exit_code == 0, result.output
        folders[lang] = root / "build" / f"clear-{lang}" / "pdf"
    return folders


def pdftotext(pdf: Path, number: int) -> list[str]:
    """The lines of text of page `number` (from 1) as pdftotext reads them, blanks left out."""
    text = subprocess.run(
        ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


def page_lines(pdf: Path) -> list[list[str]]:
    """Each page's lines of text, the watermark's letters left out: drawn at an angle,
    each comes out as a line of its own."""
    count = len(PdfReader(pdf).pages)
    return [
        [line for line in pdftotext(pdf, number) if line not in WATERMARK_LETTERS]
        for number in range(1, count + 1)
    ]


def watermark(pdf: Path, number: int) -> str:
    """The letters of the watermark on page `number` of `pdf`, in alphabetical order."""
    return "".join(sorted(line for line in pdftotext(pdf, number) if line in WATERMARK_LETTERS))


WATERMARK_LETTERS = set("초안草案PROJET")


def hangul(token: str) -> bool:
    return bool(re.search("[\uac00-\ud7af]", token))


def bare(token: str) -> str:
    """A word without the punctuation and numbers around it (a footnote call, "1쪽")."""
    return token.strip(",.·:()[]0123456789")


def test_no_line_of_a_korean_pdf_breaks_inside_a_word(builds: dict[str, Path]) -> None:
    # Every word the printed page holds, as the site's page writes it, and the footer's.
    from lxml import html

    site = builds["ko"].parent / "html" / "generated" / "baskets" / "mini-basket.html"
    text = " ".join(html.parse(str(site)).getroot().itertext()) + " 1쪽 중 1쪽"
    words = {bare(word) for word in text.split()}
    breaks = 0
    for page in page_lines(builds["ko"] / "mini-basket.pdf"):
        for line, following in itertools.pairwise(page):
            last, first = line.split()[-1], following.split()[0]
            if hangul(last) and hangul(first):
                breaks += 1
            for token in (last, first):
                if hangul(token):
                    assert bare(token) in words, (line, following)
    assert breaks > 20  # the clauses did wrap


def test_no_line_of_a_japanese_pdf_breaks_between_a_number_and_its_counter(
    builds: dict[str, Path],
) -> None:
    lines = [line for page in page_lines(builds["ja"] / "mini-basket.pdf") for line in page]
    dated = [line for line in lines if "年" in line]
    assert len(dated) > 20
    for line, following in itertools.pairwise(lines):
        assert not (line[-1].isdigit() and following[0] in "年月日"), (line, following)
        assert following[0] not in "、。」\uff09", (line, following)


def test_the_word_joiners_are_not_in_the_text_a_reader_copies(builds: dict[str, Path]) -> None:
    for lang in ("ko", "ja"):
        reader = PdfReader(builds[lang] / "mini-basket.pdf")
        text = "".join(page.extract_text() for page in reader.pages)
        assert JOINER not in text
        assert "대한민국이" in text or "2012年" in text


def test_glue_runs_across_elements_and_leaves_other_text_alone() -> None:
    from lxml import html

    article = html.fragment_fromstring(
        "<div><p>대한<em>민국이</em> 2010년, in 2012 年 English.</p><p>2012年10月</p></div>"
    )
    keep_words_whole(article)
    first, second = article
    assert first.text == f"대{JOINER}한"
    assert first[0].text == f"{JOINER}민{JOINER}국{JOINER}이"
    assert first[0].tail == f" 2{JOINER}0{JOINER}1{JOINER}0{JOINER}년{JOINER}, in 2012 年 English."
    assert second.text == f"2012{JOINER}年10{JOINER}月"
    assert "".join(article.itertext()).replace(JOINER, "") == (
        "대한민국이 2010년, in 2012 年 English.2012年10月"
    )


# What each language's running header, footer and watermark say.
FURNITURE = {
    "ko": {
        "draft": ("초안", " 초안 · "),  # the mark, and the status in the version line
        "page": "쪽 중",
        "version": ("개정", "생성일"),
    },
    "fr": {"draft": ("PROJET", " projet · "), "page": " sur ", "version": ("rév.", "généré le")},
}
ENGLISH = ("built", " of ", "DRAFT", "rev.", "draft", "adopted")


@pytest.mark.parametrize("lang", ["ko", "fr"])
def test_every_page_carries_header_footer_and_watermark_in_the_build_language(
    builds: dict[str, Path], lang: str
) -> None:
    mark, status = FURNITURE[lang]["draft"]
    pdfs = sorted(builds[lang].glob("*.pdf"))
    assert len(pdfs) >= 4
    pages, drafts = 0, 0
    for pdf in pdfs:
        for number, lines in enumerate(page_lines(pdf)):
            text = [line for line in lines if line != "TLP:CLEAR"]
            header = text[0]
            footer = next(line for line in reversed(text) if FURNITURE[lang]["page"] in line)
            where = (pdf.name, number, header, footer)
            assert not any(word in footer or word in header for word in ENGLISH), where
            # A draft's foot carries its version line; an adopted text's has it in the
            # colophon at its end.
            draft = status in footer
            adopted = any(word in line for line in text[-3:] for word in ("채택", "adopté"))
            assert draft or adopted, where
            version = all(word in footer for word in FURNITURE[lang]["version"])
            assert version == draft, where
            assert header.startswith(f"{mark} · ") == draft, where
            assert watermark(pdf, number + 1) == "".join(sorted(mark if draft else "")), where
            pages += 1
            drafts += draft
    assert pages > len(pdfs)  # some deliverable runs to a second page
    assert 0 < drafts < pages  # drafts and an adopted text


@pytest.fixture(scope="module")
def nu_reports(builds: dict[str, Path]) -> dict[str, list[str]]:
    """The Nu checker's errors and warnings on the Korean and on the French site, from
    one run over both (a line naming neither site goes to both)."""
    from nu import nu_problems

    sites = {lang: builds[lang].parent / "html" for lang in ("ko", "fr")}
    problems = nu_problems(list(sites.values()))
    return {
        lang: [
            line
            for line in problems
            if str(site) in line or not any(str(other) in line for other in sites.values())
        ]
        for lang, site in sites.items()
    }


@pytest.mark.parametrize("lang", ["ko", "fr"])
def test_no_english_text_is_labelled_another_language(
    builds: dict[str, Path], nu_reports: dict[str, list[str]], lang: str
) -> None:
    """The Nu checker warns when a page's text is in another language than its `lang`
    says: every page of the Korean and French sites passes without a warning, the
    report's headings and table headers translated and its English prose marked so."""
    site = builds[lang].parent / "html"
    assert nu_reports[lang] == []
    report = (site / "generated" / "reports" / "mini-report.html").read_text(encoding="utf-8")
    heading = {"ko": "주요 지표", "fr": "Indicateurs principaux"}[lang]
    assert f"<h2>{heading}" in report
    assert '<p lang="en">Progress as of the' in report


def test_the_report_charts_are_drawn_in_the_build_language(builds: dict[str, Path]) -> None:
    """The same data drawn with each language's title, axis and key: the three builds'
    charts differ (had the words stayed English, they would be the same picture), and
    drawing the Korean and Japanese words raised no missing-glyph warning (pytest turns
    warnings into errors)."""
    for chart in ("status", "categories", "participation"):
        drawn = {
            lang: (folder.parent / "html" / "_images" / f"mini-report-{chart}.png").read_bytes()
            for lang, folder in builds.items()
        }
        assert len(set(drawn.values())) == 3, chart
