import RosterCore

extension RuleBook {
  /// The effective rules as a rules file: every key written out, deterministic (fields in
  /// contract order, vocabulary words grouped by meaning and sorted), loadable again with
  /// ``parse(yaml:file:)`` to the same rules. `rostercheck rules check` prints this.
  ///
  /// ```swift
  /// let text = RuleBook.yaml(rules)
  /// try RuleBook.parse(yaml: text, file: "effective.yml").vocabulary == rules.vocabulary
  /// ```
  public static func yaml(_ rules: Rules) -> String {
    var out = ""
    out += "name: \(quoted(rules.name))\n"

    out += "\nheader_aliases:\n"
    for field in Field.allCases {
      guard let aliases = rules.headerAliases[field] else { continue }
      out += "  \(field.rawValue): [\(aliases.map(quoted).joined(separator: ", "))]\n"
    }

    out += "\nvocabulary:\n"
    for kind in VocabularyKind.allCases {
      let words = rules.vocabulary.words(for: kind.field) ?? [:]
      out += "  \(kind.rawValue):"
      if words.isEmpty {
        out += " {}\n"
        continue
      }
      out += "\n"
      let order = Dictionary(uniqueKeysWithValues: kind.meanings.enumerated().map { ($1, $0) })
      let sorted = words.sorted { a, b in
        let (ra, rb) = (order[a.value] ?? .max, order[b.value] ?? .max)
        if ra != rb { return ra < rb }
        return a.key.unicodeScalars.lexicographicallyPrecedes(b.key.unicodeScalars)
      }
      for (word, meaning) in sorted {
        out += "    \(quoted(word)): \(meaning)\n"
      }
    }

    let e = rules.eligibility
    out += "\neligibility:\n"
    out += "  child_age_limit: \(e.childAgeLimit)\n"
    out +=
      "  eligible_disability_grades: ["
      + e.eligibleDisabilityGrades.sorted().map(String.init).joined(separator: ", ") + "]\n"
    out +=
      "  qualifying_hardship: ["
      + Hardship.allCases.filter(e.qualifyingHardship.contains).map(\.rawValue).joined(
        separator: ", ") + "]\n"

    out += "\nunsuitable:"
    if rules.unsuitable.isEmpty {
      out += " []\n"
    } else {
      out += "\n"
      for c in rules.unsuitable {
        out += "  - field: \(c.field.rawValue)\n"
        out += "    values: [\(c.values.map(quoted).joined(separator: ", "))]\n"
        out += "    label: \(quoted(c.label))\n"
      }
    }

    let j = rules.jurisdiction ?? Rules.Jurisdiction()
    out += "\njurisdiction:\n"
    out += "  codes: [\(j.codes.map(quoted).joined(separator: ", "))]\n"
    out += "  names: [\(j.names.map(quoted).joined(separator: ", "))]\n"

    out += "\nid_column:\n"
    out += "  minimum_count: \(rules.idColumn.minimumCount)\n"
    out += "  minimum_share: \(rules.idColumn.minimumShare)\n"
    return out
  }

  /// A YAML double-quoted scalar.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for s in text.unicodeScalars {
      switch s.value {
      case 0x22: out += "\\\""
      case 0x5C: out += "\\\\"
      case 0x0A: out += "\\n"
      case 0x09: out += "\\t"
      case 0x0D: out += "\\r"
      case 0..<0x20, 0x7F, 0x85, 0x2028, 0x2029, 0xFEFF:
        let hex = String(s.value, radix: 16, uppercase: true)
        out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
      default: out.unicodeScalars.append(s)
      }
    }
    return out + "\""
  }
}
