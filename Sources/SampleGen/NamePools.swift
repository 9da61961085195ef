/// Names for synthetic persons and places: weighted surnames (national frequencies, with the
/// Hui surname 马 and the local 令狐 / 牛 raised for Gansu), given-name characters by sex and
/// generation, traditional forms for the variant spellings the two sources produce, minority
/// names written with a middle dot, and syllables for townships and villages. Every name is
/// invented; none belongs to anybody.
enum NamePools {
  /// Surnames with relative weights (‰ of the population, roughly).
  static let surnames: [(String, Double)] = [
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 45), ("杨", 35), ("赵", 23), ("黄", 20),
    ("周", 19), ("吴", 18), ("徐", 15), ("孙", 15), ("马", 40), ("胡", 13), ("朱", 13), ("高", 12),
    ("林", 10), ("何", 12), ("郭", 12), ("罗", 9), ("梁", 9), ("宋", 8), ("郑", 8), ("谢", 7),
    ("韩", 7), ("唐", 7), ("冯", 7), ("于", 6), ("董", 6), ("程", 6), ("曹", 6), ("袁", 5),
    ("邓", 5), ("许", 5), ("沈", 4), ("曾", 4), ("彭", 4), ("吕", 5), ("苏", 5), ("卢", 5),
    ("蒋", 5), ("蔡", 4), ("贾", 5), ("丁", 4), ("魏", 5), ("薛", 4), ("叶", 4), ("阎", 4),
    ("余", 3), ("潘", 3), ("杜", 4), ("戴", 3), ("夏", 3), ("钟", 3), ("汪", 3), ("田", 4),
    ("任", 4), ("姜", 3), ("范", 3), ("方", 3), ("石", 3), ("姚", 3), ("廖", 2), ("邹", 2),
    ("熊", 2), ("金", 3), ("陆", 2), ("郝", 3), ("孔", 2), ("白", 3), ("崔", 3), ("康", 3),
    ("毛", 3), ("邱", 2), ("秦", 3), ("江", 2), ("史", 3), ("侯", 3), ("邵", 2), ("孟", 3),
    ("段", 3), ("雷", 3), ("钱", 2), ("汤", 2), ("尹", 2), ("常", 3), ("武", 3), ("乔", 2),
    ("贺", 2), ("文", 2), ("牛", 4), ("包", 2), ("安", 3), ("令狐", 1), ("欧阳", 1), ("祁", 2),
    ("火", 1), ("蒲", 2), ("敏", 2), ("冶", 1), ("喇", 1),
  ]
  static let surnameWeights = cumulative(surnames.map(\.1))

  /// Given-name characters, by sex and by generation (born before 1985 / since).
  static let maleOld = Array("建国军平强明华文志海林东兵峰亮成福贵荣德永春宝祥忠顺财发全生有才满仓喜云山河田录保存金银锁旺")
  static let maleNew = Array("伟强磊鹏涛斌勇杰俊飞浩宇轩博睿晨鑫超旭阳凯航毅宁辉龙嘉豪泽然子一铭涵诚哲帆康")
  static let femaleOld = Array("秀英兰桂芳珍凤梅花玉莲琴红霞云娥翠菊香芬巧爱叶仙彩存")
  static let femaleNew = Array("娜敏静丽艳娟燕玲婷雪慧丹倩蓉洁颖佳欣悦怡萱雨梦瑶琳晶璐思若诗梓可")

  /// Simplified → traditional for the characters above that have a traditional form which
  /// OpenCC maps back (the name key of both spellings is the same).
  static let traditional: [Character: Character] = [
    "张": "張", "刘": "劉", "陈": "陳", "杨": "楊", "赵": "趙", "黄": "黃", "吴": "吳", "孙": "孫",
    "马": "馬", "罗": "羅", "郑": "鄭", "谢": "謝", "韩": "韓", "冯": "馮", "邓": "鄧", "许": "許",
    "吕": "呂", "苏": "蘇", "卢": "盧", "蒋": "蔣", "贾": "賈", "叶": "葉", "钟": "鍾",
    "汤": "湯", "钱": "錢", "贺": "賀", "乔": "喬", "陆": "陸", "阎": "閻", "邹": "鄒",
    "国": "國", "军": "軍", "华": "華", "东": "東", "兵": "兵", "贵": "貴", "荣": "榮", "宝": "寶",
    "顺": "順", "财": "財", "发": "發", "满": "滿", "仓": "倉", "云": "雲", "银": "銀", "锁": "鎖",
    "伟": "偉", "强": "強", "鹏": "鵬", "涛": "濤", "杰": "傑", "飞": "飛", "轩": "軒", "阳": "陽",
    "凯": "凱", "航": "航", "宁": "寧", "辉": "輝", "龙": "龍", "铭": "銘", "涵": "涵", "诚": "誠",
    "兰": "蘭", "凤": "鳳", "玉": "玉", "莲": "蓮", "红": "紅", "娥": "娥", "爱": "愛", "丽": "麗",
    "艳": "艷", "娟": "娟", "静": "靜", "玲": "玲", "洁": "潔", "颖": "穎", "欣": "欣", "梦": "夢",
    "琳": "琳", "诗": "詩", "芳": "芳", "秀": "秀", "梅": "梅",
  ].filter { $0.key != $0.value && $0.key.unicodeScalars.count == 1 }

  /// Full names of minority persons written with a middle dot (Hui, Dongxiang, Uyghur and
  /// Kazakh transliterations), in their canonical `·` spelling.
  static let dotted = [
    "穆萨·马", "尔萨·马", "阿里·马", "伊布拉·韩", "尔撒·冶", "哈桑·敏", "阿依古丽·买买提",
    "热依拉·阿不都", "古丽娜·努尔", "阿不都·热合曼", "努尔兰·哈斯木", "玛依拉·艾力",
  ]

  /// The middle-dot variants that normalize to `·` (U+00B7).
  static let dotVariants: [String] = ["•", "‧", "・", "."]

  // MARK: Places

  static let placeFirst = Array("东西南北新大小上下中红石河川坪山沟岔湾峪寨坝堡铺集王李张马杨何柳杏桃梨白黄青龙凤安宁兴平和丰永太金银宏盘洛罗苏崖庙关")
  static let placeSecond = Array("川坪山沟河湾峪寨坝堡铺集庄园台营峡岭口滩渠城梁塬堡头店门岗")
  static let villageSuffix = ["村", "村", "村", "村", "庄村", "家村", "社区"]
}
