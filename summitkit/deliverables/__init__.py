"""Deliverables: what people read — pages, the Sphinx extension, PDF, DOCX, redlines.

Page rendering, the build and its cache, serve, version stamps, the leak check,
templates and theme. Imports from sources, negotiation, progress and diff.
"""
