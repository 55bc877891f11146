"""Write the constructed example catalogue: catalog.tle, catalog.json (OMM) and catalog.xml (OMM).

The elements are invented: realistic orbits for their kind (sun-synchronous imagers, a SAR, a
signals satellite, a Molniya orbit, a station), epochs on 31 October and 1 November 2024. They
are NOT published elements of any real satellite. Run from the repository root:

    .venv/bin/python examples/overflight/make_catalog.py
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from xml.sax.saxutils import escape

from sgp4 import exporter
from sgp4.api import WGS72, Satrec

HERE = Path(__file__).resolve().parent
EPOCH_ORIGIN = dt.datetime(1949, 12, 31, tzinfo=dt.UTC)
XPDOTP = 1440.0 / (2.0 * math.pi)

# name, catalogue, international designator, epoch, incl, RAAN, ecc, arg perigee, mean anomaly,
# mean motion (rev/day), BSTAR, ndot (rev/day^2 / 2)
SATELLITES = [
    ("EXAMPLE-EO-PRK-1", 99001, "2023-179A", "2024-11-01T03:12:45.120", 97.43, 8.50,
     0.0012, 87.30, 272.90, 15.2180, 3.2e-4, 4.1e-5),
    ("EXAMPLE-EO-RUS-1", 99002, "2022-081A", "2024-10-31T21:40:10.500", 97.62, 352.10,
     0.0009, 101.20, 258.95, 15.0540, 1.9e-4, 2.2e-5),
    ("EXAMPLE-SAR-RUS-1", 99003, "2023-095A", "2024-11-01T06:05:33.870", 97.41, 120.40,
     0.0004, 75.10, 285.05, 15.1920, 2.7e-4, 3.5e-5),
    ("EXAMPLE-SAR-CHN-1", 99004, "2022-160B", "2024-10-31T14:22:02.310", 97.51, 45.75,
     0.0011, 94.60, 265.60, 14.6020, 8.5e-5, 6.0e-6),
    ("EXAMPLE-SIGINT-RUS-1", 99005, "2021-042A", "2024-11-01T09:47:18.000", 67.14, 210.30,
     0.0017, 265.40, 94.55, 13.7150, 4.0e-5, 1.1e-6),
    ("EXAMPLE-HEO-RUS-1", 99006, "2022-138A", "2024-10-31T18:03:51.640", 63.40, 285.20,
     0.7205, 270.10, 12.40, 2.00610, 1.0e-4, 5.0e-7),
    ("EXAMPLE-STATION", 99007, "2021-035A", "2024-11-01T11:30:00.000", 41.47, 160.80,
     0.0006, 45.20, 314.95, 15.6150, 3.0e-4, 1.5e-4),
    ("EXAMPLE-EO-CHN-2", 400123, "2024-101C", "2024-11-01T00:55:27.400", 97.92, 15.60,
     0.0010, 88.80, 271.30, 15.0910, 1.6e-4, 1.8e-5),
]


def satrec(row: tuple) -> Satrec:
    _, number, _, epoch, incl, raan, ecc, argp, ma, n, bstar, ndot = row
    when = dt.datetime.fromisoformat(epoch).replace(tzinfo=dt.UTC)
    sat = Satrec()
    sat.sgp4init(WGS72, "i", number if number <= 339999 else 0,
                 (when - EPOCH_ORIGIN) / dt.timedelta(days=1), bstar, ndot / (XPDOTP * 1440.0),
                 0.0, ecc, math.radians(argp), math.radians(incl), math.radians(ma),
                 n / XPDOTP, math.radians(raan))
    sat.classification = "U"
    sat.intldesg = row[2][2:4] + row[2][5:]
    sat.elnum = 999
    sat.revnum = 1000
    return sat


def omm(row: tuple) -> dict:
    name, number, designator, epoch, incl, raan, ecc, argp, ma, n, bstar, ndot = row
    return {
        "OBJECT_NAME": name, "OBJECT_ID": designator, "EPOCH": epoch + "000",
        "MEAN_MOTION": n, "ECCENTRICITY": ecc, "INCLINATION": incl, "RA_OF_ASC_NODE": raan,
        "ARG_OF_PERICENTER": argp, "MEAN_ANOMALY": ma, "EPHEMERIS_TYPE": 0,
        "CLASSIFICATION_TYPE": "U", "NORAD_CAT_ID": number, "ELEMENT_SET_NO": 999,
        "REV_AT_EPOCH": 1000, "BSTAR": bstar, "MEAN_MOTION_DOT": ndot, "MEAN_MOTION_DDOT": 0,
    }


def main() -> None:
    lines = []
    for row in SATELLITES:
        if row[1] > 339999:
            continue  # a TLE cannot hold this catalogue number: only the OMM files carry it
        l1, l2 = exporter.export_tle(satrec(row))
        lines += [row[0], l1, l2]
    (HERE / "catalog.tle").write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = [omm(row) for row in SATELLITES]
    (HERE / "catalog.json").write_text(json.dumps(records, indent=1) + "\n", encoding="utf-8")
    segments = []
    for r in records:
        meta = "".join(f"<{k}>{escape(str(r[k]))}</{k}>" for k in ("OBJECT_NAME", "OBJECT_ID"))
        mean = "".join(f"<{k}>{r[k]}</{k}>" for k in (
            "EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE",
            "ARG_OF_PERICENTER", "MEAN_ANOMALY"))
        tle = "".join(f"<{k}>{r[k]}</{k}>" for k in (
            "EPHEMERIS_TYPE", "CLASSIFICATION_TYPE", "NORAD_CAT_ID", "ELEMENT_SET_NO",
            "REV_AT_EPOCH", "BSTAR", "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT"))
        segments.append(
            "  <omm id=\"CCSDS_OMM_VERS\" version=\"2.0\"><header><CREATION_DATE>"
            "2024-11-01T12:00:00</CREATION_DATE><ORIGINATOR>watchfloor example</ORIGINATOR>"
            "</header><body><segment><metadata>" + meta + "<CENTER_NAME>EARTH</CENTER_NAME>"
            "<REF_FRAME>TEME</REF_FRAME><TIME_SYSTEM>UTC</TIME_SYSTEM><MEAN_ELEMENT_THEORY>"
            "SGP4</MEAN_ELEMENT_THEORY></metadata><data><meanElements>" + mean
            + "</meanElements><tleParameters>" + tle + "</tleParameters></data></segment>"
            "</body></omm>"
        )
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<ndm>\n' + "\n".join(segments) + "\n</ndm>\n")
    (HERE / "catalog.xml").write_text(xml, encoding="utf-8")


if __name__ == "__main__":
    main()
