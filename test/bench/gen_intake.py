#!/usr/bin/env python3
"""Realistic intake rows of Tula region (71) for test/bench/run, as CSV in the
columns of cuvr.intake (no header), cut into chunks for COPY.

    gen_intake.py OUTDIR ROWS CHUNK TRAIN [SPB_CSV_GZ [EXTRA]]

OUTDIR/train.csv         TRAIN good rows with the source's category: registered
                         before the measurement so that the classifier can be
                         trained (the measured rows then go through a real model).
OUTDIR/chunk_NNNNN.csv   ROWS rows in chunks of CHUNK rows; about 3 % of them are
                         bad (unknown region, unparsable time, unknown category,
                         empty text, unknown channel) and must stay in
                         cuvr.intake with their error.
OUTDIR/bad               how many bad rows were generated.
OUTDIR/cls_N.csv         (N = 1..4) EXTRA good rows each, all without a category:
                         intake with the classifier off and on, for its cost.
OUTDIR/profile.csv       EXTRA good rows, for the per-function profile.

Rows are built by test/demo/gen_appeals.py (channels, sources, kinds,
applicants, territories, coordinates, deadlines of ПОС rows; 10 % come without
a category and 5 % with the theme's catch-all only).  Texts: half from the
demo's templates (problem x place x detail), half from the St Petersburg
portal reports when SPB_CSV_GZ exists (read at run time only, never copied
into the repository), otherwise all from templates.  A fixed seed makes the
rows the same on every run, except that received_at follows the clock.
received_at spreads over ROWS / 2000 days, at least 60: 2,000 appeals a day.
"""

import csv
import gzip
import os
import random
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "demo"))
import gen_appeals as g  # noqa: E402

BAD_SHARE = 0.03
DAILY_APPEALS = 2000


def spb_pool(path):
    """(text, category code) of every St Petersburg report the demo's rules map."""
    pool = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            text = re.sub(r"(?:\bX+\b[ ,.]*){2,}", "[…] ", row["text"] or "")
            text = re.sub(r"\s+", " ", text).strip()
            if not 30 <= len(text) <= 1200:
                continue
            code = next((c for cat, reason, c in g.SPB_RULES
                         if cat in row["category"] and reason.lower() in row["reason"].lower()), None)
            if code:
                pool.append((text, code))
    return pool


def main():
    outdir, rows, chunk, train = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    spb = sys.argv[5] if len(sys.argv) > 5 else ""
    extra = int(sys.argv[6]) if len(sys.argv) > 6 else 0
    rng = random.Random(20261123)
    pool = spb_pool(spb) if spb and os.path.exists(spb) else []
    people = [g.person(rng) for _ in range(50000)]
    ids = {}

    # The rows arrive at 2,000 appeals a day, a large region's traffic:
    # received_at spreads over ROWS / 2000 days (at least the demo's 60), so
    # that a day holds what it would in life however many rows are made.
    spread_days = max(60, rows // DAILY_APPEALS)

    def row(categorised=False, uncategorised=False):
        if pool and rng.random() < 0.5:
            text, code = rng.choice(pool)
            subject = None
        else:
            code, subject, text = rng.choice(g.TEMPLATES)
        r = g.make_row(rng, text, code, subject, "intake", people, ids, spread_days=spread_days)
        if categorised:
            r["category"] = code
        if uncategorised:
            r["category"] = ""
        return [r[c] for c in g.INTAKE_COLUMNS]

    col = {c: i for i, c in enumerate(g.INTAKE_COLUMNS)}
    breakers = [("region", "99"), ("received_at", "вчера около 18:00"), ("category", "housing.unicorns"),
                ("text", ""), ("channel", "telegraph")]

    with open(os.path.join(outdir, "train.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        for _ in range(train):
            w.writerow(row(categorised=True))

    bad = 0
    n = 0
    part = 0
    while n < rows:
        part += 1
        with open(os.path.join(outdir, f"chunk_{part:05d}.csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            for _ in range(min(chunk, rows - n)):
                r = row()
                if rng.random() < BAD_SHARE:
                    key, value = breakers[bad % len(breakers)]
                    r[col[key]] = value
                    bad += 1
                w.writerow(r)
                n += 1
    for name, uncategorised in [("cls_1", True), ("cls_2", True), ("cls_3", True), ("cls_4", True), ("profile", False)]:
        if extra <= 0:
            break
        with open(os.path.join(outdir, name + ".csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            for _ in range(extra):
                w.writerow(row(uncategorised=uncategorised))
    with open(os.path.join(outdir, "bad"), "w") as f:
        f.write(f"{bad}\n")
    print(f"gen_intake: {rows} rows ({bad} bad) in {part} chunks of {chunk}, {train} training rows; "
          f"texts: templates{' + %d St Petersburg reports' % len(pool) if pool else ' only'}", file=sys.stderr)


if __name__ == "__main__":
    main()
