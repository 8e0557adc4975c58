"""The compiled line scan: built by the install, and the same lines and measures as the Python scan."""

import random

import pytest

from pipelines.core.clean import lines

# lines of our own in each shape the scan measures: headings, quotes, bullets, emphasis, numbering, sentence ends,
# closers, inner sentences, wide scripts, odd spaces
PAGE = "\n".join([
    "# Harbour works resume ##", "### ", "####### seven hashes", "## Title ### ###", "> quoted line", ">",
    "> - not a bullet after a quote", "- a bullet", "* starred bullet", "**bold line**", "***", "* *", "__under__",
    "- **bold item**", "□ nested level", "–dash glued", "12. Methods", "iv) Fourth", "b. second item",
    "1234. too long a number", "ii.x", "It rained. Then it stopped", "“Quoted.” Next one", "The end.”", "Note:",
    "Wait;", "城市は静かだ。明日も", "東京」", "Ünïcödé wörds ßtraße", "a\u00a0b\u2028c", "", "   ", "\t tab line \t",
    "ｆｕｌｌ　ｗｉｄｔｈ", "٣٤ digits", "ⅷ. roman numeral sign", "Kelvin ſ", "_", "x",
])


def test_compiled_scan_is_built():
    # pip install builds it wherever there is a C compiler (setup.py); the project's machines all have one
    assert lines.SCAN == "c", "pipelines/core/clean/_scan.c was not built: reinstall with pip install -e ."


def test_same_lines_as_python_on_a_page():
    assert lines._scan_c(PAGE, lines._SCAN_SETS) == lines._scan_py(PAGE)
    assert lines._scan_c("\n\n" + PAGE + "\n", lines._SCAN_SETS) == lines._scan_py("\n\n" + PAGE + "\n")


@pytest.mark.parametrize("seed", range(4))
def test_same_lines_as_python_on_random_text(seed):
    rng = random.Random(seed)
    alphabet = list("abcXYZ019 _*#>-•–□.!?…。！？:;'\"”’»)]」』“‘«(\t\n\r\u00a0\u2028ÀÞß漢字한ⅷ٣ſK")
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert lines._scan_c(text, lines._SCAN_SETS) == lines._scan_py(text), repr(text)


def test_scan_reads_the_marks():
    got = {row[2]: row for row in lines.scan(PAGE)}
    assert got["# Harbour works resume ##"][5:7] == ("Harbour works resume", 1)
    assert got["> - not a bullet after a quote"][7:10] == (False, False, True)   # emphasis, bullet, quote
    assert got["**bold line**"][5] == "bold line" and got["**bold line**"][7]
    assert got["12. Methods"][11] and not got["1234. too long a number"][11]
    assert got["It rained. Then it stopped"][15] and got["The end.”"][13]


def test_scan_refuses_wrong_sets():
    with pytest.raises(ValueError):
        lines._scan_c("a", lines._SCAN_SETS[:-1])
    with pytest.raises(TypeError):
        lines._scan_c("a", (*lines._SCAN_SETS[:-1], 5))


@pytest.mark.parametrize("seed", range(3))
def test_same_token_counts_as_python(seed):
    rng = random.Random(seed)
    alphabet = [*"abcXYZ019 _.,-İıßﬁΣσςǅ漢字ⅷ٣ſK", "The ", "and ", "OF ", "Über "]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        assert lines._counts_c(text, lines.STOPWORDS) == lines._counts_py(text), repr(text)


def test_token_counts():
    # tokens, stop words, capitalised, characters
    assert lines.token_counts("The harbour and THE quay_2 reopened") == (6, 3, 2, 30)
    assert lines.token_counts("") == (0, 0, 0, 0)
    with pytest.raises(TypeError):
        lines._counts_c("a", ["the"])


@pytest.mark.parametrize("seed", range(3))
def test_same_case_style_as_python(seed):
    rng = random.Random(seed)
    alphabet = [*"abcXYZ019 _'’-İıßΣσǅ漢ⅷ²٣.,\t", "The ", "and ", "OF ", "Über ", "With ", "On ", "Talks "]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert lines._case_style_c(text, lines.STOPWORDS) == lines._case_style_py(text), repr(text)
        assert lines._capitalised_c(text, lines.STOPWORDS) == lines._capitalised_py(text), repr(text)


def test_case_style():
    assert lines.case_style("Harbour Works Resume After Long Delay") == "title"
    assert lines.case_style("Harbour works resume after a delay") == "sentence"
    assert lines.case_style("Talks On Budget") == "title"      # a capitalised function word mid-line
    assert lines.case_style("Budget") == "unknown"
    assert lines._capitalised("Harbour Works of The Town") == 3


def test_same_character_classes_as_the_tables():
    from pipelines.core.clean import features

    rng = random.Random(11)
    alphabet = [*"aZ09_ ,|.-À×Þßſ漢ⅷ²٣\t\u00a0\u2028", "\U0001f600", "\U0001d400", "\ud800", "\udfff"]
    cores = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    tables = features._char_counts(cores)
    for k, core in enumerate(cores):
        assert lines.char_classes(core) == tuple(int(tables[name][k]) for name in features._CLASSES), repr(core)
