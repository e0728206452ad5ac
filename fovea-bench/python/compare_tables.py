#!/usr/bin/env python3
"""Compares the Fovea column of two `fovea bench table` Markdown files (old and new jars, same call,
same machine: fovea-bench/device/oldnew.sh) and prints a Markdown table: each row's old and new
figure, new / old, and a flag where the new jars are more than LIMIT slower (times: larger; GB/s:
smaller). Usage: compare_tables.py OLD.md NEW.md [LIMIT=0.10] [NEW2.md ...: more rounds, medians]"""
import statistics
import sys


def fovea_cells(path):
    """{(section, row label): Fovea figure} from the table's sections."""
    out = {}
    section = ""
    header = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("## "):
            section = line[3:].split("(")[0].strip()
            header = []
            continue
        if not line.startswith("|") or set(line.strip()) <= set("|-: "):
            continue
        cells = [c.strip().replace("*", "") for c in line.strip().strip("|").split("|")]
        if not header:
            header = cells
            continue
        col = None
        for name in ("Fovea", "Fovea push", "Fovea async"):
            if name in header:
                col = header.index(name)
                break
        if col is None or col >= len(cells):
            continue
        key_cols = 2 if section.startswith(("Operations", "Size sweep")) else 1
        key = (section, " ".join(cells[:key_cols]))
        try:
            out[key] = {"value": float(cells[col]), "gbs": section.startswith("Transfers")}
            if section.startswith("Transfers") and "Fovea pull" in header:
                out[(section, key[1] + " pull")] = {
                    "value": float(cells[header.index("Fovea pull")]),
                    "gbs": True,
                }
        except ValueError:
            pass
    return out


def main():
    old = [fovea_cells(sys.argv[1])]
    new = [fovea_cells(sys.argv[2])]
    limit = float(sys.argv[3]) if len(sys.argv) > 3 else 0.10
    for extra in sys.argv[4:]:
        (old if "old" in extra else new).append(fovea_cells(extra))
    print("| section | row | old | new | new / old | more than %d %% slower? |" % round(limit * 100))
    print("|---|---|---:|---:|---:|---|")
    slower = 0
    for key in new[0]:
        if key not in old[0]:
            continue
        o = statistics.median(t[key]["value"] for t in old if key in t)
        n = statistics.median(t[key]["value"] for t in new if key in t)
        gbs = new[0][key]["gbs"]
        ratio = n / o if o else float("nan")
        bad = (ratio < 1 / (1 + limit)) if gbs else (ratio > 1 + limit)
        slower += bad
        print("| %s | %s | %g | %g | %.2f%s | %s |" % (key[0], key[1], o, n, ratio,
              " (GB/s)" if gbs else "", "**yes**" if bad else "no"))
    print("\n%d row(s) more than %d %% slower" % (slower, round(limit * 100)))


if __name__ == "__main__":
    main()
