"""The shipped HTML line model is what `make train` gives: the code still computes what the weights were fitted on."""

import json

from pipelines.core.model import loader
from train import probe


def test_html_weights_were_fitted_on_what_the_code_computes():
    meta = json.loads(loader.model_path("html").read_text(encoding="utf-8"))["meta"]
    assert "probe_sha256" in meta, "weights_html.json was not written by train.fit: run make train"
    assert probe.digest() == meta["probe_sha256"], (
        "the HTML model's features on tests/docs/html changed since weights_html.json was fitted: run make train "
        "(python -m train.fit --form html --check says whether the shipped file is what a fit gives)")


def test_probe_pages_exist_and_give_feature_rows():
    # a missing or unreadable page would leave the digest blind to what the model reads on it
    got = {name: probe.rows(probe.HERE / name) for name in probe.NAMES}
    assert sum(x is not None and len(x) > 0 for x in got.values()) >= 12
