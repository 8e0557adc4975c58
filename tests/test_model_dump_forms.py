"""Two text models: a dump that carries link syntax (a scraper's Markdown, a text browser's link marks) is read by
the model that learnt from such dumps too ("md"); plain text by the text dump's ("txt"); either way the same
features, and the rules give the reasons."""

import json

import numpy as np

import pipelines.core.clean.learned as learned
from pipelines.core.clean import clean_text
from pipelines.core.clean.inline import inline_markup
from pipelines.core.clean.lines import split_lines
from pipelines.core.model import loader

STORY = ("The river authority opened the new lock on Thursday, two years after the old one cracked in a flood, and "
         "barges that had waited downstream since dawn went through before noon.")
MORE = ("Engineers had rebuilt the chamber with steel gates that close in four minutes, half the time the wooden "
        "ones took, so a tug with two barges now passes in under twenty minutes.",
        "Shippers said the closure had cost them dearly: grain went by lorry for two winters, at three times the "
        "price, and one family firm sold its last boat before the work was done.")
MENU = ["Home", "Rivers", "Boats", "Weather", "Maps", "Shop", "About", "Contact", "Jobs", "Press", "Help", "Events"]


def _markdown() -> str:
    nav = " | ".join(f"[{m}](/{m.lower()})" for m in MENU)
    body = "\n\n".join((STORY, *MORE))
    foot = "\n".join(f"* [{m} page](https://example.org/{m.lower()})" for m in MENU)
    return f"{nav}\n\n# New lock opens\n\n![A barge in the lock](/img/lock.jpg)\n\n{body}\n\n{foot}\n"


def _plain() -> str:
    return "\n".join(MENU) + "\n\nNew lock opens\n\n" + "\n\n".join((STORY, *MORE)) + "\n\nSee [1] for the figures.\n"


def test_a_markdown_dump_is_read_by_the_md_model_plain_text_by_the_txt_model():
    md = _markdown()
    assert learned.text_form(inline_markup(md)) == "md"
    assert learned.text_form(inline_markup(_plain())) == "txt"
    assert learned.text_form(None) == "txt"
    # a text with a few links or stars stays with the text model
    assert learned.text_form(inline_markup(STORY + " See [the report](/r.pdf) and *sic*.\n")) == "txt"


def test_the_md_model_scores_a_markdown_dump():
    md = _markdown()
    markup = inline_markup(md)
    lines = split_lines(md, markup=markup)
    p, x, threshold = learned.text_scores(lines, "md")
    assert threshold == loader.load("md").threshold
    model = loader.load("md")
    assert np.allclose(p, model.probabilities(x, x[:, learned.BLANK_COLUMN]))
    assert not np.allclose(p, loader.load("txt").probabilities(x, x[:, learned.BLANK_COLUMN]))
    result = clean_text(md)
    body = "\n".join(a.body for a in result.articles)
    assert all(p in body for p in (STORY, *MORE)) and "Weather" not in body


def test_the_md_weights_say_which_dump_styles_they_learnt_from():
    meta = json.loads(loader.model_path("md").read_text(encoding="utf-8"))["meta"]
    assert set(meta["dump_styles"]) >= {"soup", "markdownify"}
    assert "held out" in meta["trained_on"]
