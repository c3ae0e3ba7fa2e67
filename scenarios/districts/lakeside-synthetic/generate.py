"""Writes the SYNTHETIC Lakeside ISD district (invented data; see README.md). Deterministic: no randomness.

Run from this folder: python3 generate.py
"""
import json

LON0, LAT0, CELL = -98.30, 31.00, 0.03          # south-west corner of a 3 x 3 grid of 0.03-degree cells
RATINGS = ["A", "B", "C", "D"]

schools = []     # sln, name, lat, lon, grade_low, grade_high, enrollment, econ_disadv, rating_2022, has_elem_zone
zones, tracts, overlap = [], [], []

def square(lon, lat, size):
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}

for row in range(3):            # south to north
    for col in range(3):        # west to east
        i = row * 3 + col
        sln = str(101 + i)
        lon, lat = LON0 + col * CELL, LAT0 + row * CELL
        enrollment = 420 + 40 * ((i * 7) % 5)
        # ED share falls from west (0.92) to east (0.22), a little lower to the north.
        ed_share = 0.92 - 0.30 * col - 0.05 * row
        schools.append([sln, f"LAKESIDE ELEMENTARY {sln} (SYNTHETIC)", round(lat + CELL / 2, 6),
                        round(lon + CELL / 2, 6), "PK", "05", enrollment, round(enrollment * ed_share),
                        RATINGS[(2 - col + row) % 4], 1])
        poverty = round(0.45 - 0.17 * col - 0.03 * row, 3)
        zones.append({"type": "Feature", "properties": {"sln": int(sln), "name": f"Zone {sln}", "acs_child_poverty_rate": poverty},
                      "geometry": square(lon, lat, CELL)})
        geoid = f"SYN{i + 1:03d}"
        tracts.append({"type": "Feature", "properties": {"geoid": geoid, "pop": 2500 + 300 * i, "child_poverty_rate": poverty},
                       "geometry": square(lon, lat, CELL)})
        overlap.append([geoid, sln, 1.0])

# Two choice campuses without a zone, and one excluded middle school.
schools.append(["901", "LAKESIDE MONTESSORI ACADEMY (SYNTHETIC)", round(LAT0 + 2.5 * CELL, 6), round(LON0 + 1.5 * CELL, 6), "PK", "05", 300, 150, "A", 0])
schools.append(["902", "LAKESIDE STEM ACADEMY (SYNTHETIC)", round(LAT0 + 0.5 * CELL, 6), round(LON0 + 2.2 * CELL, 6), "KG", "05", 240, 96, "B", 0])
schools.append(["950", "LAKESIDE MIDDLE SCHOOL (SYNTHETIC)", round(LAT0 + 1.5 * CELL, 6), round(LON0 + 1.2 * CELL, 6), "06", "08", 900, 560, "C", 0])

with open("schools.csv", "w") as f:
    f.write("sln,name,lat,lon,grade_low,grade_high,enrollment,econ_disadv,rating_2022,has_elem_zone\n")
    for s in schools:
        f.write(",".join(str(x) for x in s) + "\n")
crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
with open("elementary_zones.geojson", "w") as f:
    json.dump({"type": "FeatureCollection", "name": "lakeside_zones_synthetic", "crs": crs, "features": zones}, f, indent=1)
    f.write("\n")
with open("tracts.geojson", "w") as f:
    json.dump({"type": "FeatureCollection", "name": "lakeside_tracts_synthetic", "crs": crs, "features": tracts}, f, indent=1)
    f.write("\n")
with open("tract_zone_overlap.csv", "w") as f:
    f.write("geoid,elem_zone_sln,frac_of_tract_area\n")
    for o in overlap:
        f.write(f"{o[0]},{o[1]},{o[2]}\n")
