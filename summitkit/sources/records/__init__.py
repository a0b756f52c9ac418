"""Records: YAML files read into raw records, typed by the schema, and the `Corpus`.

The safe YAML loader and its errors, raw records with a position for every value,
schema errors as diagnostics, the references a record makes, the bracket syntax of
clause text, localised names, and the corpus that indexes what was loaded.
Imports from `sources.core` and `sources.schema`.
"""
