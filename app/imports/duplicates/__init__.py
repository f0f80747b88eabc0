"""Duplicates across sources: flagged for review, never merged silently (decision 175).

``find_duplicates(session, candidate_ids)`` is what the import calls after it wrote
candidates; ``service`` is the review queue (list, read, merge, keep apart).
"""

from app.imports.duplicates.finder import find_duplicates

__all__ = ["find_duplicates"]
