"""The help texts of the `claimtrail` command: what each subcommand does, examples, environment, exit codes."""

from __future__ import annotations

import textwrap

from pipelines import settings

PROG = "claimtrail"

# a claim's fields in `claimtrail claims` output, in order (tests/test_cli_help.py checks them against the finder)
CLAIM_FIELDS = {
    "char_start": "0-based offset of the claim in the passage, in code points",
    "char_end": "end of the claim (exclusive)",
    "surface": "the number's own words (\"at least 1,200\"), equal to text[char_start:char_end]",
    "value_low": "the value, or the low end of a range (a float)",
    "value_high": "the value, or the high end of a range",
    "qualifier": "null, or at_least, more_than, less_than, at_most, around, nearly",
    "unit": "what is counted or measured, null when unknown",
    "sentence": "the sentence holding the claim",
    "attribution": "who the passage says the figure comes from, null when unattributed",
    "kind": "count, money, percent, duration, age, measure or rate",
    "unit_normalized": "the unit in a normal form: ISO currency, percent, a unit symbol or the counted noun's lemma",
    "alt_value_low": "the other reading when the separator is ambiguous (2,873 million), else null",
    "alt_value_high": "high end of the other reading, else null",
    "subject": "the country the figure is about, null when none is named",
    "concept": "what a count or rate counts, one name for synonyms, else null",
}

_PATHS = """\
paths:
  Defaults are in the project folder ({root}), wherever you run the command; a relative path you give (an
  option or a variable) is relative to the current folder."""

_INSTANCE = """\
Dagster instance:
  Each warehouse file has its own (run history, asset materializations, check results): the project's
  warehouse uses .dagster_home/, any other FILE uses FILE.dagster/ beside it, so the UI of one warehouse never
  shows another's runs (README, "One Dagster instance per warehouse")."""


_WIDTH = 110


def _items(title: str, items: dict[str, str]) -> str:
    """A titled list of `name  text` lines, the text wrapped under itself."""
    width = max(len(k) for k in items)
    lines = [title]
    for name, text in items.items():
        lead = f"  {name.ljust(width)}  "
        lines.append(textwrap.fill(text, _WIDTH, initial_indent=lead, subsequent_indent=" " * len(lead)))
    return "\n".join(lines)


def _environment(names: tuple[str, ...]) -> str:
    if not names:
        return "environment variables:\n  none"
    return _items("environment variables:", {n: settings.ENVIRONMENT[n] for n in names})


def _exit_codes(codes: dict[int, str]) -> str:
    return _items("exit status:", {str(k): v for k, v in codes.items()})


def _examples(lines: tuple[str, ...]) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def _epilog(examples: tuple[str, ...], environment: tuple[str, ...], codes: dict[int, str],
            *extra: str) -> str:
    root = settings.project_root()
    paths = _PATHS.format(root=root) if root else (
        "paths:\n  Defaults are relative to the current folder (no project folder: an installed package).")
    return "\n\n".join([_examples(examples), _environment(environment), _exit_codes(codes), paths, *extra])


_ALL = tuple(settings.ENVIRONMENT)
_READ = ("CLAIMTRAIL_WAREHOUSE", "CLAIMTRAIL_LOCK_WAIT")
_USAGE = "usage error (unknown option, missing argument)"

MAIN = {
    "description": "claimtrail: clean scraped news pages into articles and paragraphs, record every removed span "
                   "with its\nreason, extract numeric claims with exact offsets, and publish a DuckDB warehouse "
                   "gated by Great\nExpectations suites.",
    "epilog": _examples(("claimtrail run                     # seeds/ into warehouse/claimtrail.duckdb",
                         "claimtrail show 000_b941dce12b4c1646.txt",
                         "claimtrail run --help              # each command has its own help")),
}

RUN = {
    "help": "ingest, clean, extract claims, check and publish (incremental)",
    "description": "Take in the input folder's new, changed and deleted files (text, Markdown, HTML, gzipped or "
                   "not), clean them,\nsplit them into articles and paragraphs, extract numeric claims, run the "
                   "quality gate on the staged tables\nand publish them into the warehouse in one transaction. "
                   "Unchanged files keep their published rows; --full\nreads everything again. Prints a summary "
                   "and the path of the run's quality report.\n\nA run that would remove more than "
                   "CLAIMTRAIL_MAX_REMOVAL of the published documents (an empty or\nmissing folder: all of them) "
                   "refuses unless --allow-removal. Ctrl-C or SIGTERM stop a run within\nseconds, the warehouse "
                   "as it was (exit status 130 or 143); the next run takes over what a killed\nrun left.",
    "epilog": _epilog(
        ("claimtrail run",
         "claimtrail run --full",
         "claimtrail run --input /data/pages --warehouse /data/pages.duckdb",
         "CLAIMTRAIL_WORKERS=1 claimtrail run       # everything in one process"),
        _ALL,
        {0: "published, with any documents the quality gate quarantined listed and kept aside (or nothing "
            "changed: the published warehouse is already up to date)",
         1: "not published: a blocking (run) rule failed, the gate would quarantine more than "
            "CLAIMTRAIL_MAX_QUARANTINE, a step failed, the warehouse stayed locked, or the run would remove more "
            "than CLAIMTRAIL_MAX_REMOVAL of the documents (--allow-removal lets it); the published warehouse is as "
            "it was",
         2: _USAGE},
        _INSTANCE),
}

SNAPSHOT = {
    "help": "copy the published warehouse to a new file for long query sessions",
    "description": "Copy the published warehouse into a new DuckDB file, holding the warehouse only while copying.\n"
                   "Query the copy as long as you like: runs are not blocked by it. Make a new one after the next "
                   "publish.",
    "epilog": _epilog(
        ("claimtrail snapshot /tmp/mine.duckdb",
         "claimtrail snapshot --warehouse /data/pages.duckdb /tmp/pages-copy.duckdb"),
        _READ,
        {0: "copied",
         1: "not copied: the new file exists, or the warehouse is missing, unreadable or stayed locked",
         2: _USAGE}),
}

SHOW = {
    "help": "write one document's HTML page: kept, removed and metadata spans, claims",
    "description": "Write the page of one published document and print its path: its source text with the kept\n"
                   "paragraphs marked, removed spans coloured by reason (a legend with counts), metadata spans "
                   "(title,\nbyline, date, ...), numeric claims highlighted with value, unit, qualifier and "
                   "attribution, a header\nper article; for a quarantined document, its reason. One self-contained "
                   "HTML file: no script, no\nnetwork, open it in any browser.\n\n"
                   "SOURCE_FILE is the document's source_file (its path relative to the input folder); a path "
                   "ending\nwith it works too (seeds/000_x.txt). The page goes to pages/ next to the warehouse "
                   "unless --out says.",
    "epilog": _epilog(
        ("claimtrail show 000_b941dce12b4c1646.txt",
         "claimtrail show seeds/000_b941dce12b4c1646.txt --out /tmp/page.html",
         "claimtrail show archive/report.html.gz --warehouse /data/pages.duckdb"),
        _READ,
        {0: "page written (its path on standard output)",
         1: "the warehouse is missing, unreadable or stayed locked",
         2: "no such source file in the warehouse (close matches are listed), or a usage error"}),
}

CLAIMS = {
    "help": "find the numeric claims in passages read on stdin (JSON lines out)",
    "description": "Run the claim finder on its own (no warehouse, no Dagster).\n\n"
                   "input:  standard input, UTF-8 text, one passage per line (a line is one passage: claims, "
                   "their\n        sentence and attribution are looked for within it).\n"
                   'output: standard output, one JSON object per input line: {"text": the passage, "claims": '
                   "[claim, ...]},\n        claims in order; each claim has these fields:\n"
                   + "\n".join(f"          {k.ljust(12)} {v}" for k, v in CLAIM_FIELDS.items()),
    "epilog": "\n\n".join([
        _examples(("echo 'Officials said at least 1,200 ships docked.' | claimtrail claims",
                   "claimtrail claims < passages.txt > claims.jsonl")),
        _environment(()),
        _exit_codes({0: "every line read and answered", 2: _USAGE})]),
}

UI = {
    "help": "serve the Dagster UI for a warehouse, with that warehouse's own instance",
    "description": "Start `dagster dev` on the claimtrail code location for one input folder and warehouse, with "
                   "DAGSTER_HOME\nset to that warehouse's instance, so that the UI shows its runs and only "
                   "its runs. `make ui` runs this.",
    "epilog": _epilog(
        ("claimtrail ui",
         "claimtrail ui --warehouse /data/pages.duckdb --input /data/pages --port 3001"),
        _ALL,
        {0: "the UI was stopped", 1: "the UI could not start (its exit status otherwise)", 2: _USAGE},
        _INSTANCE),
}
