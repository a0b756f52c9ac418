"""Check: running load → validate on a repository, or on the part a command needs.

`project` finds the repository and runs the stages; `cache` keeps loaded and
validated files by their bytes; `verdict` reuses the last answer while nothing it
read has changed; `subset` checks only the records a comparison needs. Imports
from every earlier stage of `sources`.
"""
