import RosterCore

/// The normalized text of recent short values of the free-text fields (relation, county,
/// township, village) and of the household key, for normalizing many records on one thread.
///
/// Roster columns repeat (a file holds a handful of counties, townships and relations,
/// villages come in runs and household members come together), so a hit skips decoding and
/// cleaning the cell and the records share one string: held by 5.8M records, a county name or
/// household key of more than 15 bytes would otherwise be an allocation each (and the shared
/// strings let `VerifiedRecord.PlaceCache` share addresses). A value is found by its bytes (up
/// to 24, compared exactly), in one of 64 entries per field chosen by a hash; a miss replaces
/// the entry. Not thread-safe: one cache per thread (``RecordNormalizer`` takes it per call).
///
/// ```swift
/// let texts = TextCache()
/// for raw in batch { subjects.append(normalizer.normalize(raw, texts: texts)) }
/// ```
public final class TextCache {
  struct Entry {
    var w0: UInt64 = 0
    var w1: UInt64 = 0
    var w2: UInt64 = 0
    var count = -1
    var text = ""
  }

  static let fields: [Field] = [.relation, .county, .township, .village, .householdID]
  static let entriesPerField = 64

  /// The position of `field` in ``fields``.
  @inline(__always) static func column(_ field: Field) -> Int {
    switch field {
    case .relation: 0
    case .county: 1
    case .township: 2
    case .village: 3
    case .householdID: 4
    default: preconditionFailure("\(field) is not a field of the text cache")
    }
  }
  private let entries: UnsafeMutablePointer<Entry>
  /// One shared place per address of the batch, made of this cache's shared texts.
  public let places = VerifiedRecord.PlaceCache()

  public init() {
    let n = TextCache.fields.count * TextCache.entriesPerField
    entries = .allocate(capacity: n)
    entries.initialize(repeating: Entry(), count: n)
  }

  deinit {
    entries.deinitialize(count: TextCache.fields.count * TextCache.entriesPerField)
    entries.deallocate()
  }

  /// `normalize` of the text of the UTF-8 `bytes` of `field`, one of ``fields``
  /// (``TextCleaner/clean(_:)``, or ``FieldNormalizer/householdKey(_:)`` for the household).
  @inline(__always)
  func text(
    _ bytes: UnsafeBufferPointer<UInt8>, of field: Field, _ normalize: (String) -> String
  ) -> String {
    let n = bytes.count
    if n == 0 { return "" }
    guard n <= 24, let base = bytes.baseAddress else {
      return normalize(String(decoding: bytes, as: UTF8.self))
    }
    // The bytes as three little-endian words, zero-padded (read by loads, not copied into
    // a tuple and read back: those loads stalled on the copy's narrower stores).
    let w = (
      PackedBytes.word(base, min(n, 8)), PackedBytes.word(base + 8, max(0, min(n - 8, 8))),
      PackedBytes.word(base + 16, max(0, n - 16))
    )
    let h = (w.0 &* 0x9E37_79B9_7F4A_7C15) ^ (w.1 &* 0xC2B2_AE3D_27D4_EB4F)
      ^ (w.2 &* 0x1656_67B1_9E37_79F9) ^ UInt64(n)
    let slot = Int(truncatingIfNeeded: (h ^ (h >> 29)) >> 58)  // 0..<64
    let entry = entries + TextCache.column(field) * TextCache.entriesPerField + slot
    if entry.pointee.count == n && entry.pointee.w0 == w.0 && entry.pointee.w1 == w.1
      && entry.pointee.w2 == w.2
    {
      return entry.pointee.text
    }
    let text = normalize(String(decoding: bytes, as: UTF8.self))
    entry.pointee = Entry(w0: w.0, w1: w.1, w2: w.2, count: n, text: text)
    return text
  }
}
