"""Drafting: commands that edit sources for a person — sign, fmt, new, init, release.

Every edit is textual and keeps comments and layout. Imports from the stages
before it (sources to deliverables), never from exchange or cli.
"""
