"""Refresh the documentation's pictures of the deliverables from a real build of the
shipped corpus.

Builds a copy of the repository (so the working tree's build/ is left alone), in
English and, for the site, in Korean; then takes the statement page and the Korean
build's parallel-text page with headless Chromium, the first pages of the statement's
and the parallel basket's PDFs, the page of the adopted 2012 statement with its
"Done at" line and signatories, and the summit-wide report's page of joint
statements signed with pdftoppm, the report's status chart as built, and the HTML
redline of the 2012 and 2016 statements (`summit diff` in the repository itself, two
records of the working tree side by side) with headless Chromium.

    .venv/bin/python tools/screenshots.py

Needs Debian's chromium and poppler-utils (pdftoppm). Review the pictures before
committing them: they are what a reader of the README sees first.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from summitkit.cli import main as summit

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
EPOCH = {"SOURCE_DATE_EPOCH": "1459382400"}  # 2016-03-31, the 2016 summit


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="summitkit-screenshots-") as work:
        repo = Path(work) / "repo"
        shutil.copytree(
            ROOT,
            repo,
            ignore=shutil.ignore_patterns(
                "build", "generated", ".git", ".venv", ".axe", "tests", "*.egg-info"
            ),
        )
        result = CliRunner().invoke(summit, ["build", str(repo), "-q"], env=EPOCH)
        if result.exit_code != 0:
            print(result.output, file=sys.stderr)
            return 1
        built = repo / "build" / "clear"
        page = built / "html" / "generated" / "statements" / "washington-2016-nstsc.html"
        browser_shot(page, IMAGES / "statement-page.png", Path(work) / "profile")
        pdf_page(built / "pdf" / "washington-2016-nstsc.pdf", IMAGES / "statement-pdf.png")
        pdf_page(
            built / "pdf" / "cjk-coe-collaboration-2014-parallel.pdf", IMAGES / "parallel-pdf.png"
        )
        adopted = built / "pdf" / "seoul-2012-nstsc.pdf"
        pdf_page(adopted, IMAGES / "adopted-statement-pdf.png", page=page_with(adopted, "Done at"))
        report = built / "pdf" / "summit-wide-2016.pdf"
        signed = page_with(report, "Joint statements signed")
        pdf_page(report, IMAGES / "summit-wide-report-pdf.png", page=signed)
        result = CliRunner().invoke(
            summit, ["build", str(repo), "--format", "html", "--lang", "ko", "-q"], env=EPOCH
        )
        if result.exit_code != 0:
            print(result.output, file=sys.stderr)
            return 1
        parallel = "generated/baskets/cjk-coe-collaboration-2014-parallel.html"
        korean = repo / "build" / "clear-ko" / "html" / parallel
        browser_shot(korean, IMAGES / "korean-parallel-page.png", Path(work) / "profile")
        chart = built / "html" / "_images" / "northeast-asia-2014-status.png"
        shutil.copyfile(chart, IMAGES / "report-status-chart.png")
        redline = Path(work) / "redline.html"
        pair = ["seoul-2012-nstsc", "washington-2016-nstsc"]
        result = CliRunner().invoke(
            summit, ["diff", *pair, "--format", "html", "-o", str(redline), "--path", str(ROOT)]
        )  # in the repository itself, so that both sides name a real commit
        if result.exit_code != 0:
            print(result.output, file=sys.stderr)
            return 1
        browser_shot(redline, IMAGES / "redline.png", Path(work) / "profile", width=900)
    names = (
        "statement-page", "statement-pdf", "parallel-pdf", "adopted-statement-pdf",
        "summit-wide-report-pdf", "korean-parallel-page", "report-status-chart", "redline",
    )  # fmt: skip
    for name in names:
        print(f"wrote docs/images/{name}.png")
    return 0


def browser_shot(page: Path, target: Path, profile: Path, width: int = 1000) -> None:
    """The page at WIDTH × 1250 CSS pixels, as headless Chromium draws it."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    subprocess.run(
        [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", f"--user-data-dir={profile}", f"--window-size={width},1250",
            f"--screenshot={target}", page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )  # fmt: skip


def pdf_page(pdf: Path, target: Path, page: int = 1) -> None:
    """A page of the PDF (the first; -1 the last) at 70 dpi (579 × 819 pixels for A4)."""
    from pypdf import PdfReader

    number = len(PdfReader(pdf).pages) if page == -1 else page
    stem = target.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", str(number), "-l", str(number), "-singlefile",
         str(pdf), str(stem)],
        check=True,
        timeout=120,
    )  # fmt: skip


def page_with(pdf: Path, opening: str) -> int:
    """The number of the PDF's first page with a line starting with `opening`."""
    from pypdf import PdfReader

    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        if any(line.startswith(opening) for line in page.extract_text().splitlines()):
            return number
    return 1


if __name__ == "__main__":
    sys.exit(main())
