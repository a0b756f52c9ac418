"""Untrusted text: what reST inside content may use, as `check` rules.

Clause text and translations, and the hand-written pages (``content/**/*.rst``),
are parsed by docutils and their doctrees checked against allow-lists (see
`summitkit.sources.rules.rst_check`): no file read, no raw markup, no script link.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from summitkit.sources.core.diagnostics import Diagnostic, Position, error
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.records.raw import Path_

__all__ = ["ALLOWED_SCHEMES", "check_markup", "check_page_markup", "check_pages", "text_problems"]

#: Link schemes the build keeps in clause text (the check's rule is rst_check.SCHEMES).
ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


def may_hold_markup(text: str) -> bool:
    """Whether docutils could read `text` as more than plain words: it holds a role or
    literal, a substitution, a link, a target, a directive, emphasis or a footnote.
    One `in` per sign is ten times faster than a regular expression over 20,000
    clauses."""
    return (
        "`" in text or ":" in text or "|" in text or "<" in text or "_" in text
        or ".." in text or "*" in text or "[" in text
    )  # fmt: skip


def text_problems(text: str) -> Iterator[str]:
    """What is not allowed in one piece of content text (inline markup only).
    docutils is imported, and the text parsed, only where markup could be."""
    if not may_hold_markup(text):
        return iter(())
    from summitkit.sources.rules import rst_check

    return rst_check.text_problems(text)


def check_markup(corpus: Corpus) -> Iterator[Diagnostic]:
    """Rule rst/forbidden: clause text and translations use safe inline markup only."""
    for document in corpus.documents.values():
        raw = corpus.origins[(document.kind, document.id)]
        for index, clause in enumerate(document.clauses):
            if not clause.translations and not may_hold_markup(clause.text):
                continue  # most clauses: plain text, untranslated
            texts: list[tuple[Path_, str]] = [(("clauses", index, "text"), clause.text)]
            for lang, translation in clause.translations.items():
                text = translation if isinstance(translation, str) else translation.text
                texts.append((("clauses", index, "translations", lang), text))
            for loc, text in texts:
                for problem in text_problems(text):
                    yield error(raw.position(loc), problem, "rst/forbidden")


def check_page_markup(corpus: Corpus) -> Iterator[Diagnostic]:
    """Rule rst/forbidden: hand-written pages read no file and emit no raw markup."""
    return check_pages(corpus.root)


# -- hand-written pages ----------------------------------------------------------------


def check_pages(root: Path) -> Iterator[Diagnostic]:
    """Rule rst/forbidden in the hand-written pages under content/ (not content/generated/),
    each parsed by docutils (see summitkit.sources.rules.rst_check) unless `plain_page`
    finds nothing in it that docutils could report."""
    content = root / "content"
    if not content.is_dir():
        return
    for path in _hand_written(content):
        relative = path.relative_to(root)
        if path.is_symlink() or not path.is_file():
            continue  # links are the loader's concern
        try:
            raw = path.read_bytes()
        except OSError:
            continue  # an unreadable file is reported by the loader (io/read)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:  # Sphinx would stop with a traceback
            # Here: its module loads the YAML parser, which a diff from the cache never needs.
            from summitkit.sources.records.yaml_errors import encoding_diagnostic

            start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
            yield encoding_diagnostic(raw, exc.start + start, relative.as_posix())
            continue
        if plain_page(text):
            continue  # nothing docutils could report: not parsed, docutils not imported
        from summitkit.sources.rules import rst_check

        for problem in rst_check.page_problems(text, path.parent, content):
            position = Position(relative.as_posix(), problem.line, 1)
            yield error(position, problem.message, "rst/forbidden")
    if (content / "generated").is_dir() and not (content / "generated").is_symlink():
        yield from committed_generated_pages(root)


def plain_page(text: str) -> bool:
    """Whether a hand-written page holds nothing `rst_check.page_problems` could
    report, so that it need not be parsed (nor docutils imported): every line is
    printable (no tab, no carriage return, no other line break or space than the
    plain ones, which docutils would read otherwise), no line holds a markup sign
    (`may_hold_markup`: no role, link, target, directive, substitution or footnote),
    except inside a toctree written `.. toctree::` at the margin, whose options are
    any words and whose entries, when they are page names, the check does not read
    (an entry that could be a link, 'Title <https://...>', goes to docutils).
    What plain text makes is titles, paragraphs, lists, tables and quotes, all
    allowed. A page naming "disabled" or "deactivated" goes to docutils all the
    same: its messages repeat names (a title used twice, an option given twice),
    and the check reads those two words in them as a refused directive."""
    lowered = text.lower()
    if "disabled" in lowered or "deactivated" in lowered:
        return False
    in_toctree = False
    for line in text.split("\n"):
        if not line.isprintable():
            return False
        if in_toctree and (not line or line[0] == " "):
            entry = line.strip()
            if not entry.startswith(":") and ("<" in entry or ":" in entry or "//" in entry):
                return False  # an entry that may be a link: its address is checked
            continue  # the toctree's options and page names, or a blank line
        in_toctree = line.rstrip(" ") == ".. toctree::"
        if not in_toctree and may_hold_markup(line):
            return False
    return True


def _hand_written(content: Path) -> list[Path]:
    """The .rst files under content/, not in content/generated/ (summitkit's own pages,
    unless committed: see below), which is not even walked: it holds a page per
    deliverable. Links to folders are not followed."""
    found = []
    for folder, subfolders, files in os.walk(content):
        if folder == str(content):
            subfolders[:] = [name for name in subfolders if name != "generated"]
        found += [Path(folder, name) for name in files if name.endswith(".rst")]
    return sorted(found)


def committed_generated_pages(root: Path) -> Iterator[Diagnostic]:
    """Rule layout/generated-committed: files in content/generated/ that git tracks.

    summit build writes that folder and git ignores it, so the pages there are
    not checked as hand-written ones; a pull request that commits a page (or the
    folder's manifest) there would get a page into the site unchecked. In a fresh
    clone, as CI builds one, every file there is a committed one."""
    from summitkit.sources.core import git

    try:
        tracked = git.run(root, "ls-files", "-z", "--", "content/generated")
    except git.GitError:
        return  # not a git repository: nothing can have been committed
    for name in sorted(filter(None, tracked.split("\0"))):
        yield error(
            Position(name),
            "generated pages are written by summit build and never committed; remove it "
            "from git (git rm -r --cached content/generated) and keep the folder ignored",
            "layout/generated-committed",
        )
