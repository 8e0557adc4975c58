"""A page as a text browser dumps it (w3m, lynx): nested list levels drawn with open glyphs read as list items."""

from pipelines.core.clean import clean_text, unaccounted
from pipelines.core.clean.lines import split_lines

# a recipe page as `w3m -dump` draws it: the first list level with a filled bullet, deeper levels with open ones
DUMP = """Pickled Beetroot for the Winter Shelf

The beets from the allotment were small this year, which suits a jar: they pickle whole and keep their colour
through to February if the vinegar covers them by a finger.

  • Ingredients for four jars
      □ two kilos of small beetroot, scrubbed
      □ a litre of cider vinegar
          ☆ or white wine vinegar, for a paler brine
      ○ a tablespoon of mustard seed

Boil the beets until a knife slides in, peel them while warm and pack them tight. Pour the hot brine over, seal
and leave the jars a fortnight before the first one is opened.
"""


def test_open_glyphs_are_bullets():
    items = [ln for ln in split_lines(DUMP) if ln.bullet]
    assert [ln.core for ln in items] == [
        "Ingredients for four jars", "two kilos of small beetroot, scrubbed", "a litre of cider vinegar",
        "or white wine vinegar, for a paler brine", "a tablespoon of mustard seed"]


def test_glyph_without_a_space_is_text():
    # a glyph that opens a word is no bullet ("☆Editor's pick" is a label, "□" alone is a box)
    assert not any(ln.bullet for ln in split_lines("☆Editor's pick\n\n□\n\n○ \n"))


def test_the_list_stays_in_the_recipe():
    res = clean_text(DUMP)
    assert len(res.articles) == 1
    body = res.articles[0].body
    assert "a litre of cider vinegar" in body and "a tablespoon of mustard seed" in body
    assert not unaccounted(DUMP, res)
