"""Core: what the later stages stand on, knowing files but not records.

Diagnostics and their format, file reads guarded against links and special
files, the git wrapper (the one place git runs), where each kind of record
lives, the scales (TLP, statuses), and the repository's settings file.
Imports nothing from summitkit but the package root.
"""
