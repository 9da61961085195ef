#!/usr/bin/env python3
"""Generates Sources/ResidentID/RegionTable.generated.swift from the areacodes data set.

Usage (from the repository root):

    python3 scripts/generate-region-table.py ../shared/data/areacodes.csv \
        > Sources/ResidentID/RegionTable.generated.swift

The input is the CC0 `areacodes` CSV (columns 代码, 一级行政区, 二级行政区, 名称, 级别, 状态,
启用时间, 变更/弃用时间, 新代码): one row per period of an address code, so a code that was
renamed (状态 变更) has several rows. The output is a compact text table embedded in Swift and
decoded once at run time by `RegionTable` (see RegionTable.swift for the format).
"""
import csv
import sys

STATUS = {"在用": "U", "弃用": "R", "变更": "C"}
LEVEL = {"省级": 0, "地级": 1, "县级": 2}


def level_of(code: str) -> int:
    if code.endswith("0000"):
        return 0
    if code.endswith("00"):
        return 1
    return 2


def main(path: str) -> None:
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    rows.sort(key=lambda r: (r["代码"], int(r["启用时间"])))

    lines = []
    group = None
    previous_prefecture = None
    for r in rows:
        code = r["代码"]
        assert len(code) == 6 and code.isdigit(), code
        assert LEVEL[r["级别"]] == level_of(code), (code, r["级别"])
        start = int(r["启用时间"])
        end = int(r["变更/弃用时间"]) if r["变更/弃用时间"] else None
        assert 1980 <= start <= 2079 and (end is None or start <= end <= 2079), code
        status = STATUS[r["状态"]]
        assert (end is None) == (status == "U"), code
        name = r["名称"]
        prefecture = r["二级行政区"]
        for text in (name, prefecture):
            assert not any(ch in text for ch in ',=>#\\"\n'), text
        if level_of(code) != 2 or prefecture in ("", "直辖") or prefecture == name:
            prefecture_field = ""
        elif prefecture == previous_prefecture:
            prefecture_field = "="
        else:
            prefecture_field = prefecture
            previous_prefecture = prefecture
        successor = ""
        new_code = r["新代码"].strip()
        if status == "R" and len(new_code) == 6 and new_code.isdigit():
            successor = ">" + new_code
        if code[:4] != group:
            group = code[:4]
            lines.append("#" + group)
        lines.append(
            f"{code[4:]}{start - 1980:02d}{'--' if end is None else f'{end - 1980:02d}'}"
            f"{status}{prefecture_field},{name}{successor}"
        )

    out = sys.stdout
    out.write(
        "// GENERATED FILE, do not edit.\n"
        "//\n"
        "// The history of China's address codes (GB/T 2260) since 1981, from the `areacodes` data\n"
        "// set (CC0 1.0; licence in Sources/ResidentID/areacodes.LICENSE). Regenerate with:\n"
        "//\n"
        "//   python3 scripts/generate-region-table.py ../shared/data/areacodes.csv \\\n"
        "//     > Sources/ResidentID/RegionTable.generated.swift\n"
        "//\n"
        f"// {len(rows)} periods of {len({r['代码'] for r in rows})} codes. Format: see RegionTable.swift.\n"
        "\n"
        "extension RegionTable {\n"
        "  // swift-format-ignore\n"
        "  static let encoded = #\"\"\"\n"
    )
    for line in lines:
        out.write(line + "\n")
    out.write('"""#\n}\n')


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/areacodes.csv")
