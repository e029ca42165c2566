#!/usr/bin/python3
"""Writes the four small classification sets bundled with scikit-learn as CSV files beside this
script: iris.csv, wine.csv, breast_cancer.csv and digits.csv.

Each file has a header row (the feature names, made CSV-safe: lower case, runs of anything but
letters, digits and '_' turned into one '_') and ends with the column `label`: the class name
where scikit-learn has target_names (setosa, ..., malignant/benign, class_0..class_2), the digit
0..9 for digits. Numbers are written exactly as scikit-learn holds them, in Python's shortest
round-trip form (repr of the float64; integral values as integers, e.g. 5 not 5.0).

Run with the Python that has scikit-learn (Debian's python3-sklearn):

    /usr/bin/python3 src/test/resources/datasets/export_sklearn.py
"""
import csv
import os
import re

from sklearn import datasets

HERE = os.path.dirname(os.path.abspath(__file__))


def safe(name):
    """A feature name as a plain CSV header cell: no commas, quotes, spaces or brackets."""
    s = re.sub(r"[^0-9A-Za-z_]+", "_", name.strip().lower()).strip("_")
    return s or "feature"


def number(v):
    f = float(v)
    return str(int(f)) if f.is_integer() else repr(f)


def export(name, bunch, label_names):
    features = [safe(n) for n in bunch.feature_names]
    if len(set(features)) != len(features) or "label" in features:
        raise SystemExit(name + ": feature names collide after making them CSV-safe")
    path = os.path.join(HERE, name + ".csv")
    with open(path, "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(features + ["label"])
        for row, target in zip(bunch.data, bunch.target):
            w.writerow([number(v) for v in row] + [label_names(int(target))])
    print("wrote %s: %d rows x %d features" % (path, len(bunch.data), len(features)))


def main():
    for name, loader in (("iris", datasets.load_iris), ("wine", datasets.load_wine),
                         ("breast_cancer", datasets.load_breast_cancer)):
        bunch = loader()
        export(name, bunch, lambda t, names=bunch.target_names: str(names[t]))
    digits = datasets.load_digits()
    export("digits", digits, str)


if __name__ == "__main__":
    main()
