import ResidentID
import RosterCore

/// A household of the civil-affairs roster (特困 or 低保).
struct Household {
  /// Serial number within the county (the 户编号 is made from it).
  var number: Int32
  var head: Int32
  var village: Int32
  var tekun: Bool
}

/// An entry of the deaths list.
struct DeathEntry {
  var person: Int32
  var date: CalendarDate
  var monthOnly: Bool
  var legacy15: Bool
  var artefact: Artefact
  /// 0 ISO, 1 slashes, 2 compact, 3 年月日.
  var dateStyle: UInt8
  var tags: Tags
}

/// Plans one county: persons and the records of its two rosters, as codes (see `Model.swift`),
/// in file order, plus the county's entries of the deaths list.
struct CountyPlanner {
  let spec: CountySpec
  let layout: ProvinceLayout
  let asOf: CalendarDate
  /// Eligible subjects wanted in this county.
  let subjects: Int
  let rates: SampleRates
  let damagedIDColumn: Bool
  var rng: SampleRandom
  var style: CountyStyle

  var persons: [Person] = []
  var civil: [Rec] = []
  var disability: [Rec] = []
  var civilBlock: [Int32] = []
  var disabilityBlock: [Int32] = []
  var blockCount: Int32 = 0
  var households: [Household] = []
  var deaths: [DeathEntry] = []
  /// Positions in `civil` (file order) before which a blank line is written.
  var blankLinesBefore = Set<Int>()
  var used = Set<UInt64>()
  var townships: [String] = []
  var villages: [(name: String, township: Int32)] = []
  var careHome: Int32 = 0
  var welfareHome: Int32 = 0
  /// Persons created for the deaths list only.
  var deathOnly = Set<Int32>()

  init(
    spec: CountySpec, layout: ProvinceLayout, asOf: CalendarDate, subjects: Int, rates: SampleRates,
    damagedIDColumn: Bool, seed: UInt64
  ) {
    self.spec = spec
    self.layout = layout
    self.asOf = asOf
    self.subjects = subjects
    self.rates = rates
    self.damagedIDColumn = damagedIDColumn
    rng = SampleRandom(seed: seed, stream: UInt64(spec.code))
    style = CountyStyle.draw(county: spec, rng: &rng)
  }

  // MARK: Places

  mutating func makePlaces() {
    let expectedPersons = Double(subjects) * 18
    let villageCount = min(400, max(12, Int(expectedPersons / 220)))
    let townshipCount = min(28, max(3, villageCount / 14))
    var names = Set<String>()
    let isDistrict = spec.name.hasSuffix("区")
    while townships.count < townshipCount {
      let stem = String([rng.pick(NamePools.placeFirst), rng.pick(NamePools.placeSecond)])
      let suffix = isDistrict && rng.chance(0.6) ? "街道" : rng.chance(0.7) ? "镇" : "乡"
      let name = stem + suffix
      if names.insert(stem).inserted { townships.append(name) }
    }
    var villageNames = Set<String>()
    while villages.count < villageCount {
      let t = Int32(villages.count % townshipCount)
      let name: String
      if rng.chance(0.3) {
        let surname = NamePools.surnames[rng.pick(cumulative: NamePools.surnameWeights)].0
        name = surname + (rng.chance(0.7) ? "家村" : "家庄")
      } else {
        let stem = String([rng.pick(NamePools.placeFirst), rng.pick(NamePools.placeSecond)])
        name = stem + (townships[Int(t)].hasSuffix("街道") ? "社区" : "村")
      }
      if villageNames.insert(name).inserted { villages.append((name, t)) }
    }
    careHome = Int32(villages.count)
    villages.append((spec.name + "中心敬老院", 0))
    welfareHome = Int32(villages.count)
    villages.append((spec.name + "儿童福利院", 0))
  }

  mutating func randomVillage() -> Int32 { Int32(rng.below(Int(careHome))) }

  // MARK: Persons

  /// A birth date for an age drawn uniformly in `[minAge, maxAge)` years.
  mutating func birth(age: ClosedRange<Double>) -> CalendarDate {
    let lo = Int(age.lowerBound * 365.25)
    let hi = max(lo, Int(age.upperBound * 365.25) - 1)
    return CalendarDate(daysSinceEpoch: asOf.daysSinceEpoch - rng.int(in: lo...hi))
  }

  mutating func makeName(male: Bool, year: Int) -> String {
    if rng.chance(rates.minorityName) { return rng.pick(NamePools.dotted) }
    let surname = NamePools.surnames[rng.pick(cumulative: NamePools.surnameWeights)].0
    let young = year >= 1985 ? rng.chance(0.8) : rng.chance(0.15)
    let pool =
      male
      ? (young ? NamePools.maleNew : NamePools.maleOld) : (young ? NamePools.femaleNew : NamePools.femaleOld)
    var given = String(rng.pick(pool))
    if rng.chance(0.75) { given.append(rng.pick(pool)) }
    return surname + given
  }

  /// A new person with a fresh, valid, unused ID.
  mutating func newPerson(
    male: Bool? = nil, birth b: CalendarDate, village: Int32, outside: Int16 = -1, code forced: Int32? = nil,
    zeroEnding: Bool = false, name forcedName: String? = nil
  ) -> Int32 {
    var male = zeroEnding ? false : (male ?? rng.chance(0.5))
    let year = b.year
    var code: Int32
    if let forced {
      code = forced
    } else if outside >= 0 {
      code = layout.outside[Int(outside)].code
    } else if rng.chance(rates.permits) {
      code = rng.pick([810_000, 820_000, 830_000])
    } else {
      code = spec.code(forYear: year, rng: &rng)
      if year < 1984, rng.chance(rates.regionNotYetInUse), let current = spec.codes.last,
        current.start > 1984
      {
        code = current.code
      }
    }
    var body: UInt64 = 0
    var planted = false
    if !male, outside < 0, zeroEnding || rng.chance(rates.zeroEnding) {
      // A real ID ending in 000: sequence d00 whose check character is 0.
      for d in 0..<10 {
        let candidate = IDMath.body(region: code, birth: b, sequence: d * 100)
        if IDMath.check(candidate) == 0x30, !used.contains(candidate) {
          body = candidate
          planted = true
          break
        }
      }
    }
    if !planted {
      var tries = 0
      repeat {
        let seq = rng.below(500) * 2 + (male ? 1 : 0)
        body = IDMath.body(region: code, birth: b, sequence: seq)
        tries += 1
        if tries > 200 {  // a crowded day: switch sex rather than loop forever
          male.toggle()
          tries = 0
        }
      } while used.contains(body)
    }
    used.insert(body)
    let p = Person(
      name: forcedName ?? makeName(male: male, year: year), male: male, birth: b, body: body, check: IDMath.check(body),
      village: village, phone: rng.chance(0.8) ? 13_000_000_000 + UInt64(rng.below(7)) * 1_000_000_000 + UInt64(rng.below(1_000_000_000)) : 0,
      outside: outside)
    persons.append(p)
    return Int32(persons.count - 1)
  }

  mutating func newBlock() -> Int32 {
    blockCount += 1
    return blockCount - 1
  }

  @discardableResult
  mutating func addCivil(
    _ p: Int32, category: UInt8, status: UInt8 = Words.Status.active, support: UInt8 = Words.Support.blank,
    household: Int32 = -1, relation: UInt8 = Words.Relation.none, tags: Tag..., block: Int32
  ) -> Int {
    var r = Rec(person: p, source: 0, village: persons[Int(p)].village)
    r.category = category
    r.status = status
    r.support = support
    r.household = household
    r.relation = relation
    for t in tags { r.tags.insert(t) }
    if household >= 0 { r.village = households[Int(household)].village }
    if persons[Int(p)].outside >= 0 {
      r.outsideCounty = persons[Int(p)].outside
      r.tags.insert(.outsideJurisdiction)
    }
    civil.append(r)
    civilBlock.append(block)
    return civil.count - 1
  }

  @discardableResult
  mutating func addDisability(_ p: Int32, grade: Int, hardship: UInt8, tags: Tag..., block: Int32? = nil) -> Int {
    var r = Rec(person: p, source: 1, village: persons[Int(p)].village)
    r.grade = UInt8(grade)
    r.disabilityType = UInt8(rng.pick(cumulative: DisabilityMix.types) + 1)
    r.hardship = hardship
    r.certForm = .normal
    for t in tags { r.tags.insert(t) }
    if persons[Int(p)].outside >= 0 {
      r.outsideCounty = persons[Int(p)].outside
      r.tags.insert(.outsideJurisdiction)
    }
    disability.append(r)
    disabilityBlock.append(block ?? newBlock())
    return disability.count - 1
  }

  /// The hardship word of a qualifying (低保 or 特困) or a non-qualifying disability record, in
  /// the county's writing.
  mutating func hardshipWord(qualifying: Bool, tekun: Bool = false) -> UInt8 {
    typealias H = Words.HardshipWord
    if style.hardshipYesNo { return qualifying ? H.yes : (rng.chance(0.5) ? H.no : H.blank) }
    if qualifying {
      if tekun { return rng.chance(0.8) ? H.tekun : H.tekunSupported }
      return rng.chance(0.85) ? H.dibao : H.dibaoHousehold
    }
    return [H.lowIncome, H.none, H.blank, H.blank, H.edge][rng.pick(cumulative: [0.3, 0.6, 0.8, 0.95, 1.0])]
  }

  mutating func newHousehold(head: Int32, village: Int32, tekun: Bool) -> Int32 {
    households.append(Household(number: Int32(households.count + 1), head: head, village: village, tekun: tekun))
    return Int32(households.count - 1)
  }

  // MARK: The plan

  mutating func plan() {
    makePlaces()
    makeTekunHouseholds()
    makeChildren()
    makeSeverelyDisabled()
    makeDibaoHouseholds()
    makeSpecialPersons()
    makeDisabledIneligible()
    makeOutsidePersons()
    markCrossSource()
    injectDuplicates()
    injectIdentityProblems()
    injectRecordProblems()
    makeDeaths()
    if damagedIDColumn { damageIDColumn() }
    tagRegions()
    order()
  }

  mutating func tekunCategory() -> UInt8 {
    typealias C = Words.Category
    return [C.tekun, C.tekunSupported, C.wubaohu, C.tekunShort, C.wubao][
      rng.pick(cumulative: [0.55, 0.8, 0.86, 0.97, 1.0])]
  }

  mutating func activeStatus() -> UInt8 { rng.chance(0.85) ? Words.Status.active : Words.Status.normal }

  mutating func inactiveStatus() -> UInt8 {
    typealias S = Words.Status
    return [S.stopped, S.exited, S.cancelled, S.alreadyStopped][rng.below(4)]
  }

  mutating func homeSupport() -> UInt8 {
    typealias S = Words.Support
    return [S.dispersed, S.socialScattered, S.scattered, S.blank][rng.pick(cumulative: [0.7, 0.85, 0.9, 1.0])]
  }

  /// 特困 households of one to four persons.
  mutating func makeTekunHouseholds() {
    typealias R = Words.Relation
    let target = Int((Double(subjects) * rates.tekunPersons).rounded())
    var made = 0
    while made < target {
      let size = [1, 2, 3, 4][rng.pick(cumulative: [0.70, 0.90, 0.97, 1.0])]
      var village = randomVillage()
      let inactive = rng.chance(rates.inactive)
      let status = inactive ? inactiveStatus() : activeStatus()
      let block = newBlock()
      var members: [(Int32, UInt8, Bool)] = []  // person, relation, disabled
      let headMale = rng.chance(0.55)
      var institutional = false
      if size == 1 {
        let middleAged = rng.chance(0.15)
        let head = newPerson(male: headMale, birth: birth(age: middleAged ? 30...59.9 : 60...95), village: village)
        institutional = !middleAged && style.hasSupportColumn && rng.chance(rates.institutionalTekun)
        members.append((head, rng.chance(0.3) ? R.myself : R.head, middleAged && rng.chance(0.5)))
      } else {
        let head = newPerson(male: headMale, birth: birth(age: 58...92), village: village)
        members.append((head, R.head, rng.chance(0.05)))
        let grandchildren = size >= 3 && rng.chance(size == 4 ? 1.0 : 0.5)
        let couple = size == 2 ? rng.chance(0.6) : (size == 4 || !grandchildren || rng.chance(0.3))
        if couple {
          let spouse = newPerson(
            male: !headMale, birth: birth(age: 56...92), village: village)
          members.append((spouse, rng.chance(0.7) ? R.spouse : (headMale ? R.wife : R.husband), rng.chance(0.05)))
        }
        while members.count < size {
          if grandchildren {
            let child = newPerson(birth: birth(age: 3...17.5), village: village)
            members.append((child, persons[Int(child)].male ? R.grandson : R.granddaughter, false))
          } else {
            let child = newPerson(birth: birth(age: 20...55), village: village)
            members.append((child, persons[Int(child)].male ? (rng.chance(0.5) ? R.son : R.sonLong) : (rng.chance(0.5) ? R.daughter : R.daughterLong), rng.chance(0.8)))
          }
        }
      }
      if institutional { village = careHome }
      let hh = newHousehold(head: members[0].0, village: village, tekun: true)
      for (person, relation, disabled) in members {
        let age = persons[Int(person)].birth.age(on: asOf)
        var category = tekunCategory()
        var tags: [Tag] = [.sTekun]
        if age < 18, rng.chance(0.5) {
          category = rng.chance(0.6) ? Words.Category.orphanTekun : Words.Category.orphan
          tags += [.sOrphan, .childInTekunHousehold]
        }
        if category == Words.Category.wubaohu || category == Words.Category.wubao { tags.append(.legacyCategoryWord) }
        if inactive { tags.append(.statusInactive) }
        if institutional { tags.append(.institutional) }
        let support = institutional ? Words.Support.centralized : homeSupport()
        let r = addCivil(person, category: category, status: status, support: support, household: hh, relation: relation, block: block)
        for t in tags { civil[r].tags.insert(t) }
        if disabled {
          let hardship = rng.chance(0.5) ? hardshipWord(qualifying: true, tekun: true) : hardshipWord(qualifying: rng.chance(0.4))
          addDisability(person, grade: rng.chance(0.45) ? 1 : 2, hardship: hardship, tags: .sDisabledEligible, .householdMember)
          civil[r].tags.insert(.householdMember)
        }
      }
      made += size
    }
  }

  /// Orphans and de-facto-unsupported children; some too old, some in an institution, some in a
  /// guardian's 低保 household.
  mutating func makeChildren() {
    typealias C = Words.Category
    let orphans = rng.count(mean: Double(subjects) * rates.orphans)
    let deFacto = rng.count(mean: Double(subjects) * rates.deFactoChildren)
    let agedOut = max(1, rng.count(mean: Double(orphans + deFacto) * rates.agedOutChildren))
    let total = orphans + deFacto + agedOut + 2
    for i in 0..<total {
      let isOrphan = i < orphans || (i >= orphans + deFacto && rng.chance(0.4))
      var tags: [Tag] = [isOrphan ? .sOrphan : .sDeFacto]
      let b: CalendarDate
      if i == total - 2 {
        // Turns 18 within three days of the reference date: still a child.
        b = CalendarDate(daysSinceEpoch: asOf.adding(years: -18).daysSinceEpoch + rng.int(in: 1...3))
        tags.append(.childTurns18Soon)
      } else if i == total - 1 {
        // Turned 18 on the reference date or up to three days before: aged out.
        b = CalendarDate(daysSinceEpoch: asOf.adding(years: -18).daysSinceEpoch - rng.int(in: 0...3))
        tags += [.childJustTurned18, .childAgedOut]
      } else if i >= orphans + deFacto {
        b = birth(age: 18.05...19.8)
        tags.append(.childAgedOut)
      } else {
        b = birth(age: 0.1...17.95)
      }
      var village = randomVillage()
      let category: UInt8 =
        isOrphan
        ? (rng.chance(0.9) ? C.orphan : C.orphanDibao)
        : [C.deFacto, C.deFactoColloquial, C.deFactoDibao][rng.pick(cumulative: [0.8, 0.9, 1.0])]
      var support = [Words.Support.socialScattered, Words.Support.dispersed, Words.Support.blank][
        rng.pick(cumulative: [0.55, 0.85, 1.0])]
      if style.hasSupportColumn && rng.chance(rates.institutionalChild) {
        support = Words.Support.institution
        village = welfareHome
        tags.append(.institutional)
      }
      var status = activeStatus()
      if rng.chance(rates.inactive) {
        status = inactiveStatus()
        tags.append(.statusInactive)
      }
      let child = newPerson(birth: b, village: village)
      let block = newBlock()
      if village != welfareHome, rng.chance(0.25) {
        // Listed under a grandparent's 低保 household.
        let guardian = newPerson(birth: birth(age: 55...80), village: village)
        let hh = newHousehold(head: guardian, village: village, tekun: false)
        addCivil(guardian, category: dibaoCategory(), status: activeStatus(), support: Words.Support.blank, household: hh, relation: Words.Relation.head, tags: .sDibao, block: block)
        let r = addCivil(child, category: category, status: status, support: support, household: hh, relation: persons[Int(child)].male ? Words.Relation.grandson : Words.Relation.granddaughter, block: block)
        for t in tags { civil[r].tags.insert(t) }
      } else {
        let r = addCivil(child, category: category, status: status, support: support, block: block)
        for t in tags { civil[r].tags.insert(t) }
      }
      if rng.chance(0.08) {
        let severe = rng.chance(0.6)
        addDisability(child, grade: severe ? rng.int(in: 1...2) : rng.int(in: 3...4), hardship: hardshipWord(qualifying: severe), tags: severe ? .sDisabledEligible : .sDisabledGrade34)
      }
    }
  }

  mutating func dibaoCategory() -> UInt8 {
    typealias C = Words.Category
    return [C.dibao, C.dibaoObject, C.dibaoHousehold][rng.pick(cumulative: [0.7, 0.85, 1.0])]
  }

  /// Persons of grade 1–2 in hardship: the disability roster's eligible subjects, some also in a
  /// 低保 household of the civil-affairs roster (a few only there: their hardship is on the
  /// other record).
  mutating func makeSeverelyDisabled() {
    let n = rng.count(mean: Double(subjects) * rates.severelyDisabled)
    for _ in 0..<n {
      let village = randomVillage()
      let b = birth(age: [5...17.9, 18...59.9, 60...90][rng.pick(cumulative: [0.1, 0.55, 1.0])])
      let p = newPerson(birth: b, village: village)
      let kind = rng.pick(cumulative: [0.55, 0.85, 1.0])
      let grade = rng.chance(0.45) ? 1 : 2
      if kind == 0 {
        addDisability(p, grade: grade, hardship: hardshipWord(qualifying: true, tekun: rng.chance(0.2)), tags: .sDisabledEligible)
      } else {
        let hfor = kind == 2
        let r = addDisability(p, grade: grade, hardship: hfor ? hardshipWord(qualifying: false) : hardshipWord(qualifying: true), tags: .sDisabledEligible)
        if hfor { disability[r].tags.insert(.hardshipFromOtherRecord) }
        makeDibaoHousehold(around: p, village: village, extraTag: hfor ? .hardshipFromOtherRecord : nil)
      }
    }
  }

  /// A 低保 household; `around` is one of its members when given.
  mutating func makeDibaoHousehold(around: Int32? = nil, village v: Int32? = nil, extraTag: Tag? = nil) {
    typealias R = Words.Relation
    let village = v ?? randomVillage()
    var size = [1, 2, 3, 4, 5, 6][rng.pick(cumulative: cumulative([25, 25, 20, 18, 8, 4]))]
    let aroundIsChild = around.map { persons[Int($0)].birth.age(on: asOf) < 18 } ?? false
    if aroundIsChild { size = max(size, 2) }
    let headMale = rng.chance(0.6)
    let head: Int32
    if let a = around, !aroundIsChild {
      head = a
    } else if let a = around {
      let childAge = Double(persons[Int(a)].birth.age(on: asOf))
      head = newPerson(male: headMale, birth: birth(age: (childAge + 20)...(childAge + 40)), village: village)
    } else {
      head = newPerson(male: headMale, birth: birth(age: 25...80), village: village)
    }
    let hh = newHousehold(head: head, village: village, tekun: false)
    let block = newBlock()
    var members: [(Int32, UInt8)] = [(head, size == 1 && rng.chance(0.3) ? R.myself : R.head)]
    let headAge = Double(persons[Int(head)].birth.age(on: asOf))
    if size >= 2, !aroundIsChild || size >= 3 {
      let spouse = newPerson(male: !persons[Int(head)].male, birth: birth(age: max(20, headAge - 6)...max(21, headAge + 4)), village: village)
      members.append((spouse, R.spouse))
    }
    if aroundIsChild, let a = around { members.append((a, persons[Int(a)].male ? R.son : R.daughter)) }
    while members.count < size {
      if headAge > 50, rng.chance(0.15) {
        let parent = newPerson(birth: birth(age: min(95, headAge + 20)...min(99, headAge + 32)), village: village)
        members.append((parent, persons[Int(parent)].male ? R.father : R.mother))
      } else {
        let child = newPerson(birth: birth(age: max(0.2, headAge - 42)...max(0.5, headAge - 18)), village: village)
        members.append((child, persons[Int(child)].male ? R.son : R.daughter))
      }
    }
    let inactive = rng.chance(0.03)
    for (person, relation) in members {
      let r = addCivil(person, category: dibaoCategory(), status: inactive ? inactiveStatus() : activeStatus(), support: Words.Support.blank, household: hh, relation: relation, tags: .sDibao, block: block)
      if inactive { civil[r].tags.insert(.statusInactive) }
      if person == around, let t = extraTag { civil[r].tags.insert(t) }
    }
  }

  mutating func makeDibaoHouseholds() {
    let target = Int(Double(subjects) * rates.dibaoRecords)
    var count = civil.count(where: { $0.tags.contains(.sDibao) })
    while count < target {
      let before = civil.count
      makeDibaoHousehold()
      count += civil.count - before
    }
  }

  /// One of each rare kind of person in every county, so that small data sets hold them too: a
  /// residence-permit holder, an older person with the county's current code (not yet in use
  /// at their birth), a real ID ending in 000, a minority name written with a middle dot.
  mutating func makeSpecialPersons() {
    let permit = newPerson(birth: birth(age: 30...60), village: randomVillage(), code: rng.pick([810_000, 820_000, 830_000]))
    makeDibaoHousehold(around: permit, village: persons[Int(permit)].village)
    if let current = spec.codes.last, current.start > 1984 {
      let late = newPerson(birth: birth(age: 45...70), village: randomVillage(), code: current.code)
      addDisability(late, grade: 3, hardship: hardshipWord(qualifying: false), tags: .sDisabledGrade34, .gradeIneligible)
    }
    var zero: Int32 = -1
    for _ in 0..<20 where zero < 0 {
      let p = newPerson(birth: birth(age: 30...70), village: randomVillage(), zeroEnding: true)
      if IDMath.check(persons[Int(p)].body) == 0x30 && persons[Int(p)].body % 100 == 0 { zero = p }
    }
    if zero >= 0 { makeDibaoHousehold(around: zero, village: persons[Int(zero)].village) }
    let minority = newPerson(birth: birth(age: 20...70), village: randomVillage(), name: rng.pick(NamePools.dotted))
    makeDibaoHousehold(around: minority, village: persons[Int(minority)].village)
    let r = addDisability(minority, grade: 4, hardship: hardshipWord(qualifying: true), tags: .sDisabledGrade34, .gradeIneligible)
    disability[r].nameForm = .dotVariant
  }

  /// Grade 3–4 (some of them 低保 persons of the civil roster) and grade 1–2 without hardship.
  mutating func makeDisabledIneligible() {
    let n34 = rng.count(mean: Double(subjects) * rates.disabledGrade34)
    var taken = Set<Int32>(disability.map(\.person))
    let dibao = civil.indices.filter { civil[$0].tags.contains(.sDibao) && !taken.contains(civil[$0].person) }
    for _ in 0..<n34 {
      if !dibao.isEmpty, rng.chance(0.15) {
        let p = civil[dibao[rng.below(dibao.count)]].person
        if taken.insert(p).inserted {
          addDisability(p, grade: rng.chance(0.4) ? 3 : 4, hardship: hardshipWord(qualifying: true), tags: .sDisabledGrade34, .gradeIneligible)
          continue
        }
      }
      let p = newPerson(birth: birth(age: [3...17.9, 18...59.9, 60...95][rng.pick(cumulative: [0.06, 0.5, 1.0])]), village: randomVillage())
      let qualifying = rng.chance(0.15)
      addDisability(p, grade: rng.chance(0.4) ? 3 : 4, hardship: hardshipWord(qualifying: qualifying), tags: .sDisabledGrade34, .gradeIneligible)
    }
    let n12 = rng.count(mean: Double(subjects) * rates.disabledNoHardship)
    for _ in 0..<n12 {
      let p = newPerson(birth: birth(age: [3...17.9, 18...59.9, 60...95][rng.pick(cumulative: [0.08, 0.55, 1.0])]), village: randomVillage())
      addDisability(p, grade: rng.chance(0.45) ? 1 : 2, hardship: hardshipWord(qualifying: false), tags: .sDisabledNoHardship, .noHardship)
    }
  }

  /// Persons of other counties listed in this county's rosters.
  mutating func makeOutsidePersons() {
    guard !layout.outside.isEmpty else { return }
    let n = max(1, rng.count(mean: Double(civil.count + disability.count) * rates.outside))
    for _ in 0..<n {
      let o = Int16(rng.below(layout.outside.count))
      let child = rng.chance(0.3)
      let p = newPerson(birth: birth(age: child ? 1...17 : 20...85), village: randomVillage(), outside: o)
      if rng.chance(0.7) {
        let category = child ? Words.Category.orphan : (rng.chance(0.5) ? Words.Category.tekun : dibaoCategory())
        addCivil(p, category: category, status: activeStatus(), support: homeSupport(), tags: .sOutside, block: newBlock())
      } else {
        addDisability(p, grade: rng.int(in: 1...2), hardship: hardshipWord(qualifying: true), tags: .sOutside)
      }
    }
  }

  /// Persons with records in both rosters: tag them.
  mutating func markCrossSource() {
    var inCivil = [Bool](repeating: false, count: persons.count)
    for r in civil { inCivil[Int(r.person)] = true }
    var cross = [Bool](repeating: false, count: persons.count)
    for r in disability where inCivil[Int(r.person)] { cross[Int(r.person)] = true }
    for i in civil.indices where cross[Int(civil[i].person)] { civil[i].tags.insert(.crossSource) }
    for i in disability.indices where cross[Int(disability[i].person)] { disability[i].tags.insert(.crossSource) }
  }

  // MARK: Injections

  /// `count` distinct elements of `candidates`, drawn at random.
  mutating func sample(_ count: Int, from candidates: [Int]) -> [Int] {
    guard count > 0, !candidates.isEmpty else { return [] }
    if count >= candidates.count { return candidates }
    var out: [Int] = []
    var seen = Set<Int>()
    while out.count < count {
      let i = candidates[rng.below(candidates.count)]
      if seen.insert(i).inserted { out.append(i) }
    }
    return out
  }

  /// How many times to plant a kind in a population of `n`: at least once when `n` allows.
  mutating func plantCount(_ rate: Double, _ n: Int) -> Int {
    guard n > 0 else { return 0 }
    return max(1, rng.count(mean: Double(n) * rate))
  }

  /// A record nothing was done to yet (its ID, row and name as the person's), of a person of
  /// the county with a resident ID.
  static func isPlain(_ r: Rec, _ p: Person) -> Bool {
    guard r.idForm == .normal, r.artefact == .none, r.broken == .none, r.nameForm == .plain, p.outside < 0,
      !r.tags.contains(.idZeroEnding)
    else { return false }
    let province = IDMath.region(p.body) / 10_000
    return province < 81 || province > 83
  }

  func isPlain(_ r: Rec) -> Bool { CountyPlanner.isPlain(r, persons[Int(r.person)]) }

  mutating func injectDuplicates() {
    // Exact duplicate rows, right after the first or later in the file.
    for (source, rate) in [(0, rates.exactDuplicateCivil), (1, rates.exactDuplicateDisability)] {
      let n = source == 0 ? civil.count : disability.count
      let pickCount1 = plantCount(rate, n)
      let candidates1 = (0..<(n)).filter { _ in true }
      for i in sample(pickCount1, from: candidates1) {
        var copy = source == 0 ? civil[i] : disability[i]
        copy.tags.insert(.dupExactRow)
        let block = rng.chance(0.5) ? (source == 0 ? civilBlock[i] : disabilityBlock[i]) : newBlock()
        if source == 0 {
          civil.append(copy)
          civilBlock.append(block)
        } else {
          disability.append(copy)
          disabilityBlock.append(block)
        }
      }
    }
    // The same person again with another village (an attribute conflict).
    let n = civil.count
    let pickCount2 = plantCount(rates.attributeChange, n)
    let candidates2 = (0..<(n)).filter { civil[$0].household < 0 && civil[$0].village < careHome }
    for i in sample(pickCount2, from: candidates2) {
      var copy = civil[i]
      copy.tags.insert(.dupAttributeChange)
      copy.village = randomVillage()
      civil.append(copy)
      civilBlock.append(newBlock())
    }
    // A 特困 person listed in a second household.
    let tekunRows = civil.indices.filter { civil[$0].tags.contains(.sTekun) && civil[$0].household >= 0 }
    let count = plantCount(rates.twoHouseholds, tekunRows.count)
    let pickCount3 = count
    let candidates3 = (0..<(tekunRows.count)).filter { _ in true }
    for k in sample(pickCount3, from: candidates3) {
      let i = tekunRows[k]
      let other = Int32(rng.below(households.count))
      guard other != civil[i].household else { continue }
      var copy = civil[i]
      copy.tags.insert(.twoHouseholds)
      civil[i].tags.insert(.twoHouseholds)
      copy.household = other
      copy.village = households[Int(other)].village
      copy.relation = rng.chance(0.5) ? Words.Relation.brother : Words.Relation.other
      if !households[Int(other)].tekun { copy.category = dibaoCategory() }
      civil.append(copy)
      civilBlock.append(newBlock())
    }
  }

  /// An ID one substitution or adjacent swap away from `body + check` whose check fails (never
  /// ending in 000, never with an X inside).
  mutating func checkTypo(_ body: UInt64, _ check: UInt8) -> (UInt64, UInt8) {
    while true {
      var t = IDMath.text(body, check)
      if rng.chance(0.7) {
        let p = rng.below(18)
        guard t[p] != 0x58 else { continue }
        var d: UInt8
        repeat { d = 0x30 + UInt8(rng.below(10)) } while d == t[p]
        t[p] = d
      } else {
        let p = rng.below(17)
        guard t[p] != t[p + 1], t[p + 1] != 0x58 else { continue }
        t.swapAt(p, p + 1)
      }
      if t[15] == 0x30 && t[16] == 0x30 && t[17] == 0x30 { continue }
      var b: UInt64 = 0
      for i in 0..<17 { b = b * 10 + UInt64(t[i] - 0x30) }
      if IDMath.check(b) == t[17] { continue }
      return (b, t[17])
    }
  }

  /// A valid ID one body digit (or swap) away from `body`, unused; the check recomputed.
  mutating func bodyTypo(_ body: UInt64) -> UInt64? {
    for _ in 0..<60 {
      var b = body
      if rng.chance(0.75) {
        let p = rng.int(in: 6...16)
        var d: Int
        repeat { d = rng.below(10) } while d == IDMath.digit(b, p)
        b = IDMath.setDigit(b, p, d)
      } else {
        let p = rng.int(in: 6...15)
        let x = IDMath.digit(b, p)
        let y = IDMath.digit(b, p + 1)
        guard x != y else { continue }
        b = IDMath.setDigit(IDMath.setDigit(b, p, y), p + 1, x)
      }
      guard !used.contains(b), IDMath.isValid(b, IDMath.check(b), asOf: asOf) else { continue }
      used.insert(b)
      return b
    }
    return nil
  }

  /// Another valid ID of the same person: same birth date, another sequence (or the county's
  /// other code), not one edit away.
  mutating func otherID(_ body: UInt64) -> UInt64? {
    let region = IDMath.region(body)
    let others = spec.codes.map(\.code).filter { $0 != region }
    for _ in 0..<60 {
      var b: UInt64
      if !others.isEmpty, rng.chance(0.4) {
        b = UInt64(rng.pick(others)) * 100_000_000_000 + body % 100_000_000_000
      } else {
        let seq = IDMath.sequence(body)
        let newSeq = rng.below(500) * 2 + seq % 2
        var differing = 0
        for k in [1, 10, 100] where (newSeq / k) % 10 != (seq / k) % 10 { differing += 1 }
        guard differing >= 2 else { continue }
        b = body - UInt64(seq) + UInt64(newSeq)
      }
      guard !used.contains(b), IDMath.isValid(b, IDMath.check(b), asOf: asOf) else { continue }
      used.insert(b)
      return b
    }
    return nil
  }

  mutating func injectIdentityProblems() {
    // Cross-source persons: one source with a mistyped ID (check fails), one digit changed
    // (valid), or another valid ID; some with traditional characters in one source.
    var disabilityOf: [Int32: Int] = [:]
    for (i, r) in disability.enumerated() where r.tags.contains(.crossSource) { disabilityOf[r.person] = i }
    var crossCivil: [Int] = []
    for (i, r) in civil.enumerated() where r.tags.contains(.crossSource) && disabilityOf[r.person] != nil && CountyPlanner.isPlain(r, persons[Int(r.person)]) {
      if crossCivil.last.map({ civil[$0].person != r.person }) ?? true { crossCivil.append(i) }
    }
    func target(_ ci: Int, useCivil: Bool) -> (source: Int, index: Int)? {
      if useCivil { return (0, ci) }
      guard let di = disabilityOf[civil[ci].person], CountyPlanner.isPlain(disability[di], persons[Int(disability[di].person)]) else { return nil }
      return (1, di)
    }
    // A changed or second ID matters (and is reported) when one of the two is a pairing
    // subject: those are planted among persons with an eligible scenario.
    let subjectTags: [Tag] = [.sTekun, .sOrphan, .sDeFacto, .sDisabledEligible]
    let subjects = (0..<crossCivil.count).filter { k in
      let ci = crossCivil[k]
      let di = disabilityOf[civil[ci].person]!
      return subjectTags.contains { civil[ci].tags.contains($0) || disability[di].tags.contains($0) }
    }
    let nTypo = plantCount(rates.checkTypo * 0.5, civil.count + disability.count)
    let nBody = plantCount(rates.bodyTypo, subjects.count)
    let nOther = plantCount(rates.otherID, subjects.count)
    let nTrad = plantCount(rates.traditionalName, crossCivil.count)
    let changed = sample(nBody + nOther, from: subjects)
    let changedSet = Set(changed)
    let rest = (0..<crossCivil.count).filter { !changedSet.contains($0) }
    let spelled = sample(nTypo + nTrad, from: rest)
    // In order: check typos, body typos, other IDs, traditional spellings.
    let chosen = Array(spelled.prefix(nTypo)) + changed + Array(spelled.dropFirst(nTypo))
    for (k, idx) in chosen.enumerated() {
      let ci = crossCivil[idx]
      guard let (source, i) = target(ci, useCivil: rng.chance(0.3)) else { continue }
      var r = source == 0 ? civil[i] : disability[i]
      let person = persons[Int(r.person)]
      if k < nTypo {
        (r.altBody, r.altLast) = checkTypo(person.body, person.check)
        r.idForm = .checkTypo
        r.tags.insert(.idCheckTypo)
      } else if k < nTypo + nBody {
        guard let b = bodyTypo(person.body) else { continue }
        r.idForm = .bodyTypo
        r.altBody = b
        r.altLast = IDMath.check(b)
        r.tags.insert(.idBodyTypo)
      } else if k < nTypo + nBody + nOther {
        guard let b = otherID(person.body) else { continue }
        r.idForm = .otherID
        r.altBody = b
        r.altLast = IDMath.check(b)
        r.tags.insert(.idOtherID)
      } else {
        guard person.name.contains(where: { NamePools.traditional[$0] != nil }) else { continue }
        r.nameForm = .traditional
        r.tags.insert(.nameTraditional)
      }
      if source == 0 { civil[i] = r } else { disability[i] = r }
    }
    // Single-source persons entered twice, once with a mistyped ID.
    for source in 0..<2 {
      let n = source == 0 ? civil.count : disability.count
      let k = plantCount(rates.checkTypo * 0.25, n)
      let pickCount5 = k
      let candidates5 = (0..<(n)).filter { let r = source == 0 ? civil[$0] : disability[$0]; return CountyPlanner.isPlain(r, persons[Int(r.person)]) }
      let picks = sample(pickCount5, from: candidates5)
      for i in picks {
        var copy = source == 0 ? civil[i] : disability[i]
        let person = persons[Int(copy.person)]
        (copy.altBody, copy.altLast) = checkTypo(person.body, person.check)
        copy.idForm = .checkTypo
        copy.tags.insert(.idCheckTypo)
        if source == 0 {
          civil.append(copy)
          civilBlock.append(civilBlock[i])
        } else {
          disability.append(copy)
          disabilityBlock.append(disabilityBlock[i])
        }
      }
    }
    // Damage to single records.
    let forms: [(IDForm, Tag, Double, Bool)] = [  // form, tag, rate, civil only
      (.excelScientific, .idExcelScientific, rates.excelScientific, true),
      (.excelZeroed, .idExcelZeroed, rates.excelZeroed, true),
      (.missing, .idMissing, rates.missing, false),
      (.notAnID, .idNotAnID, rates.notAnID, false),
      (.wrongLength, .idLength, rates.wrongLength, false),
      (.birthInvalid, .idBirthInvalid, rates.birthInvalid, false),
      (.birthFuture, .idBirthFuture, rates.birthFuture, false),
      (.birthTooEarly, .idBirthTooEarly, rates.birthTooEarly, false),
      (.regionUnknown, .idRegionUnknown, rates.regionUnknown, false),
      (.checkTypo, .idCheckTypo, rates.checkTypo * 0.25, false),
    ]
    for (form, tag, rate, civilOnly) in forms {
      for source in 0..<(civilOnly ? 1 : 2) {
        let n = source == 0 ? civil.count : disability.count
        let pickCount6 = plantCount(rate, n)
        let candidates6 = (0..<(n)).filter { i in
          let r = source == 0 ? civil[i] : disability[i]
          guard CountyPlanner.isPlain(r, persons[Int(r.person)]) else { return false }
          if form == .excelScientific || form == .excelZeroed { return persons[Int(r.person)].check != 0x58 }
          return true
        }
        let picks = sample(pickCount6, from: candidates6)
        for i in picks {
          var r = source == 0 ? civil[i] : disability[i]
          let p = persons[Int(r.person)]
          r.idForm = form
          r.tags.insert(tag)
          r.altBody = p.body
          r.altLast = p.check
          switch form {
          case .checkTypo: (r.altBody, r.altLast) = checkTypo(p.body, p.check)
          case .birthInvalid:
            // 30 February, 31 April or month 13, check recomputed.
            let k = IDMath.birthKey(p.body)
            let bad = [k / 10_000 * 10_000 + 230, k / 10_000 * 10_000 + 431, k / 10_000 * 10_000 + 1315][rng.below(3)]
            r.altBody = p.body - UInt64(k) * 1000 + UInt64(bad) * 1000
            r.altLast = IDMath.check(r.altBody)
          case .birthFuture:
            let k = IDMath.birthKey(p.body)
            let monthDay = k % 10_000 == 229 ? 301 : k % 10_000
            let future = (asOf.year + 1 + rng.below(3)) * 10_000 + monthDay
            r.altBody = p.body - UInt64(k) * 1000 + UInt64(future) * 1000
            r.altLast = IDMath.check(r.altBody)
          case .birthTooEarly:
            let k = IDMath.birthKey(p.body)
            let early = (1880 + rng.below(10)) * 10_000 + (k % 10_000 == 229 ? 301 : k % 10_000)
            r.altBody = p.body - UInt64(k) * 1000 + UInt64(early) * 1000
            r.altLast = IDMath.check(r.altBody)
          case .regionUnknown:
            var code = Int32(layout.province * 10_000 + 9999)
            while IDMath.regionKnown(code) { code -= 101 }
            r.altBody = UInt64(code) * 100_000_000_000 + p.body % 100_000_000_000
            r.altLast = IDMath.check(r.altBody)
          default: break
          }
          if source == 0 { civil[i] = r } else { disability[i] = r }
        }
      }
    }
    // 15-digit legacy IDs of older persons.
    for source in 0..<2 {
      let rate = source == 0 ? rates.legacy15 : rates.legacy15 / 2
      let n = source == 0 ? civil.count : disability.count
      let eligible = (0..<n).filter { i in
        let r = source == 0 ? civil[i] : disability[i]
        let y = persons[Int(r.person)].birth.year
        return CountyPlanner.isPlain(r, persons[Int(r.person)]) && y >= 1900 && y < 1980
      }
      let pickCount7 = plantCount(rate, eligible.count)
      let candidates7 = (0..<(eligible.count)).filter { _ in true }
      for k in sample(pickCount7, from: candidates7) {
        let i = eligible[k]
        if source == 0 {
          civil[i].idForm = .legacy15
          civil[i].tags.insert(.idLegacy15)
        } else {
          disability[i].idForm = .legacy15
          disability[i].tags.insert(.idLegacy15)
        }
      }
    }
    // Typing artefacts.
    let artefacts: [(Artefact, Tag, Double, Bool)] = [
      (.fullWidth, .idFullWidth, rates.fullWidth, false), (.spaced, .idSpaced, rates.spaced, false),
      (.hyphenated, .idHyphenated, rates.hyphenated, false), (.apostrophe, .idApostrophe, rates.apostrophe, true),
      (.excelText, .idExcelText, rates.excelText, true), (.zeroWidth, .idZeroWidth, rates.zeroWidth, false),
      (.nbsp, .idNBSP, rates.nbsp, false), (.ideographicSpace, .idIdeographicSpace, rates.ideographicSpace, false),
      (.trailingSpace, .idTrailingSpace, rates.trailingSpace, false),
      (.byteOrderMark, .idByteOrderMark, rates.byteOrderMark, false),
    ]
    for (artefact, tag, rate, civilOnly) in artefacts {
      for source in 0..<(civilOnly ? 1 : 2) {
        let n = source == 0 ? civil.count : disability.count
        let pickCount8 = plantCount(rate, n)
        let candidates8 = (0..<(n)).filter { i in
          let r = source == 0 ? civil[i] : disability[i]
          return (r.idForm == .normal || r.idForm == .legacy15) && r.artefact == .none && r.broken == .none
        }
        let picks = sample(pickCount8, from: candidates8)
        for i in picks {
          if source == 0 {
            civil[i].artefact = artefact
            civil[i].tags.insert(tag)
          } else {
            disability[i].artefact = artefact
            disability[i].tags.insert(tag)
          }
        }
      }
    }
    for source in 0..<2 {
      let n = source == 0 ? civil.count : disability.count
      for i in 0..<n {
        let r = source == 0 ? civil[i] : disability[i]
        guard r.idForm == .normal, r.artefact == .none, persons[Int(r.person)].check == 0x58,
          rng.chance(rates.lowercaseX)
        else { continue }
        if source == 0 {
          civil[i].artefact = .lowercaseX
          civil[i].tags.insert(.idLowercaseX)
        } else {
          disability[i].artefact = .lowercaseX
          disability[i].tags.insert(.idLowercaseX)
        }
      }
    }
  }

  mutating func injectRecordProblems() {
    typealias C = Words.Category
    // Broken CSV rows.
    let csvKinds: [(BrokenRow, Tag, Double)] = [
      (.unterminatedQuote, .rowUnterminatedQuote, rates.unterminatedQuote),
      (.tooManyFields, .rowTooManyFields, rates.tooManyFields),
      (.encoding, .rowEncoding, style.civilEncoding == .utf16 ? 0 : rates.encodingBroken),
    ]
    for (kind, tag, rate) in csvKinds where rate > 0 {
      let pickCount9 = plantCount(rate, civil.count)
      let candidates9 = (0..<(civil.count)).filter { civil[$0].broken == .none && civil[$0].nameForm == .plain }
      for i in sample(pickCount9, from: candidates9) {
        civil[i].broken = kind
        civil[i].tags.insert(tag)
        if kind == .encoding { civil[i].nameForm = .encodingBroken }
      }
    }
    if style.civilHasRemark {
      let pickCount10 = plantCount(rates.multilineCell, civil.count)
      let candidates10 = (0..<(civil.count)).filter { civil[$0].broken == .none }
      for i in sample(pickCount10, from: candidates10) {
        civil[i].remark = 2
        civil[i].tags.insert(.multilineCell)
      }
    }
    for i in civil.indices where civil[i].remark == 0 && rng.chance(0.05) { civil[i].remark = 1 }
    // Status 死亡 on the civil roster.
    let elderly = civil.indices.filter { persons[Int(civil[$0].person)].birth.age(on: asOf) >= 60 }
    let pickCount11 = plantCount(rates.statusDead, elderly.count)
    let candidates11 = (0..<(elderly.count)).filter { _ in true }
    for k in sample(pickCount11, from: candidates11) {
      civil[elderly[k]].status = Words.Status.dead
      civil[elderly[k]].tags.insert(.statusDead)
    }
    // Categories the rules do not know, or none.
    let pairing = civil.indices.filter { !civil[$0].tags.contains(.sDibao) && civil[$0].outsideCounty < 0 }
    let pickCount12 = plantCount(rates.categoryUnknown, pairing.count)
    let candidates12 = (0..<(pairing.count)).filter { _ in true }
    for k in sample(pickCount12, from: candidates12) {
      let i = pairing[k]
      let words = Words.categories[Int(civil[i].category)].meaning
      civil[i].category = words.contains(.extremelyPoor) ? (rng.chance(0.5) ? C.unknownRural : C.unknownUrban) : C.unknownChild
      civil[i].tags.insert(.categoryUnknown)
    }
    let pickCount13 = plantCount(rates.categoryBlank, pairing.count)
    let candidates13 = (0..<(pairing.count)).filter { _ in true }
    for k in sample(pickCount13, from: candidates13) {
      civil[pairing[k]].category = C.blank
      civil[pairing[k]].tags.insert(.categoryBlank)
    }
    let dibao = civil.indices.filter { civil[$0].tags.contains(.sDibao) }
    let pickCount14 = plantCount(rates.categoryUnknown, dibao.count)
    let candidates14 = (0..<(dibao.count)).filter { _ in true }
    for k in sample(pickCount14, from: candidates14) {
      civil[dibao[k]].category = C.dibaoDisabled
      civil[dibao[k]].tags.insert(.categoryUnknown)
    }
    // Words the rules do not know.
    let pickCount15 = plantCount(rates.wordUnknown, civil.count)
    let candidates15 = (0..<(civil.count)).filter { _ in true }
    for i in sample(pickCount15, from: candidates15) {
      civil[i].status = rng.chance(0.5) ? Words.Status.suspended : Words.Status.pending
      civil[i].tags.insert(.wordUnknown)
    }
    if style.columns.contains(where: { $0.0 == .support }) {
      let pickCount16 = plantCount(rates.wordUnknown, civil.count)
      let candidates16 = (0..<(civil.count)).filter { civil[$0].support != Words.Support.blank }
      for i in sample(pickCount16, from: candidates16) {
        civil[i].support = Words.Support.unknownHome
        civil[i].tags.insert(.wordUnknown)
      }
    }
    let pickCount17 = plantCount(rates.wordUnknown * 2, disability.count)
    let candidates17 = (0..<(disability.count)).filter { _ in true }
    for i in sample(pickCount17, from: candidates17) {
      disability[i].hardship = Words.HardshipWord.unknown
      disability[i].tags.insert(.wordUnknown)
    }
    let pickCount18 = plantCount(rates.wordUnknown, disability.count)
    let candidates18 = (0..<(disability.count)).filter { _ in true }
    for i in sample(pickCount18, from: candidates18) {
      disability[i].gradeUnknownWord = true
      disability[i].tags.insert(.wordUnknown)
    }
    // Recorded birth date and sex against the ID.
    for source in 0..<2 {
      let n = source == 0 ? civil.count : disability.count
      for (rate, value, tag) in [
        (rates.birthMismatch, UInt8(1), Tag.birthMismatch), (rates.birthUnreadable, 2, .birthUnreadable),
      ] {
        let pickCount19 = plantCount(rate, n)
        let candidates19 = (0..<(n)).filter { _ in true }
        for i in sample(pickCount19, from: candidates19) {
          if source == 0 {
            civil[i].birthForm = value
            civil[i].tags.insert(tag)
          } else {
            disability[i].birthForm = value
            disability[i].tags.insert(tag)
          }
        }
      }
      for (rate, value, tag) in [(rates.sexMismatch, UInt8(1), Tag.sexMismatch), (rates.wordUnknown, 2, .wordUnknown)] {
        let pickCount20 = plantCount(rate, n)
        let candidates20 = (0..<(n)).filter { _ in true }
        for i in sample(pickCount20, from: candidates20) {
          if source == 0 {
            civil[i].sexForm = value
            civil[i].tags.insert(tag)
          } else {
            disability[i].sexForm = value
            disability[i].tags.insert(tag)
          }
        }
      }
      let pickCount21 = plantCount(rates.nameMissing, n)
      let candidates21 = (0..<(n)).filter { (source == 0 ? civil[$0] : disability[$0]).nameForm == .plain }
      for i in sample(pickCount21, from: candidates21) {
        if source == 0 {
          civil[i].nameForm = .missing
          civil[i].tags.insert(.nameMissing)
        } else {
          disability[i].nameForm = .missing
          disability[i].tags.insert(.nameMissing)
        }
      }
      let pickCount22 = plantCount(rates.spacedName, n)
      let candidates22 = (0..<(n)).filter { (source == 0 ? civil[$0] : disability[$0]).nameForm == .plain }
      for i in sample(pickCount22, from: candidates22) {
        if source == 0 {
          civil[i].nameForm = .spaced
          civil[i].tags.insert(.nameSpaced)
        } else {
          disability[i].nameForm = .spaced
          disability[i].tags.insert(.nameSpaced)
        }
      }
      for i in 0..<n {
        let r = source == 0 ? civil[i] : disability[i]
        guard r.nameForm == .plain, persons[Int(r.person)].name.contains("·") else { continue }
        if source == 0 { civil[i].tags.insert(.nameMinority) } else { disability[i].tags.insert(.nameMinority) }
        if rng.chance(rates.dotVariant) {
          if source == 0 {
            civil[i].nameForm = .dotVariant
            civil[i].tags.insert(.nameDotVariant)
          } else {
            disability[i].nameForm = .dotVariant
            disability[i].tags.insert(.nameDotVariant)
          }
        }
      }
    }
    // Certificates.
    let certs: [(CertForm, Tag, Double)] = [
      (.otherID, .certIDMismatch, rates.certIDMismatch), (.gradeMismatch, .certGradeMismatch, rates.certGradeMismatch),
      (.typeMismatch, .certTypeMismatch, rates.certTypeMismatch), (.reissued, .certReissued, rates.certReissued),
      (.malformed, .certMalformed, rates.certMalformed),
    ]
    for (form, tag, rate) in certs {
      let pickCount23 = plantCount(rate, disability.count)
      let candidates23 = (0..<(disability.count)).filter { disability[$0].certForm == .normal }
      for i in sample(pickCount23, from: candidates23) {
        disability[i].certForm = form
        disability[i].tags.insert(tag)
        if form == .otherID {
          var other = Int32(rng.below(persons.count))
          if other == disability[i].person { other = (other + 1) % Int32(persons.count) }
          disability[i].certOther = other
        }
      }
    }
    for i in disability.indices where disability[i].certForm == .normal && rng.chance(0.01) { disability[i].certForm = .blank }
    // Dates in another format than the rest of the column.
    if style.columns.contains(where: { $0.0 == .birth }) {
      let withBirth = civil.indices.filter { civil[$0].birthForm == 0 }
      let k = plantCount(0.01, withBirth.count)
      for i in sample(k, from: withBirth) { civil[i].birthStyle = UInt8(rng.below(6)) }
      let k6 = plantCount(0.003, withBirth.count)
      for i in sample(k6, from: withBirth) { civil[i].birthStyle = 6 }
      for i in civil.indices where civil[i].birthForm == 0 {
        let s = civil[i].birthStyle == 255 ? style.birthStyle : Int(civil[i].birthStyle)
        if civil[i].birthStyle == 6 || (civil[i].birthStyle == 255 && style.monthOnlyBirth) {
          civil[i].tags.insert(.birthMonthOnly)
        } else if s == 5, persons[Int(civil[i].person)].birth >= CountyRenderer.excelFirst {
          civil[i].tags.insert(.birthExcelSerial)
        }
      }
    }
  }

  /// About 1% of persons (the elderly five times as often) are in the deaths list, a few dated
  /// after the reference date; some entries are persons on no roster.
  mutating func makeDeaths() {
    var rostered = [Bool](repeating: false, count: persons.count)
    for r in civil { rostered[Int(r.person)] = true }
    for r in disability { rostered[Int(r.person)] = true }
    func weight(_ p: Person) -> Double {
      let age = p.birth.age(on: asOf)
      return age >= 70 ? 5 : age >= 60 ? 2 : 0.5
    }
    var total = 0.0
    var n = 0
    for (i, p) in persons.enumerated() where rostered[i] && p.outside < 0 {
      total += weight(p)
      n += 1
    }
    guard n > 0 else { return }
    let mean = total / Double(n)
    var chosen: [Int32] = []
    for (i, p) in persons.enumerated() where rostered[i] && p.outside < 0 {
      if rng.chance(rates.deaths * weight(p) / mean) { chosen.append(Int32(i)) }
    }
    if chosen.isEmpty, let first = persons.indices.first(where: { rostered[$0] && persons[$0].outside < 0 }) {
      chosen.append(Int32(first))
    }
    let unmatched = max(1, rng.count(mean: Double(chosen.count) * rates.deathUnmatched))
    for _ in 0..<unmatched {
      let p = newPerson(birth: birth(age: 60...98), village: randomVillage())
      deathOnly.insert(p)
      chosen.append(p)
    }
    var futurePlanted = false
    var monthPlanted = false
    var deathTag = [Tag?](repeating: nil, count: persons.count)
    for (k, p) in chosen.enumerated() {
      var e = DeathEntry(
        person: p, date: CalendarDate(daysSinceEpoch: asOf.daysSinceEpoch - rng.int(in: 1...365)), monthOnly: false,
        legacy15: false, artefact: .none, dateStyle: UInt8(rng.pick(cumulative: [0.6, 0.8, 0.9, 1.0])), tags: Tags(.sDeathEntry))
      if deathOnly.contains(p) { e.tags.insert(.deathUnmatched) } else { e.tags.insert(.deathListed) }
      if rng.chance(rates.deathFuture) || (!futurePlanted && k == 0) {
        e.date = CalendarDate(daysSinceEpoch: asOf.daysSinceEpoch + rng.int(in: 1...90))
        e.tags.insert(.deathFutureDate)
        futurePlanted = true
      } else if rng.chance(0.03) || (!monthPlanted && k == 1) {
        // Month only, in an earlier month.
        let back = CalendarDate(daysSinceEpoch: asOf.daysSinceEpoch - 31 - rng.below(300))
        e.date = CalendarDate(year: back.year, month: back.month, day: 1)!
        e.monthOnly = true
        e.tags.insert(.deathMonthOnly)
        monthPlanted = true
      }
      let person = persons[Int(p)]
      let region = IDMath.region(person.body)
      if person.birth.year < 1980, person.birth.year >= 1900, region / 10_000 < 81, rng.chance(0.02) {
        e.legacy15 = true
        e.tags.insert(.idLegacy15)
      } else if rng.chance(0.02) {
        e.artefact = rng.chance(0.5) ? .spaced : .trailingSpace
        e.tags.insert(e.artefact == .spaced ? .idSpaced : .idTrailingSpace)
      }
      deaths.append(e)
      if !deathOnly.contains(p) { deathTag[Int(p)] = e.tags.contains(.deathFutureDate) ? .deathFutureDate : .deathListed }
    }
    // Tag the roster records of the persons.
    for i in civil.indices { if let t = deathTag[Int(civil[i].person)] { civil[i].tags.insert(t) } }
    for i in disability.indices { if let t = deathTag[Int(disability[i].person)] { disability[i].tags.insert(t) } }
  }

  /// Excel turned the civil-affairs sheet's ID column (and the household's head-ID column) into
  /// numbers: every 18-digit ID typed without text-forcing lost its last three digits.
  mutating func damageIDColumn() {
    for i in civil.indices {
      var r = civil[i]
      r.tags.insert(.idExcelColumnDamaged)
      guard r.artefact == .none else {
        civil[i] = r
        continue
      }
      let p = persons[Int(r.person)]
      let core: (UInt64, UInt8)?
      switch r.idForm {
      case .normal: core = (p.body, p.check)
      case .checkTypo, .bodyTypo, .otherID, .birthInvalid, .birthFuture, .birthTooEarly, .regionUnknown:
        core = (r.altBody, r.altLast)
      default: core = nil
      }
      if let (b, last) = core, last != 0x58 {
        r.idForm = .excelZeroed
        r.altBody = b
        r.altLast = last
      }
      civil[i] = r
    }
  }

  /// IDs whose address code has since been retired.
  mutating func tagRegions() {
    let retired = Set(spec.codes.filter { $0.end != nil }.map(\.code))
    let current = spec.codes.last.map(\.code)
    for source in 0..<2 {
      let n = source == 0 ? civil.count : disability.count
      for i in 0..<n {
        let r = source == 0 ? civil[i] : disability[i]
        let p = persons[Int(r.person)]
        let code = IDMath.region(p.body)
        var tags = Tags()
        if retired.contains(code), r.idForm == .normal || r.idForm == .legacy15 { tags.insert(.idRegionRetired) }
        if code == current, p.birth.year < 1984, let c = spec.codes.last, c.start > 1984 { tags.insert(.idRegionNotYetInUse) }
        if code / 10_000 == 81 || code / 10_000 == 82 || code / 10_000 == 83 { tags.insert(.idPermit) }
        if p.check == 0x30, p.body % 100 == 0, !p.male { tags.insert(.idZeroEnding) }
        guard !tags.isEmpty else { continue }
        for t in tags.tags {
          if source == 0 { civil[i].tags.insert(t) } else { disability[i].tags.insert(t) }
        }
      }
    }
  }

  /// Puts both rosters in file order: by township, village, then household (members together),
  /// households in random order.
  mutating func order() {
    var blockRank = [UInt32](repeating: 0, count: Int(blockCount))
    for i in blockRank.indices { blockRank[i] = UInt32(truncatingIfNeeded: rng.next()) }
    func sortKey(_ r: Rec, _ block: Int32, _ index: Int) -> (Int32, Int32, UInt32, Int) {
      let v = r.village
      return (villages[Int(v)].township, v, blockRank[Int(block)], index)
    }
    var civilOrder = Array(civil.indices)
    let civilKeys = civil.indices.map { sortKey(civil[$0], civilBlock[$0], $0) }
    civilOrder.sort { civilKeys[$0] < civilKeys[$1] }
    civil = civilOrder.map { civil[$0] }
    civilBlock = civilOrder.map { civilBlock[$0] }
    var disabilityOrder = Array(disability.indices)
    let disabilityKeys = disability.indices.map { sortKey(disability[$0], disabilityBlock[$0], $0) }
    disabilityOrder.sort { disabilityKeys[$0] < disabilityKeys[$1] }
    disability = disabilityOrder.map { disability[$0] }
    disabilityBlock = disabilityOrder.map { disabilityBlock[$0] }
    // Blank lines in the civil-affairs sheet.
    for _ in 0..<plantCount(rates.blankLines, civil.count) {
      let at = 1 + rng.below(max(1, civil.count - 1))
      if at < civil.count, blankLinesBefore.insert(at).inserted { civil[at].tags.insert(.afterBlankLine) }
    }
  }
}

/// The mix of disability types (视力 … 多重), roughly as in the 2006 national survey.
enum DisabilityMix {
  static let types = cumulative([0.15, 0.10, 0.03, 0.35, 0.15, 0.15, 0.07])
}
