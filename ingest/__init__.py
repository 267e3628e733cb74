"""Ingest: source documents (PDF, text exports) become cited chunks.

pipeline.py -> text.py | pdf.py (pdf_pages.py, pdf_outline.py) -> layout.py (lines.py,
blocks.py, tables.py, headings.py, sections.py) -> chunking.py -> store.py.
Lowest layer: imports nothing from index/, app/ or eval/.
"""
