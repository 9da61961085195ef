#!/usr/bin/env python3
"""Writes the small roster of the Ingest tests in every encoding and dialect of the data
contract (§2.1, §2.2). Run from anywhere: python3 Tests/IngestTests/Fixtures/make_fixtures.py

Every file reads to the same records (see RosterFixtureTests.swift). The CSV variants have
the same physical lines, so their records start on the same lines too:
  1 header (with two trailing empty columns)
  2 张三: ID in Excel's ="…" wrapper, a quoted comma in 备注
  3 李四: doubled quotes in 备注
  4 (blank line)
  5-6 王䶮: a newline inside a quoted 备注
  7 (a line of separators only)
  8 李𠈌: a tab and an emoji in 备注 (a 4-byte GB18030 character in the name)
  9 赵六: fewer fields than the header
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

HEADER = ["姓名", "身份证号", "性别", "出生日期", "对象类别", "户编号", "与户主关系", "县区",
          "乡镇（街道）", "村(社区)", "保障状态", "供养方式", "联系电话", "备注", "", ""]

# (values, index of a field written in Excel's ="…" wrapper or None)
ROWS = [
    (["张三", "62122520080101002X", "男", "2008-01-01", "孤儿", "", "", "西和县", "汉源镇", "城关村",
      "在保", "分散供养", "13800000000", "父母双亡,由祖父母抚养", "", ""], 1),
    (["李四", "11010519491231002X", "女", "1949-12-31", "特困人员", "H001", "户主", "西和县", "汉源镇",
      "北关村", "在保", "集中供养", "", '说"明"', "", ""], None),
    None,  # blank line
    (["王䶮", "622627199003070016", "男", "1990-03-07", "特困人员", "H001", "子女", "西和县", "汉源镇",
      "北关村", "在保", "分散供养", "", "第一行\n第二行", "", ""], None),
    "separators",  # a line of separators only
    (["李𠈌", "621225201001011234", "女", "2010-01-01", "事实无人抚养儿童", "", "", "西和县", "何坝镇",
      "何坝村", "在保", "社会散居", "", "甲\t乙😀", "", ""], None),
    (["赵六", "621225195501010011", "男"], None),
]

def quote(value, sep):
    if any(c in value for c in (sep, '"', "\n", "\r")):
        return '"' + value.replace('"', '""') + '"'
    return value

def csv_text(sep, eol):
    lines = [sep.join(quote(h, sep) for h in HEADER)]
    for row in ROWS:
        if row is None:
            lines.append("")
        elif row == "separators":
            lines.append(sep * (len(HEADER) - 1))
        else:
            values, wrapped = row
            cells = []
            for i, v in enumerate(values):
                cells.append('="' + v + '"' if i == wrapped else quote(v, sep))
            lines.append(sep.join(cells))
    return eol.join(lines) + eol

def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)

def main():
    write("roster-utf8-lf.csv", csv_text(",", "\n").encode("utf-8"))
    write("roster-utf8-bom-crlf.csv", b"\xef\xbb\xbf" + csv_text(",", "\r\n").encode("utf-8"))
    write("roster-gb18030-crlf.csv", csv_text(",", "\r\n").encode("gb18030"))
    write("roster-gb18030-lf.csv", csv_text(",", "\n").encode("gb18030"))
    write("roster-utf8-tab.tsv", csv_text("\t", "\n").encode("utf-8"))
    write("roster-utf16le-bom-tab.txt", b"\xff\xfe" + csv_text("\t", "\r\n").encode("utf-16-le"))
    write("roster-utf16be-bom-tab.txt", b"\xfe\xff" + csv_text("\t", "\r\n").encode("utf-16-be"))

    def esc(v, attr=False):
        v = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if attr:
            v = v.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
        return v

    tags = ["姓名", "身份证号", "性别", "出生日期", "对象类别", "户编号", "与户主关系", "县区", "乡镇",
            "村", "保障状态", "供养方式", "联系电话", "备注"]
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<残疾人名单>"]
    for row in ROWS:
        if row is None or row == "separators":
            continue
        values = row[0]
        out.append("  <记录>")
        for t, v in zip(tags, values):
            if v:
                out.append(f"    <{t}>{esc(v)}</{t}>")
        out.append("  </记录>")
    out.append("</残疾人名单>")
    write("roster-elements.xml", ("\n".join(out) + "\n").encode("utf-8"))

    names = ["name", "id_number", "sex", "birth_date", "category", "household_id", "relation",
             "county", "township", "village", "status", "support_mode", "phone", "note"]
    out = ['<?xml version="1.0" encoding="GB18030"?>', "<roster>"]
    for row in ROWS:
        if row is None or row == "separators":
            continue
        values = row[0]
        attrs = " ".join(f'{n}="{esc(v, True)}"' for n, v in zip(names, values) if v)
        out.append(f"  <person {attrs}/>")
    out.append("</roster>")
    write("roster-attributes-gb18030.xml", ("\n".join(out) + "\n").encode("gb18030"))

if __name__ == "__main__":
    main()
