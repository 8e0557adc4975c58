"""Find numbers asserted as quantities in article text: value, range, qualifier, unit, sentence, source.

A grammar of our own, not a library: quantulum3 reads ranges as midpoints, counts years and has no
qualifiers; recognizers-text has no range model in Python and pins emoji<2; no spaCy English model
installs from the package index. The work is split by concern:
  numbers  one compiled pass that finds numbers and reads their values
  filters  which numbers are not claims (years, dates, identifiers, footnotes, pronoun 'one')
  context  qualifier, unit, sentence and attribution around a number
  extract  ranges, rates and the Claim rows
"""

from pipelines.core.claims.extract import QUALIFIERS, RECORD_FIELDS, Claim, claims_as_records, extract_claims

__all__ = ["QUALIFIERS", "RECORD_FIELDS", "Claim", "claims_as_records", "extract_claims"]
