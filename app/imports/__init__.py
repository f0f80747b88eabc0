"""Bulk import from the systems municipalities and WSPs use (issue 13)."""
