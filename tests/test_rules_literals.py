"""The rules' literal key lists as one automaton: the same answers as a substring test per key."""

from __future__ import annotations

import random

import pytest

from pipelines.core.clean import boilerplate as bp
from pipelines.core.rules.literals import KeyLists


def _by_hand(lists, text):
    return sum(1 << k for k, keys in enumerate(lists) if any(key in text for key in keys))


def test_mask_names_every_list_a_key_of_is_in_the_text():
    lists = (["cookie", "consent"], ["sign up", "mail"], ["©", "|"])
    keys = KeyLists(*lists)
    assert keys.mask("accept every cookie | sign up by e-mail") == 0b111
    assert keys.mask("nothing of the sort") == 0
    assert keys.mask("©2024") == 0b100
    assert keys.mask("a consent form") == 0b1 and keys.mask("") == 0


def test_a_key_of_two_lists_sets_both_bits():
    assert KeyLists(["rights"], ["rights", "reserved"]).mask("all rights") == 0b11


def test_no_keys_match_nothing():
    keys = KeyLists([], [])
    assert keys.mask("anything") == 0


def test_an_empty_key_is_refused():
    with pytest.raises(ValueError):
        KeyLists(["ok", ""])


def test_the_boilerplate_key_lists_answer_as_substring_tests_on_random_text():
    lists = (bp._COOKIE_KEYS, bp._NEWSLETTER_KEYS, bp._CAPTION_KEYS, bp._FOOTER_KEYS, bp._FORM_KEYS)
    alphabet = "abcdeilmnoprstuyz ©|/()&;-'" + "".join(k for keys in lists for k in keys)
    rng = random.Random(13)
    pieces = [k for keys in lists for k in keys]
    for _ in range(5000):
        # random letters with keys (and parts of keys) spliced in
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        for _ in range(rng.randint(0, 2)):
            key = rng.choice(pieces)
            cut = rng.randint(1, len(key))
            text += key[:cut] if rng.random() < 0.5 else key
        assert bp._KEYS.mask(text) == _by_hand(lists, text), text
