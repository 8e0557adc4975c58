"""How much of one input file a run reads: the defaults (the shell passes CLAIMTRAIL_MAX_* settings through)."""

MAX_FILE_BYTES = 50 * 1024 * 1024   # bytes of a file, and of a gzipped file once decompressed
MAX_TEXT_CHARS = 32 * 1024 * 1024   # characters of a document's decoded text (an HTML page: its decoded markup)
MAX_HTML_DEPTH = 256                # element nesting kept: a deeper page is flattened below it (browsers cap too)
MAX_EXTRACTOR_CHARS = 4 * 1024 * 1024  # markup over this is not handed to trafilatura (its tree copy: ~13x)
