"""mdime-publish: M-DIME country reports from Markdown, YAML and BibTeX to PDF, DOCX and HTML."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mdime-publish")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
