#!/usr/bin/env python3
"""Writes SampleData/: a small, realistic roster set for Xihe County (西和县, 621225) in which
every kind of problem rostercheck knows is planted on purpose. Every person is synthetic: the
IDs are built here with valid check characters and belong to nobody.

    python3 scripts/make-sample-data.py        # rewrites SampleData/*.csv|xml

Files:
  civil-affairs-xihe.csv   民政 roster, Excel "CSV" on Chinese Windows: GB18030, CRLF
  disability-xihe.xml      残联 export, UTF-8 XML
  deaths-xihe.csv          deaths / cancellations, UTF-8 with BOM

What each row is for is written next to it below and summarized in SampleData/README.md.
"""
import os
import unicodedata

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def check(body17):
    return CHECK[sum(int(d) * w for d, w in zip(body17, WEIGHTS)) % 11]


def region_for(birth):
    """Xihe County's code in force when a person born then was first registered:
    622527 (天水地区) before 1985, 622627 (陇南地区) 1985–2003, 621225 (陇南市) since 2004."""
    year = int(birth[:4])
    return "621225" if year >= 2004 else "622627" if year >= 1985 else "622527"


def ident(birth, seq, region=None):
    body = (region or region_for(birth)) + birth + seq
    assert len(body) == 17, body
    return body + check(body)


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" or c == "X" else c for c in s)


HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "SampleData")

# ----------------------------------------------------------------------------------------------
# People
# ----------------------------------------------------------------------------------------------
# Orphans and de-facto-unsupported children
LI_NA = ident("20120304", "022")          # orphan, 汉源镇
WANG_XIAOMING = ident("20150611", "015")  # orphan, also disabled (cross-source)
ZHAO_YU = ident("20081125", "046")        # orphan, turned 18 on 2026-11-25: aged out
ZHAO_YU_TWIN = ident("20081127", "038")   # orphan, turns 18 on 2026-11-27: still eligible
SUN_LE = ident("20160909", "028")         # orphan in a welfare institution (机构养育): unsuitable
CHEN_XI = ident("20130101", "064")        # de-facto-unsupported child
ZHOU_AN = ident("20110520", "087")        # de-facto-unsupported, recorded birth date disagrees
MA_ALI = ident("20140302", "053")         # Hui child, name with a middle dot

# 特困 households
H1_HEAD = ident("19480315", "011")        # 张福贵, head
H1_SPOUSE = ident("19500812", "024")      # 刘桂兰, spouse
H2_HEAD = ident("19420101", "033")        # 李老汉, 五保户 (legacy name), one-person household
H3_HEAD = ident("19390720", "019")        # 王德顺, died (deaths list)
H3_SPOUSE = ident("19430214", "042")      # 何秀英, survives: household of one
H4_HEAD = ident("19551010", "057")        # 杨建国, 停保: inactive household
H5_HEAD = ident("19460606", "071")        # 赵有财, 集中供养 in the county care home: unsuitable
H6_HEAD = ident("19520418", "093")        # 马占山, head
H6_SON = ident("19780923", "115")         # 马小平, severely disabled: covered by the household
H7_HEAD = ident("19600105", "132")        # 冯秀珍, grandmother
H7_CHILD = ident("20170808", "147")       # 冯小宝, orphan in a 特困 household: paired as a child
H8_HEAD = ident("19580330", "159")        # 何满仓, also listed in household H1: conflict

# Severely disabled persons in hardship (disability roster)
DIS_A = ident("19700512", "171")          # 吴建华, grade 1, 低保
DIS_B = ident("19650201", "186")          # 郑玉梅, grade 2, 特困
DIS_C = ident("19820715", "197")          # 钱多多, grade 3: not severe
DIS_D = ident("19750925", "204")          # 孙立, grade 1, no hardship in 残联 roster, 低保 in 民政
DIS_E = ident("19880808", "213")          # 林平, grade 1, no hardship at all
DIS_F = ident("19711111", "226")          # 周大勇, died (deaths list)
DIS_G = ident("19690303", "232")          # 黄春花, certificate for another ID
DIS_H = ident("19770414", "245")          # 许文, certificate grade digit disagrees
DIS_I = ident("19830618", "251")          # 韩梅, re-issued certificate (B1)
DIS_J = ident("19740101", "262")          # 張偉 in 残联 (traditional), 张伟 in 民政

# ID damage
FULLWIDTH = ident("19590909", "275")      # typed in full-width digits
SPACED = ident("19620202", "283")         # typed with spaces and hyphens
LOWER_X = "621225196108080" + "31"        # completed below to end in x
EXCEL_TEXT = ident("19630303", "307")     # Excel ="…" wrapper
QUOTED = ident("19640404", "318")         # leading apostrophe
ZERO_WIDTH = ident("19660606", "321")     # zero-width space inside
SCIENTIFIC = "6.21225E+17"                 # Excel scientific notation
ZEROED = ident("19670707", "337")[:15] + "000"   # Excel zeroed: check fails
ZERO_OK = None                            # a real ID ending in 000 that passes, found below
TYPO_BASE = ident("19570505", "348")      # 郭强: correct ID in 民政 …
LEGACY15 = "622527" + "560101" + "363"    # 15-digit legacy ID (upgraded to 18)
RETIRED = ident("19900101", "374", region="622627")   # 陇南地区西和县 1985–2004: retired, valid
NOT_YET = ident("19800101", "385", region="621225")  # 621225 came into use in 2004: born 1980 → warning
UNKNOWN_REGION = ident("19680101", "396", region="629999")
BAD_DATE = "622527" + "19690230" + "405"
BAD_DATE += check(BAD_DATE)

# Probable duplicates behind different valid IDs
DUP_BODY_A = ident("19720401", "419")     # 郝仁 in 民政
DUP_BODY_B = ident("19720410", "419")     # 郝仁 in 残联: day 01 typed as 10, check recomputed
SAME_NBV_A = ident("19540606", "421")     # 邓六 in 民政
SAME_NBV_B = ident("19540606", "438", region="622627")  # 邓六 in 残联, other ID, same village

# A 000 ending that passes its check
for seq in range(100, 999):
    body = "622527" + "19730202" + f"{seq:03d}"
    if body.endswith("00") and check(body) == "0":
        ZERO_OK = body + "0"
        break
assert ZERO_OK and ZERO_OK.endswith("000")
LOWER_X = None
for seq in range(440, 999):
    body = "622527" + "19610808" + f"{seq:03d}"
    if check(body) == "X":
        LOWER_X = body + "x"
        break
assert LOWER_X

# A check-digit typo of TYPO_BASE: one digit changed, check character kept → invalid.
typo = list(TYPO_BASE)
typo[14] = "9" if typo[14] != "9" else "8"
TYPO = "".join(typo)
assert check(TYPO[:17]) != TYPO[17]

# ----------------------------------------------------------------------------------------------
# Civil-affairs roster (民政), GB18030
# ----------------------------------------------------------------------------------------------
CIVIL_HEADER = ["序号", "姓名", "公民身份号码", "性别", "出生日期", "对象类别", "户编号", "与户主关系",
                "县（市、区）", "乡镇(街道)", "村(社区)", "保障状态", "供养方式", "联系电话", "备注"]

HY, CD, HB, JX, SX = "汉源镇", "长道镇", "何坝镇", "姜席镇", "石峡镇"

civil = [
    # name, id, sex, birth, category, household, relation, county, township, village, status, mode, phone, note
    ("李娜", LI_NA, "女", "2012-03-04", "孤儿", "", "", "西和县", HY, "北关村", "在保", "分散供养", "13919000001", ""),
    ("王小明", WANG_XIAOMING, "男", "2015/6/11", "孤儿", "", "", "西和县", HY, "南关村", "在保", "社会散居", "", "同时持残疾人证"),
    ("赵宇", ZHAO_YU, "男", "2008.11.25", "孤儿", "", "", "西和县", CD, "长道村", "在保", "分散供养", "", "已满18周岁"),
    ("赵宁", ZHAO_YU_TWIN, "女", "20081127", "孤儿", "", "", "西和县", CD, "长道村", "在保", "分散供养", "", ""),
    ("孙乐", SUN_LE, "男", "2016年9月9日", "孤儿", "", "", "西和县", HY, "县儿童福利院", "在保", "机构养育", "", "福利院集中养育"),
    ("陈曦", CHEN_XI, "女", "41275", "事实无人抚养儿童", "", "", "西和县", HB, "何坝村", "在保", "", "", "Excel日期序号"),
    ("周安", ZHOU_AN, "男", "2011-05-02", "事实无人抚养儿童", "", "", "西和县", HB, "上寨村", "在保", "", "", "出生日期与身份证不符"),
    ("马·阿里", MA_ALI, "男", "2014-03-02", "孤儿", "", "", "西和县", JX, "姜席村", "在保", "", "", "回族"),
    # 特困 households
    ("张福贵", H1_HEAD, "男", "1948-03-15", "特困人员", "HB-0001", "户主", "西和县", HB, "何坝村", "在保", "分散供养", "13919000011", ""),
    ("刘桂兰", H1_SPOUSE, "女", "1950-08-12", "特困人员", "HB-0001", "配偶", "西和县", HB, "何坝村", "在保", "分散供养", "", ""),
    ("李老汉", H2_HEAD, "男", "1942-01-01", "五保户", "HY-0002", "户主", "西和县", HY, "北关村", "正常", "分散供养", "", "旧称五保户"),
    ("王德顺", H3_HEAD, "男", "1939-07-20", "特困人员", "CD-0003", "户主", "西和县", CD, "庙川村", "在保", "分散供养", "", "见死亡名单"),
    ("何秀英", H3_SPOUSE, "女", "1943-02-14", "特困人员", "CD-0003", "配偶", "西和县", CD, "庙川村", "在保", "分散供养", "", ""),
    ("杨建国", H4_HEAD, "男", "1955-10-10", "特困人员", "SX-0004", "户主", "西和县", SX, "石峡村", "停保", "分散供养", "", "2026年停保"),
    ("赵有财", H5_HEAD, "男", "1946-06-06", "特困供养人员", "HY-0005", "户主", "西和县", HY, "县中心敬老院", "在保", "集中供养", "", ""),
    ("马占山", H6_HEAD, "男", "1952-04-18", "特困人员", "JX-0006", "户主", "西和县", JX, "马家村", "在保", "分散供养", "", ""),
    ("马小平", H6_SON, "男", "1978-09-23", "特困人员", "JX-0006", "子", "西和县", JX, "马家村", "在保", "分散供养", "", "重度残疾"),
    ("冯秀珍", H7_HEAD, "女", "1960-01-05", "特困人员", "JX-0007", "户主", "西和县", JX, "冯家村", "在保", "分散供养", "", ""),
    ("冯小宝", H7_CHILD, "男", "2017-08-08", "孤儿、特困人员", "JX-0007", "孙子", "西和县", JX, "冯家村", "在保", "分散供养", "", ""),
    ("何满仓", H8_HEAD, "男", "1958-03-30", "特困人员", "HB-0008", "户主", "西和县", HB, "上寨村", "在保", "分散供养", "", ""),
    ("何满仓", H8_HEAD, "男", "1958-03-30", "特困人员", "HB-0001", "兄弟", "西和县", HB, "何坝村", "在保", "分散供养", "", "又列入张福贵户"),
    # 低保 only
    ("孙立", DIS_D, "男", "1975-09-25", "低保", "", "", "西和县", SX, "石峡村", "在保", "", "", "重度残疾，残联名单无困难类型"),
    ("田大壮", ident("19850505", "452"), "男", "1985-05-05", "低保", "", "", "西和县", SX, "西峪村", "在保", "", "", ""),
    # same person twice in the same file (exact duplicate row)
    ("陈曦", CHEN_XI, "女", "2013-01-01", "事实无人抚养儿童", "", "", "西和县", HB, "何坝村", "在保", "", "", "重复录入"),
    # sex recorded wrong
    ("吴丽", ident("20100202", "462"), "男", "2010-02-02", "孤儿", "", "", "西和县", CD, "庙川村", "在保", "", "", "性别填错"),
    # category nobody knows
    ("钱进", ident("20120909", "471"), "男", "2012-09-09", "困境儿童", "", "", "西和县", CD, "长道村", "在保", "", "", "非结对类别"),
    # outside the jurisdiction
    ("邹平", ident("20130303", "484", region="621226"), "男", "2013-03-03", "孤儿", "", "", "礼县", "城关镇", "东关村", "在保", "", "", "外县对象"),
    # traditional characters in 残联, simplified here
    ("张伟", DIS_J, "男", "1974-01-01", "特困人员", "HY-0009", "户主", "西和县", HY, "东关村", "在保", "", "", ""),
    # ID damage, one kind per row
    ("全角号", fullwidth(FULLWIDTH), "男", "1959-09-09", "特困人员", "HY-0010", "户主", "西和县", HY, "西关村", "在保", "", "", "全角数字"),
    ("空格号", SPACED[:6] + " " + SPACED[6:14] + "-" + SPACED[14:], "女", "1962-02-02", "特困人员", "HY-0011", "户主", "西和县", HY, "西关村", "在保", "", "", "空格和连字符"),
    ("小写叉", LOWER_X, "男", "1961-08-08", "特困人员", "HY-0012", "户主", "西和县", HY, "西关村", "在保", "", "", "小写x"),
    ("公式号", '="' + EXCEL_TEXT + '"', "男", "1963-03-03", "特困人员", "HY-0013", "户主", "西和县", HY, "西关村", "在保", "", "", "Excel文本公式"),
    ("撇号", "'" + QUOTED, "女", "1964-04-04", "特困人员", "HY-0014", "户主", "西和县", HY, "西关村", "在保", "", "", "前导单引号"),
    ("零宽", ZERO_WIDTH[:9] + "\u200b" + ZERO_WIDTH[9:], "女", "1966-06-06", "特困人员", "HY-0015", "户主", "西和县", HY, "西关村", "在保", "", "", "零宽字符"),
    ("科学计数", SCIENTIFIC, "男", "1965-05-05", "特困人员", "HY-0016", "户主", "西和县", HY, "西关村", "在保", "", "", "Excel科学计数法"),
    ("末位零", ZEROED, "女", "1967-07-07", "特困人员", "HY-0017", "户主", "西和县", HY, "西关村", "在保", "", "", "Excel末三位置零"),
    ("真零尾", ZERO_OK, "男", "1973-02-02", "特困人员", "HY-0018", "户主", "西和县", HY, "西关村", "在保", "", "", "末三位为000但校验通过"),
    ("郭强", TYPO_BASE, "男", "1957-05-05", "特困人员", "SX-0019", "户主", "西和县", SX, "石峡村", "在保", "", "", ""),
    ("老身份证", LEGACY15, "男", "1956-01-01", "特困人员", "SX-0020", "户主", "西和县", SX, "西峪村", "在保", "", "", "15位旧号"),
    ("旧代码", RETIRED, "女", "1990-01-01", "特困人员", "SX-0021", "户主", "西和县", SX, "西峪村", "在保", "", "", "622627为撤销前代码"),
    ("早出生", NOT_YET, "男", "1980-01-01", "特困人员", "SX-0022", "户主", "西和县", SX, "西峪村", "在保", "", "", "出生时代码未启用"),
    ("外码", UNKNOWN_REGION, "男", "1968-01-01", "特困人员", "SX-0023", "户主", "西和县", SX, "西峪村", "在保", "", "", "地址码不存在"),
    ("错日期", BAD_DATE, "女", "1969-02-28", "特困人员", "SX-0024", "户主", "西和县", SX, "西峪村", "在保", "", "", "2月30日"),
    ("无证号", "", "男", "1970-07-07", "特困人员", "SX-0025", "户主", "西和县", SX, "西峪村", "在保", "", "", "缺身份证号"),
    ("错列", "张三丰", "男", "1971-01-01", "特困人员", "SX-0026", "户主", "西和县", SX, "西峪村", "在保", "", "", "证号列填了姓名"),
    # probable duplicates across sources
    ("郝仁", DUP_BODY_A, "男", "1972-04-01", "特困人员", "CD-0027", "户主", "西和县", CD, "长道村", "在保", "", "", ""),
    ("邓六", SAME_NBV_A, "男", "1954-06-06", "特困人员", "CD-0028", "户主", "西和县", CD, "庙川村", "在保", "", "", ""),
]

# Rows that are broken as CSV: written raw after the rows above (line numbers in README).
BROKEN_TOO_MANY = "99,多字段,{id},男,1970-01-01,特困人员,SX-0099,户主,西和县,石峡镇,石峡村,在保,,,备注,多出来的,又一列".format(
    id=ident("19700101", "491"))
BROKEN_QUOTE = '100,"引号未闭,{id},女,1971-01-01,特困人员,SX-0100,户主,西和县,石峡镇,石峡村,在保,,,'.format(
    id=ident("19710101", "502"))
AFTER_BROKEN = ("常在", ident("19720101", "513"), "男", "1972-01-01", "特困人员", "SX-0101", "户主", "西和县", SX, "石峡村", "在保", "", "", "坏行之后照常读取")


def csv_field(v):
    if any(c in v for c in ',"\r\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def id_sex(id_text):
    """The sex an ID encodes once typing artefacts are removed, or None."""
    clean = "".join(c for c in unicodedata.normalize("NFKC", id_text) if c.isdigit() or c in "Xx")
    if len(clean) == 18 and clean[:17].isdigit():
        return "男" if int(clean[16]) % 2 == 1 else "女"
    return None


def civil_lines():
    lines = [",".join(CIVIL_HEADER)]
    for i, row in enumerate(civil, start=1):
        sex = id_sex(row[1])
        if sex and "性别填错" not in row[-1]:
            row = row[:2] + (sex,) + row[3:]
        lines.append(",".join(csv_field(v) for v in (str(i),) + row))
    lines.append(BROKEN_TOO_MANY)
    lines.append(BROKEN_QUOTE)
    lines.append(",".join(csv_field(v) for v in ("101",) + AFTER_BROKEN))
    return lines


# ----------------------------------------------------------------------------------------------
# Disability roster (残联), XML
# ----------------------------------------------------------------------------------------------
def cert(id18, typ, grade, suffix=""):
    return id18 + str(typ) + str(grade) + suffix


disability = [
    # name, id, cert, type word, grade word, hardship, township, village, note
    ("王小明", WANG_XIAOMING, cert(WANG_XIAOMING, 4, 2), "肢体", "二级", "低保", HY, "南关村", "孤儿，同时在民政名单"),
    ("马小平", H6_SON, cert(H6_SON, 5, 1), "智力", "一级", "特困", JX, "马家村", "特困户成员"),
    ("吴建华", DIS_A, cert(DIS_A, 1, 1), "视力", "一级", "低保", HY, "东关村", ""),
    ("郑玉梅", DIS_B, cert(DIS_B, 4, 2), "4", "2", "特困", CD, "长道村", "数字写法"),
    ("钱多多", DIS_C, cert(DIS_C, 2, 3), "听力", "三级", "低保", CD, "庙川村", "三级，非重度"),
    ("孙立", DIS_D, cert(DIS_D, 4, 1), "肢体", "一级", "", SX, "石峡村", "民政名单为低保"),
    ("林平", DIS_E, cert(DIS_E, 6, 1), "精神", "一级", "低收入", HB, "何坝村", "无低保、特困"),
    ("周大勇", DIS_F, cert(DIS_F, 4, 1), "肢体", "一级", "低保", HB, "上寨村", "见死亡名单"),
    ("黄春花", DIS_G, cert(ident("19690303", "240"), 4, 2), "肢体", "二级", "低保", JX, "姜席村", "证号为他人身份证号"),
    ("许文", DIS_H, cert(DIS_H, 7, 1), "多重", "二级", "低保", JX, "冯家村", "证号等级为一级"),
    ("韩梅", DIS_I, cert(DIS_I, 3, 2, "B1"), "言语", "二级", "特困", SX, "西峪村", "换发证"),
    ("張偉", DIS_J, cert(DIS_J, 4, 2), "肢体", "二级", "", HY, "东关村", "繁体姓名"),
    ("郭强", TYPO, cert(TYPO_BASE, 4, 1), "肢体", "一级", "低保", SX, "石峡村", "身份证号一位录错"),
    ("郝仁", DUP_BODY_B, cert(DUP_BODY_B, 1, 2), "视力", "二级", "低保", CD, "长道村", "出生日录成10日"),
    ("邓六", SAME_NBV_B, cert(SAME_NBV_B, 4, 1), "肢体", "一级", "低保", CD, "庙川村", "另一个身份证号"),
    ("王小明", WANG_XIAOMING, cert(WANG_XIAOMING, 4, 2), "肢体", "二级", "低保", HY, "南关村", "同一文件重复"),
]


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def disability_xml():
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<残疾人名单 县区=\"西和县\" 导出日期=\"2026-11-20\">"]
    for name, id18, c, typ, grade, hardship, town, village, note in disability:
        out.append("  <记录>")
        for tag, value in (("姓名", name), ("身份证号", id18), ("残疾人证号", c), ("残疾类别", typ),
                           ("残疾等级", grade), ("困难情况", hardship), ("县区", "西和县"),
                           ("乡镇", town), ("村", village), ("备注", note)):
            out.append(f"    <{tag}>{xml_escape(value)}</{tag}>")
        out.append("  </记录>")
    out.append("</残疾人名单>")
    return out


# ----------------------------------------------------------------------------------------------
# Deaths list
# ----------------------------------------------------------------------------------------------
deaths = [
    ("王德顺", H3_HEAD, "2026-08-03"),
    ("周大勇", DIS_F, "2026/10/1"),
    ("路人甲", ident("19300101", "524"), "2026-02-02"),   # not on any roster
    ("李娜", LI_NA, "2027-01-01"),                      # a date after --as-of: does not count (data error)
]


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "civil-affairs-xihe.csv"), "wb") as f:
        f.write(("\r\n".join(civil_lines()) + "\r\n").encode("gb18030"))
    with open(os.path.join(OUT, "disability-xihe.xml"), "wb") as f:
        f.write(("\n".join(disability_xml()) + "\n").encode("utf-8"))
    with open(os.path.join(OUT, "deaths-xihe.csv"), "wb") as f:
        rows = ["姓名,身份证号,死亡日期"] + [",".join(r) for r in deaths]
        f.write(b"\xef\xbb\xbf" + ("\n".join(rows) + "\n").encode("utf-8"))
    # A byte that is not valid GB18030 in one civil-affairs row: bytes are patched after encoding.
    path = os.path.join(OUT, "civil-affairs-xihe.csv")
    data = open(path, "rb").read()
    marker = "田大壮".encode("gb18030")
    assert data.count(marker) == 1
    data = data.replace(marker, marker[:2] + b"\xff\xff" + marker[4:])
    open(path, "wb").write(data)


if __name__ == "__main__":
    main()
