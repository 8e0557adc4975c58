/* A document's physical lines split and measured in C: the same tuples as lines._scan_py, field for field.
 *
 * Hand-written because every line of every document goes through it (about a seventh of the text cleaner's time
 * in Python, most of it interpreter overhead around short regular expressions), and no maintained library splits
 * text into trimmed lines with their Markdown marks and sentence-shape measures. The character classes are
 * CPython's own predicates, the ones `re` reads \w, \s and \d with (Py_UNICODE_ISALNUM or "_", Py_UNICODE_ISSPACE,
 * Py_UNICODE_ISDECIMAL), so a line measures the same here as there in every script. The sets of marks, closers and
 * ranges are not spelt here: lines.py passes them, the same strings its regular expressions are built from.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

enum { MARK_FIRST, BULLET_FIRST, TERM_MARKS, TERM_CLOSERS, SOFT_MARKS, SOFT_CLOSERS, INNER_MARKS, INNER_CLOSERS,
       INNER_OPENERS, CAPITAL_RANGES, CJK_MARKS, CJK_RANGES, ROMAN, NSETS };

typedef struct {
    Py_UCS4 *ch[NSETS];
    Py_ssize_t n[NSETS];
} Sets;

typedef struct {
    int kind;
    const void *data;
} Text;

#define AT(t, i) PyUnicode_READ((t).kind, (t).data, (i))

static int in_set(const Sets *sets, int which, Py_UCS4 c)
{
    const Py_UCS4 *p = sets->ch[which];
    for (Py_ssize_t k = 0; k < sets->n[which]; k++)
        if (p[k] == c)
            return 1;
    return 0;
}

static int in_ranges(const Sets *sets, int which, Py_UCS4 c)
{
    const Py_UCS4 *p = sets->ch[which];
    for (Py_ssize_t k = 0; k + 1 < sets->n[which]; k += 2)
        if (p[k] <= c && c <= p[k + 1])
            return 1;
    return 0;
}

static int is_space(Py_UCS4 c) { return Py_UNICODE_ISSPACE(c); }
static int is_word(Py_UCS4 c) { return Py_UNICODE_ISALNUM(c) || c == '_'; }

/* _EMPH on t[s:e]: the length of its marks ("*", "**", "***", "_", ...), or 0 when it does not match */
static Py_ssize_t emphasis(Text t, Py_ssize_t s, Py_ssize_t e)
{
    Py_ssize_t len = e - s;
    if (len <= 0)
        return 0;
    Py_UCS4 mark = AT(t, s);
    if (mark != '*' && mark != '_')
        return 0;
    Py_ssize_t most = 0;
    while (most < 3 && most < len && AT(t, s + most) == mark)
        most++;
    for (Py_ssize_t k = most; k >= 1; k--) {   /* the greedy repeat gives back one mark at a time */
        if (k >= len || is_space(AT(t, s + k)) || len - 2 * k < 0)
            continue;
        int closes = 1;
        for (Py_ssize_t j = len - k; j < len; j++)
            if (AT(t, s + j) != mark) {
                closes = 0;
                break;
            }
        if (closes && !is_space(AT(t, s + len - k - 1)))
            return k;
    }
    return 0;
}

/* _NUMBERED on t[s:e]: "12. ", "b) ", "iv. " followed by a word */
static int numbered(const Sets *sets, Text t, Py_ssize_t s, Py_ssize_t e)
{
    Py_ssize_t len = e - s, digits = 0, roman = 0;
    while (digits < 3 && digits < len && Py_UNICODE_ISDECIMAL(AT(t, s + digits)))
        digits++;
    while (roman < 4 && roman < len && in_set(sets, ROMAN, AT(t, s + roman)))
        roman++;
    int letter = len > 0 && AT(t, s) < 128 && Py_UNICODE_ISALPHA(AT(t, s));
    Py_ssize_t most = digits > roman ? digits : roman;
    if (letter && most < 1)
        most = 1;
    for (Py_ssize_t p = 1; p <= most; p++) {
        if (!(p <= digits || p <= roman || (p == 1 && letter)))
            continue;
        if (p + 1 >= len)
            continue;
        Py_UCS4 c = AT(t, s + p);
        if ((c != '.' && c != ')') || !is_space(AT(t, s + p + 1)))
            continue;
        Py_ssize_t j = p + 1;
        while (j < len && is_space(AT(t, s + j)))
            j++;
        if (j < len)
            return 1;
    }
    return 0;
}

/* a mark of `marks` and then only closers of `closers` to the end of t[s:e] */
static int ends_on(const Sets *sets, int marks, int closers, Text t, Py_ssize_t s, Py_ssize_t e)
{
    while (e > s && in_set(sets, closers, AT(t, e - 1)))
        e--;
    return e > s && in_set(sets, marks, AT(t, e - 1));
}

/* _INNER_SENTENCE on t[s:e]: a sentence end inside the line, another sentence opening after it */
static int inner_sentence(const Sets *sets, Text t, Py_ssize_t s, Py_ssize_t e)
{
    for (Py_ssize_t i = s; i < e; i++) {
        Py_UCS4 c = AT(t, i);
        if (in_set(sets, CJK_MARKS, c)) {
            Py_ssize_t j = i + 1;
            while (j < e && is_space(AT(t, j)))
                j++;
            if (j < e)
                return 1;
            continue;
        }
        if (i - s < 2 || !in_set(sets, INNER_MARKS, c) || !is_word(AT(t, i - 1)) || !is_word(AT(t, i - 2)))
            continue;
        Py_ssize_t j = i + 1;
        while (j < e && in_set(sets, INNER_CLOSERS, AT(t, j)))
            j++;
        if (j >= e || !is_space(AT(t, j)))
            continue;
        while (j < e && is_space(AT(t, j)))
            j++;
        if (j < e && in_set(sets, INNER_OPENERS, AT(t, j)) && j + 1 < e && in_ranges(sets, CAPITAL_RANGES, AT(t, j + 1)))
            return 1;
        if (j < e && in_ranges(sets, CAPITAL_RANGES, AT(t, j)))
            return 1;
    }
    return 0;
}

/* the line's words: (count, the lower-cased words of an ASCII line or None); NULL on a memory error */
static PyObject *words(const Sets *sets, Text t, Py_ssize_t s, Py_ssize_t e, int ascii, Py_ssize_t *count)
{
    Py_ssize_t n = 0, cjk = 0;
    PyObject *list = ascii ? PyList_New(0) : NULL;
    if (ascii && list == NULL)
        return NULL;
    Py_ssize_t i = s;
    while (i < e) {
        Py_UCS4 c = AT(t, i);
        if (!ascii && in_ranges(sets, CJK_RANGES, c))
            cjk++;
        if (!is_word(c)) {
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < e && is_word(AT(t, j))) {
            if (!ascii && in_ranges(sets, CJK_RANGES, AT(t, j)))
                cjk++;
            j++;
        }
        n++;
        if (ascii) {
            PyObject *w = PyUnicode_New(j - i, 127);
            if (w == NULL) {
                Py_DECREF(list);
                return NULL;
            }
            Py_UCS1 *out = PyUnicode_1BYTE_DATA(w);
            for (Py_ssize_t k = i; k < j; k++) {
                Py_UCS4 a = AT(t, k);
                out[k - i] = (Py_UCS1)(a >= 'A' && a <= 'Z' ? a + 32 : a);
            }
            int failed = PyList_Append(list, w);
            Py_DECREF(w);
            if (failed) {
                Py_DECREF(list);
                return NULL;
            }
        }
        i = j;
    }
    if (n && !ascii)
        n += cjk / 2;
    *count = n;
    if (ascii)
        return list;
    Py_RETURN_NONE;
}

static PyObject *line_tuple(const Sets *sets, PyObject *src, Text t, Py_ssize_t s, Py_ssize_t e, int blank)
{
    Py_ssize_t n = e - s, cs = 0, ce = n;
    int level = 0, emph = 0, bullet = 0, quote = 0;
    if (in_set(sets, MARK_FIRST, AT(t, s))) {
        Py_UCS4 first = AT(t, s);
        Py_ssize_t h = 0;
        while (h < n && AT(t, s + h) == '#')
            h++;
        if (first == '#' && h <= 6 && h < n && is_space(AT(t, s + h))) {
            level = (int)h;
            cs = h;
            while (cs < n && is_space(AT(t, s + cs)))
                cs++;
            Py_ssize_t hashes = n;   /* \s+#+$ searched from cs: the closing hashes and the spaces before them */
            while (hashes > 0 && AT(t, s + hashes - 1) == '#')
                hashes--;
            if (hashes < n) {
                Py_ssize_t q = hashes;
                while (q > cs && is_space(AT(t, s + q - 1)))
                    q--;
                if (q < hashes)
                    ce = q;
            }
        } else {
            if (first == '>') {
                quote = 1;
                cs = 1 + (n > 1 && is_space(AT(t, s + 1)));
            }
            /* _BULLET is anchored with ^, which matches at the string's start only: never after a quote mark */
            if (cs == 0 && in_set(sets, BULLET_FIRST, first) && n > 1 && is_space(AT(t, s + 1))) {
                Py_ssize_t j = 1;
                while (j < n && is_space(AT(t, s + j)))
                    j++;
                if (j < n && !emphasis(t, s, s + n)) {
                    bullet = 1;
                    cs = j;
                }
            }
        }
        Py_ssize_t k = emphasis(t, s + cs, s + ce);
        if (k) {
            emph = 1;
            cs += k;
            ce -= k;
        }
        while (cs < ce && is_space(AT(t, s + cs)))
            cs++;
        while (ce > cs && is_space(AT(t, s + ce - 1)))
            ce--;
        if (cs >= ce) {   /* markup only ("***"): the whole line is its core */
            cs = 0, ce = n, level = emph = bullet = quote = 0;
        }
    }
    Py_ssize_t a = s + cs, b = s + ce;
    int ascii = 1;
    for (Py_ssize_t i = a; i < b; i++)
        if (AT(t, i) > 127) {
            ascii = 0;
            break;
        }
    Py_ssize_t count = 0;
    PyObject *low = words(sets, t, a, b, ascii, &count);
    if (low == NULL)
        return NULL;
    Py_UCS4 c0 = AT(t, a);
    PyObject *text = PyUnicode_Substring(src, s, e);
    PyObject *core = text ? PyUnicode_Substring(src, a, b) : NULL;
    if (core == NULL) {
        Py_XDECREF(text);
        Py_DECREF(low);
        return NULL;
    }
    /* N steals the references of text, core and low */
    return Py_BuildValue("nnNnnNiNNNNNnNNNNN", s, e, text, cs, ce, core, level, PyBool_FromLong(emph),
                         PyBool_FromLong(bullet), PyBool_FromLong(quote), PyBool_FromLong(blank),
                         PyBool_FromLong(!level && numbered(sets, t, a, b)), count,
                         PyBool_FromLong(ends_on(sets, TERM_MARKS, TERM_CLOSERS, t, a, b)),
                         PyBool_FromLong(ends_on(sets, SOFT_MARKS, SOFT_CLOSERS, t, a, b)),
                         PyBool_FromLong(inner_sentence(sets, t, a, b)),
                         PyBool_FromLong(Py_UNICODE_ISALPHA(c0) && Py_UNICODE_ISLOWER(c0)), low);
}

static PyObject *scan(PyObject *self, PyObject *args)
{
    PyObject *src, *osets;
    if (!PyArg_ParseTuple(args, "UO!", &src, &PyTuple_Type, &osets))
        return NULL;
    if (PyTuple_GET_SIZE(osets) != NSETS) {
        PyErr_Format(PyExc_ValueError, "scan: %d character sets expected", NSETS);
        return NULL;
    }
    Sets sets;
    memset(&sets, 0, sizeof sets);
    PyObject *out = NULL;
    for (int k = 0; k < NSETS; k++) {
        PyObject *o = PyTuple_GET_ITEM(osets, k);
        if (!PyUnicode_Check(o)) {
            PyErr_Format(PyExc_TypeError, "scan: character set %d is not a str", k);
            goto done;
        }
        sets.n[k] = PyUnicode_GET_LENGTH(o);
        sets.ch[k] = PyUnicode_AsUCS4Copy(o);
        if (sets.ch[k] == NULL)
            goto done;
    }
    Text t = {PyUnicode_KIND(src), PyUnicode_DATA(src)};
    Py_ssize_t len = PyUnicode_GET_LENGTH(src), prev_end = -1;
    out = PyList_New(0);
    if (out == NULL)
        goto done;
    Py_ssize_t i = 0;
    while (i < len) {   /* each run of characters other than "\n", trimmed, is a line unless it is blank */
        Py_ssize_t j = i;
        while (j < len && AT(t, j) != '\n')
            j++;
        Py_ssize_t s = i, e = j;
        while (s < e && is_space(AT(t, s)))
            s++;
        while (e > s && is_space(AT(t, e - 1)))
            e--;
        if (s < e) {
            int blank = 1;
            if (prev_end >= 0) {
                Py_ssize_t breaks = 0;
                for (Py_ssize_t k = prev_end; k < s && breaks < 2; k++)
                    breaks += AT(t, k) == '\n';
                blank = breaks >= 2;
            }
            PyObject *line = line_tuple(&sets, src, t, s, e, blank);
            if (line == NULL || PyList_Append(out, line) < 0) {
                Py_XDECREF(line);
                Py_CLEAR(out);
                goto done;
            }
            Py_DECREF(line);
            prev_end = e;
        }
        i = j + 1;
    }
done:
    for (int k = 0; k < NSETS; k++)
        PyMem_Free(sets.ch[k]);
    return out;
}


/* whether t[i:j] lower-cased is one of the stop words: 1, 0, or -1 on an error */
static int is_stop(PyObject *src, Text t, Py_ssize_t i, Py_ssize_t j, PyObject *stop)
{
    int ascii = 1;
    for (Py_ssize_t k = i; k < j; k++)
        if (AT(t, k) > 127) {
            ascii = 0;
            break;
        }
    PyObject *low;
    if (ascii) {
        low = PyUnicode_New(j - i, 127);
        if (low == NULL)
            return -1;
        Py_UCS1 *out = PyUnicode_1BYTE_DATA(low);
        for (Py_ssize_t k = i; k < j; k++) {
            Py_UCS4 a = AT(t, k);
            out[k - i] = (Py_UCS1)(a >= 'A' && a <= 'Z' ? a + 32 : a);
        }
    } else {   /* str.lower itself: its case mappings (a word may even grow: "İ") */
        PyObject *word = PyUnicode_Substring(src, i, j);
        low = word ? PyObject_CallMethod(word, "lower", NULL) : NULL;
        Py_XDECREF(word);
        if (low == NULL)
            return -1;
    }
    int hit = PySet_Contains(stop, low);
    Py_DECREF(low);
    return hit;
}

/* a line's word tokens (\w+ runs): (count, how many are stop words once lower-cased, how many open on a capital,
   their characters); the stop words are a set of lower-cased str */
static PyObject *counts(PyObject *self, PyObject *args)
{
    PyObject *src, *stop;
    if (!PyArg_ParseTuple(args, "UO", &src, &stop))
        return NULL;
    if (!PyAnySet_Check(stop)) {
        PyErr_SetString(PyExc_TypeError, "counts: the stop words are not a set");
        return NULL;
    }
    Text t = {PyUnicode_KIND(src), PyUnicode_DATA(src)};
    Py_ssize_t len = PyUnicode_GET_LENGTH(src), n = 0, stops = 0, caps = 0, chars = 0, i = 0;
    while (i < len) {
        if (!is_word(AT(t, i))) {
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < len && is_word(AT(t, j)))
            j++;
        n++;
        chars += j - i;
        caps += Py_UNICODE_ISUPPER(AT(t, i)) != 0;
        int hit = is_stop(src, t, i, j, stop);
        if (hit < 0)
            return NULL;
        stops += hit;
        i = j;
    }
    return Py_BuildValue("nnnn", n, stops, caps, chars);
}

static int case_word_first(Py_UCS4 c) { return Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISDECIMAL(c); }
static int case_word_more(Py_UCS4 c) { return is_word(c) || c == '\'' || c == 0x2019 || c == '-'; }

/* lines.case_style: "title", "sentence" or "unknown" from the words after the first ([^\W\d_][\w'’-]*) */
static PyObject *case_style(PyObject *self, PyObject *args)
{
    PyObject *src, *stop;
    if (!PyArg_ParseTuple(args, "UO!", &src, &PyFrozenSet_Type, &stop))
        return NULL;
    Text t = {PyUnicode_KIND(src), PyUnicode_DATA(src)};
    Py_ssize_t len = PyUnicode_GET_LENGTH(src), i = 0, seen = 0, content = 0, lower = 0;
    int cap_function = 0;
    while (i < len) {
        if (!case_word_first(AT(t, i))) {
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < len && case_word_more(AT(t, j)))
            j++;
        if (seen++ && j - i > 1) {   /* the first word is any line's capital; one letter tells nothing */
            int hit = is_stop(src, t, i, j, stop);
            if (hit < 0)
                return NULL;
            if (!hit) {
                content++;
                lower += Py_UNICODE_ISLOWER(AT(t, i)) != 0;
            } else if (Py_UNICODE_ISUPPER(AT(t, i)))
                cap_function = 1;
        }
        i = j;
    }
    const char *style = !content ? "unknown" : lower ? "sentence"
                      : (content >= 3 || cap_function) ? "title" : "unknown";
    return PyUnicode_FromString(style);
}

/* lines._capitalised: the whitespace-split words that open on a capital and are no stop word */
static PyObject *capitalised(PyObject *self, PyObject *args)
{
    PyObject *src, *stop;
    if (!PyArg_ParseTuple(args, "UO!", &src, &PyFrozenSet_Type, &stop))
        return NULL;
    Text t = {PyUnicode_KIND(src), PyUnicode_DATA(src)};
    Py_ssize_t len = PyUnicode_GET_LENGTH(src), i = 0, n = 0;
    while (i < len) {
        if (is_space(AT(t, i))) {
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < len && !is_space(AT(t, j)))
            j++;
        if (Py_UNICODE_ISUPPER(AT(t, i))) {
            int hit = is_stop(src, t, i, j, stop);
            if (hit < 0)
                return NULL;
            n += !hit;
        }
        i = j;
    }
    return PyLong_FromSsize_t(n);
}

/* features._char_tables' classes counted over text: (digit, upper, cased_upper, lower, letter, punct, nonascii,
   comma, pipe); a code point above U+FFFF counts as punctuation and non-ASCII only, as the tables have it */
static PyObject *char_classes(PyObject *self, PyObject *args)
{
    PyObject *src;
    if (!PyArg_ParseTuple(args, "U", &src))
        return NULL;
    Text t = {PyUnicode_KIND(src), PyUnicode_DATA(src)};
    Py_ssize_t len = PyUnicode_GET_LENGTH(src);
    Py_ssize_t digit = 0, upper = 0, cased = 0, lower = 0, letter = 0, punct = 0, nonascii = 0, comma = 0, pipe = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 c = AT(t, i);
        if (c > 0xFFFF) {
            punct++, nonascii++;
            continue;
        }
        int dec = Py_UNICODE_ISDECIMAL(c) != 0, alnum = Py_UNICODE_ISALNUM(c) != 0;
        digit += dec;
        upper += (c >= 65 && c <= 90) || (c >= 192 && c <= 222);
        cased += Py_UNICODE_ISUPPER(c) != 0;
        lower += Py_UNICODE_ISLOWER(c) != 0;
        letter += alnum && !dec;
        punct += !alnum && c != '_' && !is_space(c);
        nonascii += c > 127;
        comma += c == ',';
        pipe += c == '|';
    }
    return Py_BuildValue("nnnnnnnnn", digit, upper, cased, lower, letter, punct, nonascii, comma, pipe);
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_VARARGS,
     "scan(source_text, sets): every non-blank line of source_text as lines._scan_py gives it."},
    {"counts", counts, METH_VARARGS,
     "counts(text, stopwords): (tokens, stop words, capitalised, characters) as lines._counts_py gives them."},
    {"char_classes", char_classes, METH_VARARGS,
     "char_classes(text): features._char_tables' classes counted over text, in their order."},
    {"case_style", case_style, METH_VARARGS, "case_style(text, stopwords): lines._case_style_py of text."},
    {"capitalised", capitalised, METH_VARARGS, "capitalised(text, stopwords): lines._capitalised_py of text."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_scan", "A document's lines split and measured in C.",
                                    -1, methods};

PyMODINIT_FUNC PyInit__scan(void) { return PyModule_Create(&module); }
