"""Progress: measures, report scopes and charts computed from the corpus.

Imports from `summitkit.sources` and `summitkit.negotiation`.
"""
