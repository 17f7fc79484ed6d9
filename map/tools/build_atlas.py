"""Builds map/data/kaltim-atlas.json.gz, the boundaries and places the app checks and searches.

Input: GADM 4.1 for Indonesia as GeoJSON (levels 1-4, from the npm package geojson-indonesia
1.0.1) and the region codes and names of idn-area-data (server/data/idn-area, ODbL).
Output: for Kalimantan Timur, every Kab/Kota and kecamatan as polygons, every kelurahan/desa
as one point inside it; the neighbouring provinces' outlines, so that a point outside the
province can be named. Names and codes are the Kemendagri ones of idn-area-data where a name
matches; GADM files Mahakam Ulu's kecamatan under Kutai Barat, so that Kab is assembled here
from its kecamatan. Run by scripts/build-map.sh.
"""

import csv
import gzip
import json
import math
import re
import sys
from pathlib import Path

from shapely.geometry import mapping, shape
from shapely.ops import unary_union

gadm_dir, idn_dir, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
PROVINCE = "KalimantanTimur"
NEIGHBOURS_BBOX = (111.0, -5.0, 122.5, 5.0)
DIGITS = 5  # ~1 m at the equator: finer than the source


def norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def norm_regency(name: str) -> str:
    return norm(re.sub(r"^(kabupaten|kota)\s+", "", name.lower()))


# GADM spellings that differ from Kemendagri's.
ALIASES = {"Semboja": "Samboja", "PasirBelengkong": "Paser Belengkong"}


def split_camel(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)


def title(name: str) -> str:
    return " ".join(w.capitalize() if w.isupper() or w.islower() else w for w in name.split())


def read_csv(name):
    with gzip.open(idn_dir / name, "rt", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load(level):
    with open(gadm_dir / f"gadm41_IDN_{level}.json", encoding="utf-8") as f:
        return json.load(f)["features"]


def rounded(geom):
    def r(c):
        if isinstance(c[0], (int, float)):
            return [round(c[0], DIGITS), round(c[1], DIGITS)]
        return [r(x) for x in c]

    g = mapping(geom)
    polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
    return r([list(p) for p in polys])


regencies = [r for r in read_csv("regencies.csv.gz") if r["code"].startswith("64.")]
districts = [d for d in read_csv("districts.csv.gz") if d["code"].startswith("64.")]
villages = [v for v in read_csv("villages.csv.gz") if v["code"].startswith("64.")]

regency_by_norm = {norm_regency(r["name"]): r for r in regencies}
districts_by_norm = {}
for d in districts:
    districts_by_norm.setdefault(norm(d["name"]), []).append(d)
villages_by_district = {}
for v in villages:
    villages_by_district.setdefault(v["district_code"], {})[norm(v["name"])] = v

# Kecamatan: the unit everything else is built from.
out_districts, unmatched = [], []
regency_geoms = {}
for f in load(3):
    p = f["properties"]
    if p["NAME_1"] != PROVINCE:
        continue
    geom = shape(f["geometry"]).buffer(0)
    gadm_regency = regency_by_norm[norm(p["NAME_2"])]
    candidates = districts_by_norm.get(norm(ALIASES.get(p["NAME_3"], p["NAME_3"])), [])
    # GADM files Mahakam Ulu (64.11) under Kutai Barat (64.07): look in both.
    allowed = {gadm_regency["code"]} | ({"64.11"} if gadm_regency["code"] == "64.07" else set())
    match = next((d for d in candidates if d["regency_code"] in allowed), None)
    if match:
        code, regency_code, name = match["code"], match["regency_code"], match["name"]
    else:
        unmatched.append(p["NAME_3"])
        code, regency_code, name = "", gadm_regency["code"], split_camel(p["NAME_3"])
    regency_geoms.setdefault(regency_code, []).append(geom)
    out_districts.append(
        {"code": code, "regency": regency_code, "name": title(name), "gid": p["GID_3"], "geom": geom}
    )

out_regencies = []
for r in regencies:
    geom = unary_union(regency_geoms[r["code"]]).buffer(0)
    out_regencies.append({"code": r["code"], "name": title(r["name"]), "geom": geom})

# Kelurahan/desa: one point inside each (shapely's representative_point).
by_gid = {d["gid"]: d for d in out_districts}
out_villages = []
for f in load(4):
    p = f["properties"]
    if p["NAME_1"] != PROVINCE:
        continue
    d = by_gid[p["GID_3"]]
    v = villages_by_district.get(d["code"], {}).get(norm(split_camel(p["NAME_4"])))
    name = v["name"] if v else split_camel(p["NAME_4"])
    pt = shape(f["geometry"]).buffer(0).representative_point()
    out_villages.append(
        {
            "code": v["code"] if v else "",
            "district": d["code"],
            "regency": d["regency"],
            "name": title(name),
            "kind": p["TYPE_4"],
            "lat": round(pt.y, DIGITS),
            "lng": round(pt.x, DIGITS),
        }
    )

# Neighbouring provinces, to name where a point outside Kalimantan Timur is.
x0, y0, x1, y1 = NEIGHBOURS_BBOX
out_provinces = []
for f in load(1):
    p = f["properties"]
    if p["NAME_1"] == PROVINCE:
        continue
    geom = shape(f["geometry"]).buffer(0)
    bx0, by0, bx1, by1 = geom.bounds
    if bx1 < x0 or bx0 > x1 or by1 < y0 or by0 > y1:
        continue
    geom = geom.simplify(0.002)
    out_provinces.append({"name": split_camel(p["NAME_1"]), "geom": geom})


def mean_segment_m(geoms):
    total, n = 0.0, 0
    for g in geoms:
        for poly in getattr(g, "geoms", [g]):
            cs = list(poly.exterior.coords)
            for (ax, ay), (bx, by) in zip(cs, cs[1:]):
                dx = (bx - ax) * 111320 * math.cos(math.radians((ay + by) / 2))
                dy = (by - ay) * 110574
                total += math.hypot(dx, dy)
                n += 1
    return total / max(n, 1), n


seg, vertices = mean_segment_m([d["geom"] for d in out_districts])
atlas = {
    "source": "GADM 4.1 (gadm.org), via npm geojson-indonesia 1.0.1; names and codes: idn-area-data 3.1.2",
    "licence": "GADM: free for non-commercial use, redistribution only with GADM's permission; idn-area-data: ODbL 1.0",
    "precision": f"kecamatan outlines with {vertices} vertices, mean spacing {seg:.0f} m",
    "provinces": [{"name": p["name"], "polygons": rounded(p["geom"])} for p in out_provinces],
    "regencies": [{"code": r["code"], "name": r["name"], "polygons": rounded(r["geom"])} for r in out_regencies],
    "districts": [
        {"code": d["code"], "regency": d["regency"], "name": d["name"], "polygons": rounded(d["geom"])}
        for d in out_districts
    ],
    "villages": out_villages,
}
with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as f:
    json.dump(atlas, f, separators=(",", ":"), ensure_ascii=False)
print(
    f"{len(out_regencies)} Kab/Kota, {len(out_districts)} kecamatan ({len(unmatched)} without a Kemendagri code: "
    f"{', '.join(unmatched)}), {len(out_villages)} kelurahan/desa, {len(out_provinces)} neighbouring provinces; "
    f"{atlas['precision']}",
)
