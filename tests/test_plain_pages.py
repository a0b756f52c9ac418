"""A hand-written page that holds no markup sign outside its toctrees is not parsed by
docutils (`safety.plain_page`): docutils, run on such a page, reports nothing either."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import summit, write_minimal_repo

from summitkit.sources.rules import rst_check
from summitkit.sources.rules.safety import plain_page

DATA = Path(__file__).parent / "data"

#: Pages the check leaves unparsed: titles, paragraphs, lists, tables, quotes, addresses,
#: and toctrees whatever their options, with page names as entries.
PLAIN = {
    "title and text": "Synthetic corpus\n================\n\nPlain words, commas, (brackets).\n",
    "toctree": (
        "Index\n=====\n\n.. toctree::\n   :maxdepth: 2\n   :glob:\n\n"
        "   generated/statements/index\n   `x`_ |y| [1]_\n\nAfter.\n"
    ),
    "toctree options given twice": ".. toctree::\n   :maxdepth: 1\n   :maxdepth: 2\n\n   a\n",
    "toctree without body": "Top\n===\n\n.. toctree::\n\nText after it.\n",
    "lists and tables": (
        "- one\n- two\n\n#. first\n#. second\n\n"
        "=====  =====\nA      B\n=====  =====\n1      2\n=====  =====\n\n"
        "-a       an option\n--long   another\n\nterm\n   definition\n"
    ),
    "quote, doctest, transition": (
        "Text.\n\n   A quote.\n\n   -- Someone\n\n>>> 1 + 1\n2\n\n----\n\nEnd.\n"
    ),
    "an address": "Write to chair@example.org or visit the secretariat.\n",
    "a title used twice": "Notes\n=====\n\nA\n\nNotes\n=====\n\nB\n",
    "short underline": "A long title here\n===\n\nText.\n",
    "empty": "",
}

#: Pages docutils reads all the same: a markup sign outside a toctree, characters docutils
#: reads otherwise than a plain line, or the two words its refusals are recognised by.
PARSED = {
    "a directive": ".. raw:: html\n\n   <script>x</script>\n",
    "an include": ".. include:: /etc/passwd\n",
    "a role": "See :doc:`x`.\n",
    "a link": "`site <javascript:alert(1)>`_\n",
    "a bare address": "https://example.org\n",
    "a field list": ":summit-deliverable: note\n\nText\n",
    "a tab": "Text\n\n\t.. raw:: html\n",
    "a carriage return": "Text\r.. raw:: html\r",
    "a line separator": "Text\u2028.. raw:: html\n",
    "a form feed": "Text\n\x0c.. raw:: html\n",
    "a no-break space": "\u00a0.. raw:: html\n",
    "toctree with an argument": ".. toctree:: x\n",
    "toctree entry with a title": ".. toctree::\n\n   Cover <cover_note>\n",
    "toctree entry linking out": ".. toctree::\n\n   javascript://x%0aalert(1)\n",
    "toctree indented": "   .. toctree::\n\n      a\n",
    "duplicate titles naming a refusal": (
        "directive disabled\n==================\n\nx\n\ndirective disabled\n==================\n"
    ),
    "options naming a refusal": (
        ".. toctree::\n   :raw directive disabled: 1\n   :raw directive disabled: 2\n"
    ),
    "deactivated": "File and URL access deactivated\n",
}


@pytest.mark.parametrize("text", PLAIN.values(), ids=PLAIN.keys())
def test_a_plain_page_is_one_docutils_finds_nothing_in(text: str, tmp_path: Path) -> None:
    assert plain_page(text)
    assert rst_check.page_problems(text, tmp_path, tmp_path) == []


@pytest.mark.parametrize("text", PARSED.values(), ids=PARSED.keys())
def test_a_page_with_markup_is_parsed(text: str) -> None:
    assert not plain_page(text)


def test_docutils_reports_the_refusals_the_two_words_send_to_it(tmp_path: Path) -> None:
    """Why those two words: docutils repeats a title used twice in its message, and the
    check reads "directive disabled" in a message as a refused directive."""
    text = PARSED["duplicate titles naming a refusal"]
    problems = rst_check.page_problems(text, tmp_path, tmp_path)
    assert [p.message for p in problems] == [
        'not allowed in a page: Duplicate implicit target name: "directive disabled".'
    ]


def test_every_page_of_the_test_data_the_check_skips_has_nothing_to_report() -> None:
    pages = sorted(DATA.rglob("*.rst"))
    skipped = 0
    for page in pages:
        text = page.read_bytes().decode("utf-8-sig", errors="replace")
        if plain_page(text):
            skipped += 1
            assert rst_check.page_problems(text, page.parent, page.parent) == [], page
    assert len(pages) > 50 and 0 < skipped < len(pages)


def test_a_check_of_plain_pages_imports_no_docutils(tmp_path: Path) -> None:
    """A repository whose index is a title and a toctree is checked without docutils (and,
    in no git repository, without running git); a forbidden page beside it is still
    reported."""
    index = (
        "Minimal\n=======\n\n.. toctree::\n   :maxdepth: 1\n\n   generated/statements/index\n"
        "   generated/baskets/index\n   generated/reports/index\n   generated/directory\n"
    )
    repo = write_minimal_repo(tmp_path / "repo", {"content/index.rst": index})
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from summitkit.sources.check.project import check\n"
        "print(len(check(Path(sys.argv[1]), cache=False).errors))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'docutils'))\n"
        "print('subprocess' in sys.modules)\n"  # in no git repository: no git to ask
    )
    done = subprocess.run([sys.executable, "-c", probe, str(repo)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "0\n[]\nFalse\n"

    (repo / "content" / "extra.rst").write_text("Extra\n=====\n\n.. raw:: html\n\n   x\n", "utf-8")
    result = summit("check", str(repo))
    assert "content/extra.rst:4:1: error: directive 'raw' is not allowed in a page" in result.output
