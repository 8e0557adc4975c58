"""HTML pages: parse (parse), visible text with a line per block (text), metadata (meta), main content (main),
the line model over the markup rules (features, learned), and the page's findings as a Page (page)."""

from pipelines.core.html.page import extract_page

__all__ = ["extract_page"]
