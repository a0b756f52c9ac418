"""Negotiation: proposals by delegation, clause status and the compilation text.

Applies tabled proposals to a document's base text. Imports only from
`summitkit.sources`.
"""
