#!/usr/bin/env python3
"""metrics-sampler.py: a time line of Prometheus series, for tests that need to know
when something happened (e.g. how long after an outage dirty bytes drained).

  metrics-sampler.py URL OUT INTERVAL COLUMN...

COLUMN is NAME or NAME{PART,PART...}: the sum of the values of the series called NAME
whose label text contains every PART (e.g. 'dfs_cache_uploads_total{result="error"}',
'dfs_operation_errors_total{op="read,status="AGAIN"}' for op "read" and "read_into").
Every INTERVAL seconds (until killed) one line is appended to OUT and flushed:

  <unix time> ok <value of column 1> <value of column 2> ...
  <unix time> down <error>          (no answer within 2 s)

Values are printed as integers. Only the standard library.
"""
import sys
import time
import urllib.request


def parse(spec):
    if "{" in spec and spec.endswith("}"):
        name, parts = spec[:-1].split("{", 1)
        return name, [p for p in parts.split(",") if p]
    return spec, []


def sample(text, columns):
    sums = [0.0] * len(columns)
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        series, _, value = line.rpartition(" ")
        name, _, labels = series.partition("{")
        try:
            v = float(value)
        except ValueError:
            continue
        for i, (n, parts) in enumerate(columns):
            if name == n and all(p in labels for p in parts):
                sums[i] += v
    return " ".join(str(int(s)) for s in sums)


def main(argv):
    if len(argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    url, out, interval = argv[1], argv[2], float(argv[3])
    columns = [parse(c) for c in argv[4:]]
    with open(out, "a") as f:
        f.write("# time state " + " ".join(argv[4:]) + "\n")
        while True:
            t = time.time()
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    line = f"{t:.3f} ok {sample(r.read().decode('utf-8', 'replace'), columns)}"
            except Exception as e:  # any failure is a "down" sample, with its reason
                line = f"{t:.3f} down {type(e).__name__}"
            f.write(line + "\n")
            f.flush()
            time.sleep(max(0.0, interval - (time.time() - t)))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
