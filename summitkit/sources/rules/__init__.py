"""Rules: every check between records, one module per family, and the rule book.

`validate` runs them all over a corpus; each other module holds one family
(references and claims in `validate` itself, negotiation, translations, safety of
reST, hand-written pages, placeholders, attribution …), and `rulebook` with
`rules.toml` says what every rule id means. Imports from the stages before it:
`core`, `schema`, `records` and `audience`.
"""
