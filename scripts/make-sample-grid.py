#!/usr/bin/env python3
"""Generate Config/grid.geojson: the grid map of the fictional city 江州市 (320500).

Deterministic (own SplitMix64, no `random`), Python 3 standard library only. Run from anywhere:

    python3 scripts/make-sample-grid.py

Layout: a 10 x 10 lattice of cells of about 250 m around 31.30 N, 120.60 E, with jittered
vertices that neighbouring cells share exactly. Each street is a two-column strip, each
community the lower or upper half of its street (2 x 5 cells):

    columns 0-1 望江街道 320506001   columns 2-3 清河街道 320506002   columns 4-5 文昌街道 320506003
    columns 6-7 滨江街道 320508001   columns 8-9 临江街道 320508002
    (清河区 320506 = columns 0-5, 临江区 320508 = columns 6-9)

花园社区 has a MultiPolygon cell (two squares with another cell between them); one 东湖社区 cell
has a hole that another 东湖社区 cell fills. 100 cells in all.

Sample points for the README tour (lat, lon -> cell), printed again when the script runs:
    31.29423, 120.59601 -> 320506002001006  桃源社区第6网格 (清河区 清河街道)
    31.30327, 120.60902 -> 320508002002003  金沙社区第3网格 (临江区 临江街道)
    31.30546, 120.59078 -> 320506001002007  东湖社区第7网格 (清河区 望江街道; in the hole of 东湖社区第6网格)
"""

import json
import math
import os

CITY = ("320500", "江州市")
DISTRICTS = {"320506": "清河区", "320508": "临江区"}
# (street code, street name, [(community code, community name) lower half, upper half])
STREETS = [
    ("320506001", "望江街道", [("320506001001", "花园社区"), ("320506001002", "东湖社区")]),
    ("320506002", "清河街道", [("320506002001", "桃源社区"), ("320506002002", "柳岸社区")]),
    ("320506003", "文昌街道", [("320506003001", "书院社区"), ("320506003002", "新华社区")]),
    ("320508001", "滨江街道", [("320508001001", "渔港社区"), ("320508001002", "江景社区")]),
    ("320508002", "临江街道", [("320508002001", "枫桥社区"), ("320508002002", "金沙社区")]),
]
COLUMNS, ROWS = 10, 10
CENTER_LAT, CENTER_LON = 31.30, 120.60
CELL_METRES = 250.0
DLAT = CELL_METRES / 111_320.0
DLON = CELL_METRES / (111_320.0 * math.cos(math.radians(CENTER_LAT)))
JITTER = 0.15  # of a cell, per axis, per vertex
SEED = 0x320500

# Special squares, as (column, row) of the whole lattice.
MULTI = ((0, 0), (0, 2))  # 花园社区: one cell made of two squares, (0, 1) between them
HOLE = (1, 7)  # 东湖社区: a cell with a hole, filled by the next cell


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFFFFFFFFFF

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def unit(self):
        return (self.next() >> 11) * 2.0**-53


def lattice_vertices():
    rng = SplitMix64(SEED)
    lon0 = CENTER_LON - COLUMNS / 2 * DLON
    lat0 = CENTER_LAT - ROWS / 2 * DLAT
    vertices = {}
    for row in range(ROWS + 1):
        for col in range(COLUMNS + 1):
            jx = (rng.unit() - 0.5) * 2 * JITTER
            jy = (rng.unit() - 0.5) * 2 * JITTER
            vertices[col, row] = (round(lon0 + (col + jx) * DLON, 6), round(lat0 + (row + jy) * DLAT, 6))
    return vertices


def bilinear(vertices, col, row, u, v):
    """The point at (u, v) of square (col, row), rounded like the stored vertices."""
    a, b = vertices[col, row], vertices[col + 1, row]
    d, c = vertices[col, row + 1], vertices[col + 1, row + 1]
    lon = (1 - v) * ((1 - u) * a[0] + u * b[0]) + v * ((1 - u) * d[0] + u * c[0])
    lat = (1 - v) * ((1 - u) * a[1] + u * b[1]) + v * ((1 - u) * d[1] + u * c[1])
    return (round(lon, 6), round(lat, 6))


def square_ring(vertices, col, row):
    """The counter-clockwise closed ring of square (col, row)."""
    corners = [(col, row), (col + 1, row), (col + 1, row + 1), (col, row + 1), (col, row)]
    return [list(vertices[corner]) for corner in corners]


def hole_ring(vertices, col, row):
    """A clockwise closed ring in the middle of square (col, row), for the hole."""
    uvs = [(0.3, 0.3), (0.3, 0.7), (0.7, 0.7), (0.7, 0.3), (0.3, 0.3)]
    return [list(bilinear(vertices, col, row, u, v)) for u, v in uvs]


def main():
    vertices = lattice_vertices()
    features = []
    samples = {}  # cell code -> (lat, lon, note) of a point well inside it

    def add(code, name, community, street, district, geometry, point, note=""):
        features.append({
            "type": "Feature",
            "properties": {
                "cell": code, "name": name,
                "community": community[0], "community_name": community[1],
                "street": street[0], "street_name": street[1],
                "district": district, "district_name": DISTRICTS[district],
            },
            "geometry": geometry,
        })
        samples[code] = (round(point[1], 5), round(point[0], 5), name, note, f"{DISTRICTS[district]} {street[1]}")

    for strip, (street_code, street_name, communities) in enumerate(STREETS):
        district = street_code[:6]
        for half, community in enumerate(communities):
            seq = 0
            for row in range(half * 5, half * 5 + 5):
                for col in (2 * strip, 2 * strip + 1):
                    if (col, row) == MULTI[1]:
                        continue  # the second part of the MultiPolygon, added with the first
                    seq += 1
                    code = f"{community[0]}{seq:03d}"
                    name = f"{community[1]}第{seq}网格"
                    center = bilinear(vertices, col, row, 0.5, 0.5)
                    args = (community, (street_code, street_name), district)
                    if (col, row) == MULTI[0]:
                        geometry = {"type": "MultiPolygon", "coordinates": [
                            [square_ring(vertices, *MULTI[0])], [square_ring(vertices, *MULTI[1])]]}
                        exclave = bilinear(vertices, *MULTI[1], 0.5, 0.5)
                        add(code, name, *args, geometry, exclave, "the second part of a MultiPolygon")
                    elif (col, row) == HOLE:
                        ring = hole_ring(vertices, col, row)
                        geometry = {"type": "Polygon", "coordinates": [square_ring(vertices, col, row), ring]}
                        add(code, name, *args, geometry, bilinear(vertices, col, row, 0.15, 0.15),
                            "has a hole")
                        host = name
                        seq += 1
                        code = f"{community[0]}{seq:03d}"
                        name = f"{community[1]}第{seq}网格"
                        filler = {"type": "Polygon", "coordinates": [list(reversed(ring))]}
                        add(code, name, *args, filler, center, f"in the hole of {host}")
                    else:
                        add(code, name, *args, {"type": "Polygon", "coordinates": [
                            square_ring(vertices, col, row)]}, center)

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "Config", "grid.geojson")
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    header = json.dumps({"type": "FeatureCollection", "name": f"{CITY[1]} {CITY[0]} 网格"}, ensure_ascii=False)
    with open(path, "w", encoding="utf-8") as out:
        out.write(header[:-1] + ',"features":[\n' + lines + "\n]}\n")
    print(f"wrote {len(features)} cells to {os.path.relpath(path, root)}")

    print("sample points (lat, lon -> cell):")
    specials = [code for code, sample in samples.items() if sample[3]]
    for code in ["320506002001006", "320508002002003"] + specials:
        lat, lon, name, note, units = samples[code]
        print(f"    {lat:.5f}, {lon:.5f} -> {code}  {name} ({units}" + (f"; {note})" if note else ")"))


if __name__ == "__main__":
    main()
