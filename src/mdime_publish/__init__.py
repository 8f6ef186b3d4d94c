"""mdime-publish: M-DIME country reports from Markdown, YAML and BibTeX to PDF, DOCX and HTML."""

__version__ = "0.1.0"  # the one place the version is set (pyproject.toml reads it)
