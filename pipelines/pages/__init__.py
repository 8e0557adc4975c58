"""Pages for people: one HTML page per document of the published warehouse."""
