"""The README's generated blocks, rewritten by `tools/refresh_docs.py` and checked by
tests/test_docs.py: the references drawn from the code (`reference`), the tour's real
output (`blocks`) and the git merge sessions (`merge`).

Tooling for this repository's docs, not part of the `summit` package: it is not
installed, and is imported with `tools/` on `sys.path`.
"""
