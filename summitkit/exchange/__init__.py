"""Exchange: the corpus out to other tools (JSON, CSV, Akoma Ntoso) and back in.

Imports from every stage before it, drafting included (importers write records).
"""
