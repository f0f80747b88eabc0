"""Data-subject rights (AVG art. 15 and 17): export everything about a candidate, erase it,
and erase candidates that have been inactive longer than the retention period."""
