/* The shipped trees walked row by row in C: the same raw scores as loader.Scorer._trees (numpy), bit for bit.
 *
 * Hand-written because the trees are our own padded complete-tree format (loader.py) and no maintained library
 * scores it without a dependency at run time (scikit-learn and LightGBM are train-only; treelite and tl2cgen
 * generate and compile C at run time). The numpy walk gathers every tree x row at every level; here each row
 * walks each tree in registers, in the order numpy sums them (tree 0 first, the intercept last), so the floats
 * are the same. Arguments are buffers (numpy arrays, C-contiguous), checked for their sizes.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#define BLOCK 32   /* rows walked together */

static int take(PyObject *obj, Py_buffer *view, Py_ssize_t items, Py_ssize_t itemsize, int writable,
                const char *name)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | (writable ? PyBUF_WRITABLE : 0)) < 0)
        return -1;
    if (view->itemsize != itemsize || view->len != items * itemsize) {
        PyErr_Format(PyExc_ValueError, "%s: %zd bytes of %zd-byte items, expected %zd items of %zd bytes",
                     name, view->len, view->itemsize, items, itemsize);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static PyObject *walk(PyObject *self, PyObject *args)
{
    PyObject *ox, *ofeat, *othr, *oval, *oout;
    Py_ssize_t n, nfeat, trees, depth;
    double intercept;
    if (!PyArg_ParseTuple(args, "OnnOOOnndO", &ox, &n, &nfeat, &ofeat, &othr, &oval, &trees, &depth, &intercept,
                          &oout))
        return NULL;
    if (n < 0 || nfeat <= 0 || trees <= 0 || depth <= 0 || depth > 30) {
        PyErr_SetString(PyExc_ValueError, "walk: bad shape");
        return NULL;
    }
    Py_ssize_t width = ((Py_ssize_t)1 << depth) - 1;   /* splits per tree; leaves per tree: width + 1 */
    Py_buffer bx, bf, bt, bv, bo;
    if (take(ox, &bx, n * nfeat, sizeof(double), 0, "x") < 0)
        return NULL;
    if (take(ofeat, &bf, trees * width, sizeof(int64_t), 0, "feature") < 0)
        goto fail_x;
    if (take(othr, &bt, trees * width, sizeof(double), 0, "threshold") < 0)
        goto fail_f;
    if (take(oval, &bv, trees * (width + 1), sizeof(double), 0, "value") < 0)
        goto fail_t;
    if (take(oout, &bo, n, sizeof(double), 1, "out") < 0)
        goto fail_v;
    const double *x = bx.buf, *thr = bt.buf, *val = bv.buf;
    const int64_t *feat = bf.buf;
    double *out = bo.buf;
    /* a split naming a feature the rows do not have would read past them: refused before any walk */
    for (Py_ssize_t k = 0; k < trees * width; k++) {
        if (feat[k] < 0 || feat[k] >= nfeat) {
            PyErr_Format(PyExc_ValueError, "walk: split %zd reads feature %lld of %zd", k, (long long)feat[k],
                         nfeat);
            goto fail_all;
        }
    }
    Py_BEGIN_ALLOW_THREADS
    /* rows in blocks, each tree walked for every row of the block before the next tree: the tree's splits stay
       in cache and the rows' walks, independent, overlap in the processor; each row still adds its trees in
       order, tree 0 first */
    for (Py_ssize_t i0 = 0; i0 < n; i0 += BLOCK) {
        Py_ssize_t m = n - i0 < BLOCK ? n - i0 : BLOCK;
        double sum[BLOCK];
        for (Py_ssize_t t = 0; t < trees; t++) {
            const int64_t *tf = feat + t * width;
            const double *tt = thr + t * width;
            const double *tv = val + t * (width + 1);   /* leaf of node k: tv[k - width] */
            Py_ssize_t r = 0;
            /* four rows' walks in one loop: four independent chains of loads for the processor to overlap */
            for (; r + 4 <= m; r += 4) {
                const double *r0 = x + (i0 + r) * nfeat, *r1 = r0 + nfeat, *r2 = r1 + nfeat, *r3 = r2 + nfeat;
                Py_ssize_t a = 0, b = 0, c = 0, e = 0;
                for (Py_ssize_t d = 0; d < depth; d++) {
                    a = 2 * a + 1 + (r0[tf[a]] > tt[a]);
                    b = 2 * b + 1 + (r1[tf[b]] > tt[b]);
                    c = 2 * c + 1 + (r2[tf[c]] > tt[c]);
                    e = 2 * e + 1 + (r3[tf[e]] > tt[e]);
                }
                if (t == 0) {
                    sum[r] = tv[a - width]; sum[r + 1] = tv[b - width];
                    sum[r + 2] = tv[c - width]; sum[r + 3] = tv[e - width];
                } else {
                    sum[r] += tv[a - width]; sum[r + 1] += tv[b - width];
                    sum[r + 2] += tv[c - width]; sum[r + 3] += tv[e - width];
                }
            }
            for (; r < m; r++) {
                const double *row = x + (i0 + r) * nfeat;
                Py_ssize_t node = 0;
                for (Py_ssize_t d = 0; d < depth; d++)
                    node = 2 * node + 1 + (row[tf[node]] > tt[node]);
                sum[r] = t == 0 ? tv[node - width] : sum[r] + tv[node - width];
            }
        }
        for (Py_ssize_t r = 0; r < m; r++)
            out[i0 + r] = sum[r] + intercept;
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&bo);
    PyBuffer_Release(&bv);
    PyBuffer_Release(&bt);
    PyBuffer_Release(&bf);
    PyBuffer_Release(&bx);
    Py_RETURN_NONE;
fail_all:
    PyBuffer_Release(&bo);
fail_v:
    PyBuffer_Release(&bv);
fail_t:
    PyBuffer_Release(&bt);
fail_f:
    PyBuffer_Release(&bf);
fail_x:
    PyBuffer_Release(&bx);
    return NULL;
}

static PyMethodDef methods[] = {
    {"walk", walk, METH_VARARGS,
     "walk(x, n, nfeat, feature, threshold, value, trees, depth, intercept, out): raw scores of n rows into out."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_walk", "The shipped trees walked in C.", -1, methods};

PyMODINIT_FUNC PyInit__walk(void) { return PyModule_Create(&module); }
