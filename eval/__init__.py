"""Evaluation: reads the JSONL evaluation format and scores retrieval and answers."""
