"""Shareable validation reports: a report of an inspection, never the credential itself."""
