"""Index: embeds chunks and searches them (dense, lexical, hybrid) behind one backend API.

Imports ingest/ (for Chunk), never app/ or eval/.
"""
