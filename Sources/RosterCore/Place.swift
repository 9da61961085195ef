extension VerifiedRecord {
  /// A record's address — county, township, village — held once for all the records that
  /// share it. The records of one village are many (a province's six million records name
  /// a few tens of thousands of villages), so one reference in each record instead of three
  /// strings keeps a province's records 40 bytes each (230 MB) smaller.
  ///
  /// Records read through ``VerifiedRecord/county``, ``VerifiedRecord/township`` and
  /// ``VerifiedRecord/village``; equality and hashing are by the three texts, never by identity.
  ///
  /// ```swift
  /// let places = VerifiedRecord.PlaceCache()
  /// subject1.setAddress(county: county, township: township, village: village, sharingWith: places)
  /// subject2.setAddress(county: county, township: township, village: village, sharingWith: places)
  /// VerifiedRecord(subject1).place === VerifiedRecord(subject2).place  // same strings: one place
  /// ```
  @usableFromInline final class Place: Hashable, Sendable {
    @usableFromInline let county: String
    @usableFromInline let township: String
    @usableFromInline let village: String

    @usableFromInline init(county: String, township: String, village: String) {
      self.county = county
      self.township = township
      self.village = village
    }

    /// The place of records without an address: shared by all of them.
    @usableFromInline static let none = Place(county: "", township: "", village: "")

    /// A place with these texts: ``none`` when all three are empty, else a new one.
    @usableFromInline static func make(county: String, township: String, village: String) -> Place {
      county.isEmpty && township.isEmpty && village.isEmpty
        ? none : Place(county: county, township: township, village: village)
    }

    @usableFromInline static func == (a: Place, b: Place) -> Bool {
      a === b || (a.county == b.county && a.township == b.township && a.village == b.village)
    }

    @usableFromInline func hash(into hasher: inout Hasher) {
      hasher.combine(county)
      hasher.combine(township)
      hasher.combine(village)
    }
  }

  /// Gives the records whose address is set with it (``SubjectRecord/setAddress(county:township:village:sharingWith:)``,
  /// which a batch's `TextCache` does) one shared ``Place`` per address; their compact records
  /// keep it.
  ///
  /// Addresses are told apart by their strings' storage, not their text: two strings are the
  /// same address part when they are the same small string or share one buffer — as the
  /// texts of one batch do when its records were normalized with one `TextCache`. Texts that
  /// are equal but stored apart only cost a second `Place`; they are never confused, since the
  /// cache keeps every string it compares against alive. 64 entries, direct-mapped: a batch
  /// whose records come village by village (as rosters do) makes one `Place` per village.
  public final class PlaceCache {
    private struct Entry {
      var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
      var place: Place?
    }

    private var entries = [Entry](repeating: Entry(), count: 64)

    public init() {}

    /// The shared place of these texts.
    @usableFromInline func place(county: String, township: String, village: String) -> Place {
      if county.isEmpty && township.isEmpty && village.isEmpty { return .none }
      let (c0, c1) = PlaceCache.words(county)
      let (t0, t1) = PlaceCache.words(township)
      let (v0, v1) = PlaceCache.words(village)
      var h = (c0 ^ c1 &* 31) &* 0x9E37_79B9_7F4A_7C15
      h = (h ^ t0 ^ t1 &* 31) &* 0x9E37_79B9_7F4A_7C15
      h = (h ^ v0 ^ v1 &* 31) &* 0x9E37_79B9_7F4A_7C15
      let slot = Int(truncatingIfNeeded: h >> 58)  // 6 bits: 64 entries
      return entries.withUnsafeMutableBufferPointer { e in
        if let place = e[slot].place, e[slot].words == (c0, c1, t0, t1, v0, v1) { return place }
        let place = Place(county: county, township: township, village: village)
        e[slot] = Entry(words: (c0, c1, t0, t1, v0, v1), place: place)
        return place
      }
    }

    /// A string's two words: equal words mean the same small string or the same buffer.
    @inline(__always) private static func words(_ s: String) -> (UInt64, UInt64) {
      unsafeBitCast(s, to: (UInt64, UInt64).self)
    }
  }
}
