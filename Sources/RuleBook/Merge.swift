import RosterCore

/// Merges layers (the base first) into effective ``Rules``, resolving words that refer to the
/// vocabularies and checking what only the merged rules can show.
struct LayerMerger {
  private var name = ""
  private var aliases: [Field: [Located<String>]] = [:]
  /// Per vocabulary, matching key → (word as written, meaning), in order of first appearance.
  private var words: [VocabularyKind: [(key: String, word: Located<String>, meaning: String)]] =
    [:]
  private var childAgeLimit: Int?
  private var grades: [Located<Int>]?
  private var hardship: [Located<String>]?
  private var unsuitable: [Located<UnsuitableSpec>] = []
  private var codes: [Located<String>] = []
  private var names: [Located<String>] = []
  private var idMinimumCount = IDColumnDefaults.count
  private var idMinimumShare = IDColumnDefaults.share

  private enum IDColumnDefaults {
    static let count = Rules.IDColumnRules().minimumCount
    static let share = Rules.IDColumnRules().minimumShare
  }

  mutating func apply(_ layer: Layer) throws(RuleBookError) {
    if let n = layer.name { name = n }
    for (field, edit) in layer.headerAliases {
      let (result, unmatched) = edit.apply(to: aliases[field] ?? []) {
        Rules.Vocabulary.matchingKey($0.value) == Rules.Vocabulary.matchingKey($1.value)
      }
      if let u = unmatched.first {
        throw .invalidValue(
          file: u.file, line: u.line, keyPath: "header_aliases.\(field.rawValue).remove",
          expected: "an inherited alias", found: RuleBookError.quote(u.value))
      }
      aliases[field] = result
    }
    for kind in VocabularyKind.allCases {
      guard let entries = layer.vocabulary[kind] else { continue }
      var list = words[kind] ?? []
      for entry in entries {
        let key = Rules.Vocabulary.matchingKey(entry.word.value)
        let index = list.firstIndex { $0.key == key }
        if let meaning = entry.meaning {
          let item = (key: key, word: entry.word, meaning: meaning)
          if let index { list[index] = item } else { list.append(item) }
        } else if let index {
          list.remove(at: index)
        } else {
          throw .invalidValue(
            file: entry.word.file, line: entry.word.line,
            keyPath: "vocabulary.\(kind.rawValue).\(entry.word.value)",
            expected: "a meaning (null removes an inherited word, and there is none to remove)",
            found: "nothing")
        }
      }
      words[kind] = list
    }
    if let age = layer.childAgeLimit { childAgeLimit = age }
    if let edit = layer.eligibleGrades {
      grades = try applyScalarEdit(
        edit, to: grades ?? [], path: "eligibility.eligible_disability_grades")
    }
    if let edit = layer.qualifyingHardship {
      hardship = try applyScalarEdit(
        edit, to: hardship ?? [], path: "eligibility.qualifying_hardship")
    }
    if let edit = layer.unsuitable {
      let (result, unmatched) = edit.apply(to: unsuitable) {
        $0.value.field.value == $1.value.field.value && $0.value.label == $1.value.label
      }
      if let u = unmatched.first {
        throw .invalidValue(
          file: u.file, line: u.line, keyPath: "unsuitable.remove",
          expected: "an inherited condition (same field and label)",
          found: RuleBookError.quote(u.value.label))
      }
      unsuitable = result
    }
    if let edit = layer.jurisdictionCodes {
      codes = try applyScalarEdit(edit, to: codes, path: "jurisdiction.codes")
    }
    if let edit = layer.jurisdictionNames {
      names = try applyScalarEdit(edit, to: names, path: "jurisdiction.names")
    }
    if let n = layer.idColumnMinimumCount { idMinimumCount = n }
    if let s = layer.idColumnMinimumShare { idMinimumShare = s }
  }

  private func applyScalarEdit<T: Equatable & CustomStringConvertible>(
    _ edit: ListEdit<Located<T>>, to base: [Located<T>], path: String
  ) throws(RuleBookError) -> [Located<T>] {
    let (result, unmatched) = edit.apply(to: base) { $0.value == $1.value }
    if let u = unmatched.first {
      throw .invalidValue(
        file: u.file, line: u.line, keyPath: "\(path).remove", expected: "an inherited value",
        found: RuleBookError.quote(u.value.description))
    }
    return result
  }

  /// The effective rules.
  func rules(source: Rules.Source, file: String) throws(RuleBookError) -> Rules {
    var rules = Rules(name: name, source: source)
    func missing(_ keyPath: String) -> RuleBookError {
      .invalidValue(
        file: file, line: nil, keyPath: keyPath,
        expected: "a value (set it in this file, or extend baseline.yml)", found: "nothing")
    }
    guard let childAgeLimit else { throw missing("eligibility.child_age_limit") }
    guard let grades else { throw missing("eligibility.eligible_disability_grades") }
    guard let hardship else { throw missing("eligibility.qualifying_hardship") }
    guard let idAliases = aliases[.idNumber], !idAliases.isEmpty else {
      throw missing("header_aliases.id_number")
    }

    // Header aliases: one alias may not name two fields.
    var owner: [String: (Field, Located<String>)] = [:]
    for field in Field.allCases {
      guard let list = aliases[field] else { continue }
      for alias in list {
        let key = Rules.Vocabulary.matchingKey(alias.value)
        if let (other, _) = owner[key], other != field {
          throw .conflict(
            file: alias.file, line: alias.line, keyPath: "header_aliases.\(field.rawValue)",
            message: "the header \(RuleBookError.quote(alias.value)) is already an alias of "
              + "\(other.rawValue); a header can name only one field")
        }
        owner[key] = (field, alias)
      }
      rules.headerAliases[field] = list.map(\.value)
    }

    // Vocabularies.
    func table(_ kind: VocabularyKind) -> [String: String] {
      var out: [String: String] = [:]
      for item in words[kind] ?? [] { out[item.word.value] = item.meaning }
      return out
    }
    rules.vocabulary.categories = table(.categories).compactMapValues(Category.init(rawValue:))
    rules.vocabulary.statuses = table(.statuses).compactMapValues(SupportStatus.init(rawValue:))
    rules.vocabulary.supportModes = table(.supportModes).compactMapValues(
      SupportMode.init(rawValue:))
    rules.vocabulary.hardship = table(.hardship).compactMapValues(Hardship.init(rawValue:))
    rules.vocabulary.disabilityTypes = table(.disabilityTypes).compactMapValues { Int($0) }
    rules.vocabulary.disabilityGrades = table(.disabilityGrades).compactMapValues { Int($0) }
    rules.vocabulary.sexes = table(.sexes).compactMapValues(Sex.init(rawValue:))

    // Eligibility.
    rules.eligibility.childAgeLimit = childAgeLimit
    rules.eligibility.eligibleDisabilityGrades = Set(grades.map(\.value))
    var qualifying = Set<Hardship>()
    for item in hardship {
      guard let meaning = resolve(item.value, in: .hardship) else {
        throw .invalidValue(
          file: item.file, line: item.line, keyPath: "eligibility.qualifying_hardship",
          expected: "a hardship meaning ("
            + VocabularyKind.hardship.meanings.joined(separator: ", ")
            + ") or a word of vocabulary.hardship",
          found: RuleBookError.quote(item.value))
      }
      qualifying.insert(Hardship(rawValue: meaning)!)
    }
    rules.eligibility.qualifyingHardship = qualifying

    // Unsuitable conditions: vocabulary words become meanings.
    for (i, item) in unsuitable.enumerated() {
      let spec = item.value
      var values: [String] = []
      for value in spec.values {
        if let kind = VocabularyKind(field: spec.field.value) {
          guard let meaning = resolve(value.value, in: kind) else {
            throw .invalidValue(
              file: value.file, line: value.line, keyPath: "unsuitable[\(i)].values",
              expected: "a meaning of \(spec.field.value.rawValue) ("
                + kind.meanings.joined(separator: ", ") + ") or a word of vocabulary."
                + kind.rawValue,
              found: RuleBookError.quote(value.value))
          }
          if !values.contains(meaning) { values.append(meaning) }
        } else if !values.contains(value.value) {
          values.append(value.value)
        }
      }
      rules.unsuitable.append(
        Rules.UnsuitableCondition(field: spec.field.value, values: values, label: spec.label))
    }

    // Jurisdiction.
    let jurisdiction = Rules.Jurisdiction(codes: codes.map(\.value), names: names.map(\.value))
    rules.jurisdiction = jurisdiction.isEmpty ? nil : jurisdiction

    rules.idColumn = Rules.IDColumnRules(minimumCount: idMinimumCount, minimumShare: idMinimumShare)
    return rules
  }

  /// A meaning as written, or the meaning of a vocabulary word.
  private func resolve(_ value: String, in kind: VocabularyKind) -> String? {
    if kind.meanings.contains(value) { return value }
    let key = Rules.Vocabulary.matchingKey(value)
    return words[kind]?.first { $0.key == key }?.meaning
  }
}
