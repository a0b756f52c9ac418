"""Sources: reading and checking the records, up to one validated `Corpus`.

Loader, YAML and schema diagnostics, the schema, validation rules, content
safety, settings, audiences, translations bookkeeping and the git reader.
Imports nothing from summitkit but the package root.
"""
