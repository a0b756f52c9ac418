"""Sources: reading and checking the records, up to one validated `Corpus`.

Six stages, each a folder that imports only from the ones before it (and from
the package root), in this order:

- `core`: what knows files but not records — diagnostics, guarded file reads,
  the git wrapper, where records live, the scales (TLP, statuses), settings;
- `schema`: the content model, one declarative class per record kind;
- `records`: YAML read into raw records with positions, typed by the schema,
  gathered into a `Corpus`; references, bracket syntax, localised names;
- `audience`: what one TLP audience may see of a corpus, and the leak rule;
- `rules`: every rule between records, one module per family, and the rule book;
- `check`: running load → validate on a repository or part of one, with its
  record cache and verdict.

Imports nothing from summitkit but the package root.
"""
