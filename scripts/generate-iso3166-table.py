#!/usr/bin/env python3
"""Generates Sources/ResidentID/ISO3166.generated.swift: the ISO 3166-1 country codes
(numeric, alpha-3, English short name) used to check the nationality digits of 2023 foreign
permanent resident IDs.

Usage (from the repository root; the data comes from Debian's `iso-codes` package):

    python3 scripts/generate-iso3166-table.py /usr/share/iso-codes/json/iso_3166-1.json \
        > Sources/ResidentID/ISO3166.generated.swift
"""
import json
import sys


def main(path: str) -> None:
    with open(path, encoding="utf-8") as f:
        countries = json.load(f)["3166-1"]
    countries.sort(key=lambda c: int(c["numeric"]))
    out = sys.stdout
    out.write(
        "// GENERATED FILE, do not edit.\n"
        "//\n"
        "// ISO 3166-1 countries: numeric code, alpha-3 code, English short name. Regenerate with:\n"
        "//\n"
        "//   python3 scripts/generate-iso3166-table.py /usr/share/iso-codes/json/iso_3166-1.json \\\n"
        "//     > Sources/ResidentID/ISO3166.generated.swift\n"
        "//\n"
        "// (Debian package `iso-codes`.) One line per country: `NNN AAA Name`.\n"
        "\n"
        "extension ISO3166 {\n"
        "  // swift-format-ignore\n"
        "  static let encoded = #\"\"\"\n"
    )
    for c in countries:
        name = c["name"]
        assert "\n" not in name and '"""' not in name
        out.write(f"{c['numeric']} {c['alpha_3']} {name}\n")
    out.write('"""#\n}\n')


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/iso-codes/json/iso_3166-1.json")
