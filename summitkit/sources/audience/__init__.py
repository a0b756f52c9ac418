"""Audience: the part of a corpus one TLP audience may see, and the leak rule.

`visible` filters a corpus for one audience; `leaks` names the restricted texts
and finds them in an output. Imports from `sources.core`, `sources.schema` and
`sources.records`.
"""
