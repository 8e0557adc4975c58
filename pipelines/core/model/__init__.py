"""A learned content/boilerplate model over the lines of a document: features, shipped weights, scoring.

Pure: numpy only at run time (no scikit-learn, no download); train/ writes the weights (`make train`).
"""
