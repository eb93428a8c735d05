"""Broken and hostile workbooks built in code: the builders and the corpus (issue 7)."""
