"""Stage 0: what every stage needs and that knows nothing of reports (language, labels, files, JSON)."""
