"""Ingest: source documents (PDF, text exports) become cited chunks.

Lowest layer: imports nothing from index/, app/ or eval/.
"""
