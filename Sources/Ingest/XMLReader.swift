internal import CLibXML2
import RosterCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One-time libxml2 set-up: initialise the library (required before threads use it) and
/// install an external-entity loader that loads nothing.
enum LibXML {
  static let setUp: Void = {
    xmlInitParser()
    rostercheck_xml_install_deny_loader()
  }()

  /// Options for every document: no network, no error printing, big line numbers. Never
  /// NOENT (entity substitution), DTDLOAD, DTDATTR, DTDVALID, XINCLUDE, RECOVER or HUGE.
  static let options: Int32 = Int32(
    XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
      | XML_PARSE_BIG_LINES.rawValue)

  /// libxml2 error codes that mean an entity or a DTD was involved.
  static let entityErrors: Set<Int32> = [
    Int32(XML_ERR_UNDECLARED_ENTITY.rawValue), Int32(XML_WAR_UNDECLARED_ENTITY.rawValue),
    Int32(XML_ERR_ENTITY_IS_EXTERNAL.rawValue), Int32(XML_ERR_ENTITY_IS_PARAMETER.rawValue),
    Int32(XML_ERR_ENTITY_PE_INTERNAL.rawValue), Int32(XML_ERR_ENTITY_LOOP.rawValue),
    Int32(XML_ERR_ENTITY_BOUNDARY.rawValue), Int32(XML_ERR_ENTITY_PROCESSING.rawValue),
    Int32(XML_ERR_ENTITYREF_IN_DTD.rawValue), Int32(XML_IO_LOAD_ERROR.rawValue),
    Int32(XML_ERR_EXT_ENTITY_STANDALONE.rawValue), Int32(XML_ERR_ENTITY_CHAR_ERROR.rawValue),
    Int32(XML_ERR_ENTITY_NOT_FINISHED.rawValue), Int32(XML_ERR_ENTITY_NOT_STARTED.rawValue),
  ]

  /// The SAX handler of every document. Only element and text events are handled; every
  /// declaration (DOCTYPE with an external ID, ELEMENT, ATTLIST, ENTITY, NOTATION) and every
  /// entity reference stops the parser, so no entity is ever expanded or loaded.
  nonisolated(unsafe) static let handler: xmlSAXHandler = {
    var sax = xmlSAXHandler()
    sax.initialized = XML_SAX2_MAGIC
    sax.startElementNs = { ctx, localname, _, _, _, _, nbAttributes, _, attributes in
      XMLReader.with(ctx) { $0.startElement(localname, Int(nbAttributes), attributes) }
    }
    sax.endElementNs = { ctx, _, _, _ in XMLReader.with(ctx) { $0.endElement() } }
    sax.characters = { ctx, ch, len in XMLReader.with(ctx) { $0.characters(ch, Int(len)) } }
    sax.cdataBlock = { ctx, ch, len in XMLReader.with(ctx) { $0.characters(ch, Int(len)) } }
    sax.internalSubset = { ctx, _, externalID, systemID in
      if externalID != nil || systemID != nil {
        XMLReader.with(ctx) { $0.forbid("a DOCTYPE that refers to an external DTD") }
      }
    }
    sax.externalSubset = { ctx, _, externalID, systemID in
      if externalID != nil || systemID != nil {
        XMLReader.with(ctx) { $0.forbid("a DOCTYPE that refers to an external DTD") }
      }
    }
    sax.entityDecl = { ctx, _, _, _, _, _ in
      XMLReader.with(ctx) { $0.forbid("an entity declaration (<!ENTITY …>)") }
    }
    sax.unparsedEntityDecl = { ctx, _, _, _, _ in
      XMLReader.with(ctx) { $0.forbid("an entity declaration (<!ENTITY …>)") }
    }
    sax.elementDecl = { ctx, _, _, _ in
      XMLReader.with(ctx) { $0.forbid("a DOCTYPE with an internal subset (<!ELEMENT …>)") }
    }
    sax.attributeDecl = { ctx, _, _, _, _, _, _ in
      XMLReader.with(ctx) { $0.forbid("a DOCTYPE with an internal subset (<!ATTLIST …>)") }
    }
    sax.notationDecl = { ctx, _, _, _ in
      XMLReader.with(ctx) { $0.forbid("a DOCTYPE with an internal subset (<!NOTATION …>)") }
    }
    sax.reference = { ctx, _ in XMLReader.with(ctx) { $0.forbid("an entity reference (&name;)") } }
    sax.getEntity = { _, _ in nil }
    sax.getParameterEntity = { _, _ in nil }
    sax.resolveEntity = { _, _, _ in nil }
    sax.serror = { ctx, error in
      guard let ctx, let error else { return }
      XMLReader.with(ctx) { $0.libxmlError(error.pointee) }
    }
    return sax
  }()
}

/// What a reader has decided about a file: the record element and the columns so far.
struct XMLColumnState: Sendable {
  var recordName: [CChar]
  var routing: ColumnRouting
  var columnIndex: [String: Int]
}

/// The state the SAX callbacks update, kept behind a pointer: the callbacks run millions of
/// times, and stored properties of a class would pay an exclusivity check on every access.
struct SAXState {
  var depth = 0
  var decided = false
  var skipping = false
  var recordLine = 0
  var recordName: [CChar] = []
  var currentName: [CChar] = [0]
  var pairs: [(String, String)] = []
  var fieldName: UnsafePointer<xmlChar>?
  /// The text of the current field element, accumulated over `characters` events.
  var text: UnsafeMutablePointer<UInt8> = .allocate(capacity: 256)
  var textCount = 0
  var textCapacity = 256
  var fieldTooLong = false
  /// The current field's text reached `maxRowBytes`: the rest of it is dropped.
  var textFull = false
  /// Position of the next field within the record, and per position the name last seen
  /// there with its column: records list their fields in the same order.
  var fieldIndex = 0
  var slotNames: [[CChar]] = []
  var slotColumns: [Int] = []
  /// Per position, the address of the name last matched there: libxml2 interns names in the
  /// parser's dictionary, which lives as long as the parser, so the same address is the same
  /// name and needs no `strcmp`.
  var slotPointers: [UnsafeRawPointer?] = []
  /// The address of the record element's name, once matched.
  var recordNamePointer: UnsafeRawPointer?
  /// `routing.targets`, copied when a column is added.
  var targets: [Int] = []
}

/// The streaming XML reader behind ``RosterReader``: libxml2's SAX2 push parser, fed in
/// chunks, so memory stays flat and every record completed before an error is kept (a pull
/// reader parses ahead and loses them). The repeating child element of the root is a record;
/// its child elements and attributes are fields. A record's line is the line of its start tag.
final class XMLReader: RecordSource {
  @exclusivity(unchecked) private(set) var report: FileReport
  @exclusivity(unchecked) private var ctxt: xmlParserCtxtPtr?
  private let input: any ByteSource
  private let chunk: UnsafeMutablePointer<UInt8>
  private let chunkSize: Int
  private let fileName: String
  private let source: SourceKind
  private let matcher: HeaderMatcher
  private let options: IngestOptions

  @exclusivity(unchecked) private var routing = ColumnRouting()
  @exclusivity(unchecked) private var columnIndex: [String: Int] = [:]
  /// Names come from libxml2's dictionary: a name pointer → its column. Each hit is confirmed
  /// with `strcmp` against the stored name, so a reused address cannot mislead.
  @exclusivity(unchecked) private var nameCache: [UnsafeRawPointer: (column: Int, name: [CChar])] = [:]
  /// The record being built.
  private let cells = RawCellsBuilder()

  // Parse state.
  private let st: UnsafeMutablePointer<SAXState> = {
    let p = UnsafeMutablePointer<SAXState>.allocate(capacity: 1)
    p.initialize(to: SAXState())
    return p
  }()
  private var decided: Bool {
    get { st.pointee.decided }
    set { st.pointee.decided = newValue }
  }
  private var recordName: [CChar] {
    get { st.pointee.recordName }
    set { st.pointee.recordName = newValue }
  }
  @exclusivity(unchecked) private var lookahead: [(name: [CChar], line: Int, pairs: [(String, String)], tooLong: Bool)] = []

  /// Records parsed and not yet returned, the next one last (records are moved out with
  /// `popLast`, not copied): parsing appends in file order, then the queue is reversed.
  @exclusivity(unchecked) private var queue: [RawRecord] = []
  @exclusivity(unchecked) private var fed = false
  @exclusivity(unchecked) private var stopped = false
  @exclusivity(unchecked) private var finished = false
  @exclusivity(unchecked) private var forbidden: (line: Int, what: String)?
  /// Records of the file read before this reader's first one (a reader that continues a file
  /// part-way through, ``XMLSegments``): the count a stop message gives as kept.
  private var recordsBefore = 0
  /// A reader of one segment ahead of time: a field name not in the columns it was given, or
  /// any stop, ends it with `speculationFailed` instead of a new column or a stop record.
  private var speculative = false
  /// Set when a speculative reader met something only an in-order reader may handle.
  private(set) var speculationFailed = false
  /// The record element was chosen from a full lookahead (`IngestOptions.xmlLookahead`
  /// elements under the root), not from fewer at the end of the input.
  private(set) var decidedByLookahead = false
  @exclusivity(unchecked) private var errors: [(code: Int32, level: Int32, line: Int, message: String)] = []

  /// What every reader sets up: the input, the report, a push parser with the safe options.
  private init(
    base input: any ByteSource, file: String, kind: SourceKind, matcher: HeaderMatcher,
    options: IngestOptions, encoding: TextEncoding
  ) throws {
    _ = LibXML.setUp
    rostercheck_xml_silence_thread()
    self.input = input
    fileName = file
    source = kind
    self.matcher = matcher
    self.options = options
    chunkSize = max(256, min(options.chunkSize, 256 << 10))
    chunk = .allocate(capacity: chunkSize)
    report = FileReport(file: file, source: kind, format: .xml, encoding: encoding)
    var sax = LibXML.handler
    ctxt = xmlCreatePushParserCtxt(&sax, Unmanaged.passUnretained(self).toOpaque(), nil, 0, file)
    guard let ctxt else {
      // `deinit` frees the chunk: every stored property is set by now.
      throw IngestError(file: file, message: "libxml2 could not start a parser")
    }
    _ = xmlCtxtUseOptions(ctxt, LibXML.options)
  }

  /// A reader of a whole file (`prefix`: its first bytes, for the encoding); reads ahead until
  /// the record element is decided.
  convenience init(
    source input: any ByteSource, file: String, kind: SourceKind, matcher: HeaderMatcher,
    options: IngestOptions, prefix: [UInt8]
  ) throws {
    try self.init(
      base: input, file: file, kind: kind, matcher: matcher, options: options,
      encoding: options.encoding ?? .utf8)
    report.encodingDetected = options.encoding == nil
    let (detected, bom) = TextEncoding.detect(prefix: prefix.prefix(4))
    report.byteOrderMark = bom > 0
    if options.encoding == nil && (bom > 0 || detected == .utf16LE || detected == .utf16BE) {
      report.encoding = detected
    } else if options.encoding == nil {
      report.encoding = XMLReader.declaredEncoding(prefix) ?? .utf8
    }
    if let forced = options.encoding, let ctxt {
      let name =
        switch forced {
        case .utf8: "UTF-8"
        case .gb18030: "GB18030"
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        }
      if let handler = xmlFindCharEncodingHandler(name) { _ = xmlSwitchToEncoding(ctxt, handler) }
    }
    try readLookahead()
    queue.reverse()
  }

  /// A reader that continues a UTF-8 file part-way through, in the state `state` of a reader
  /// of the part before: `prolog` (the file up to the end of the root's start tag) is fed
  /// first, then the parser's line is set to `line`, the line where `input` starts.
  convenience init(
    continuing state: XMLColumnState, prolog: [UInt8], line: Int, recordsBefore: Int,
    source input: any ByteSource, file: String, kind: SourceKind, matcher: HeaderMatcher,
    options: IngestOptions, speculative: Bool
  ) throws {
    try self.init(
      base: input, file: file, kind: kind, matcher: matcher, options: options, encoding: .utf8)
    self.recordsBefore = recordsBefore
    self.speculative = speculative
    st.pointee.decided = true
    st.pointee.recordName = state.recordName
    routing = state.routing
    columnIndex = state.columnIndex
    st.pointee.targets = routing.targets
    report.recordElement = state.recordName.isEmpty ? nil : cString(state.recordName)
    guard let ctxt else { return }
    // Known to be UTF-8: without this the parser waits for 4 bytes to guess, and a prolog
    // as short as `<r>` would leave the root's start tag unread.
    _ = xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8)
    prolog.withUnsafeBufferPointer { b in
      b.withMemoryRebound(to: CChar.self) { _ = xmlParseChunk(ctxt, $0.baseAddress, Int32($0.count), 0) }
    }
    // The prolog ends with the root's start tag, which the parser has reported by now.
    guard st.pointee.depth == 1, forbidden == nil, ctxt.pointee.wellFormed != 0,
      let parserInput = ctxt.pointee.input
    else {
      speculationFailed = true
      stopped = true
      finish()
      if speculative { return }
      throw IngestError(file: file, message: "libxml2 could not resume the file after its root element")
    }
    parserInput.pointee.line = Int32(truncatingIfNeeded: line)
  }

  /// The record element and columns, for readers that continue the file (``XMLSegments``).
  var columnState: XMLColumnState {
    XMLColumnState(recordName: recordName, routing: routing, columnIndex: columnIndex)
  }

  /// True once the reading stopped on an error or a refused construct.
  var stoppedEarly: Bool { stopped }

  deinit {
    if let ctxt { xmlFreeParserCtxt(ctxt) }
    chunk.deallocate()
    st.pointee.text.deallocate()
    st.deinitialize(count: 1)
    st.deallocate()
  }

  /// Calls `body` with the reader behind a parser's context without retaining it.
  @inline(__always)
  static func with(_ ctx: UnsafeMutableRawPointer?, _ body: (XMLReader) -> Void) {
    Unmanaged<XMLReader>.fromOpaque(ctx!)._withUnsafeGuaranteedRef(body)
  }

  /// The encoding named in `<?xml … encoding="…"?>`, when it is one the reader reports.
  static func declaredEncoding(_ prefix: [UInt8]) -> TextEncoding? {
    let head = String(decoding: prefix.prefix(200), as: UTF8.self)
    guard head.hasPrefix("<?xml"), let end = head.firstIndex(of: ">") else { return nil }
    let decl = head[..<end]
    guard let r = decl.firstRange(of: "encoding=") else { return nil }
    let rest = decl[r.upperBound...].dropFirst()
    return TextEncoding(name: String(rest.prefix { $0 != "\"" && $0 != "'" }))
  }

  // MARK: Records

  func next() throws -> RawRecord? {
    while queue.isEmpty {
      if finished { return nil }
      try parseMore()
      queue.reverse()
    }
    return queue.popLast()
  }

  /// Feeds the parser one more chunk (or the end of the input), then handles a stop.
  private func parseMore() throws {
    guard let ctxt, !fed, !stopped else {
      finish()
      return
    }
    let n = try input.read(into: chunk, count: chunkSize)
    report.bytesRead += n
    if n > 0 {
      chunk.withMemoryRebound(to: CChar.self, capacity: n) { _ = xmlParseChunk(ctxt, $0, Int32(n), 0) }
    } else {
      fed = true
      _ = xmlParseChunk(ctxt, nil, 0, 1)
    }
    if forbidden != nil || ctxt.pointee.wellFormed == 0 || ctxt.pointee.disableSAX != 0 {
      stop()
    }
    if fed || stopped { finish() }
  }

  private func finish() {
    guard !finished else { return }
    finished = true
    if !decided { decide() }
    report.columns = routing.columns
    report.layout = routing.layout
    report.findings.insert(
      contentsOf: routing.findings(
        at: Provenance(source: source, file: fileName, line: report.headerLine)), at: 0)
    if let ctxt {
      xmlFreeParserCtxt(ctxt)
      self.ctxt = nil
    }
  }

  private func count(_ record: RawRecord) {
    report.recordCount += 1
    if let r = record.rejection {
      report.rejectedCount += 1
      if report.rejectedRows.count < options.maxRejectedRowsInReport {
        report.rejectedRows.append(
          RejectedRow(line: record.provenance.line, reason: r.reason, message: r.message))
      }
    }
  }

  private func emit(_ record: RawRecord) {
    count(record)
    queue.append(record)
  }

  // MARK: Lookahead: which element is the record, and is there an ID field?

  private func readLookahead() throws {
    while !decided && !finished && lookahead.count < max(1, options.xmlLookahead) {
      try parseMore()
    }
    decidedByLookahead = !decided && lookahead.count >= max(1, options.xmlLookahead)
    if !decided { decide() }
    report.columns = routing.columns
    report.layout = routing.layout
    if lookahead.contains(where: { $0.name == recordName }) && !routing.hasIDColumn {
      let seen =
        routing.columns.isEmpty
        ? "(none)" : routing.columns.map { "\"\($0.header)\"" }.joined(separator: ", ")
      let tried = matcher.aliasesTried(for: .idNumber).joined(separator: ", ")
      let line = lookahead.first { $0.name == recordName }?.line
      finish()
      throw IngestError(
        file: fileName, line: line, reason: .fileNoIDColumn,
        message:
          "no field of the <\(report.recordElement ?? "?")> records maps to id_number. Field names seen: \(seen). Aliases tried for id_number: \(tried). Rename the ID element or attribute to 身份证号, or add its name to the id_number aliases in the rules file."
      )
    }
    lookahead = []
  }

  /// Picks the record element — the most frequent name among the first elements under the
  /// root (the first on ties) — and turns the buffered elements into records. The records go
  /// before anything already queued (a stop record).
  private func decide() {
    decided = true
    var counts: [[CChar]: Int] = [:]
    for e in lookahead { counts[e.name, default: 0] += 1 }
    var best: [CChar] = []
    var bestCount = 0
    for e in lookahead where counts[e.name]! > bestCount {
      best = e.name
      bestCount = counts[e.name]!
    }
    recordName = best
    if !best.isEmpty { report.recordElement = cString(best) }
    for e in lookahead {
      guard e.name == best else {
        report.skippedElements[cString(e.name), default: 0] += 1
        continue
      }
      cells.reset(extraCount: routing.extraCount)
      for (name, value) in e.pairs { place(value, column: column(for: name)) }
      var record = RawRecord(
        provenance: Provenance(source: source, file: fileName, line: e.line), cells: cells.make())
      if e.tooLong { record.rejection = tooLong(line: e.line) }
      emit(record)
    }
    // The chunk that filled the lookahead may have ended inside a record: its fields so far
    // are in `pairs`. Start it afresh (not with the last emitted record's values) and replay them.
    if st.pointee.depth >= 2 {
      cells.reset(extraCount: routing.extraCount)
      st.pointee.skipping = st.pointee.currentName != best
      if st.pointee.skipping {
        report.skippedElements[cString(st.pointee.currentName), default: 0] += 1
      } else {
        for (name, value) in st.pointee.pairs { place(value, column: column(for: name)) }
      }
      st.pointee.pairs = []
    }
  }

  // MARK: SAX events

  private var line: Int {
    guard let ctxt, let input = ctxt.pointee.input else { return 0 }
    return Int(input.pointee.line)
  }

  /// The line of the `<` of the start tag being reported: libxml2 reports a start tag with
  /// the parser at its end (`>` or `/>`), so newlines inside the tag are counted back. A tag
  /// holds no `<` (attribute values escape it), and the push parser keeps a whole start tag
  /// in its buffer while reporting it.
  private var startTagLine: Int {
    guard let ctxt, let input = ctxt.pointee.input, let cur = input.pointee.cur,
      let base = input.pointee.base
    else { return line }
    let newlines = rostercheck_xml_newlines_since_tag(base, cur)
    // -1: the tag's start is no longer buffered.
    return Int(input.pointee.line) - max(0, newlines)
  }

  fileprivate func startElement(
    _ name: UnsafePointer<xmlChar>?, _ nbAttributes: Int,
    _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
  ) {
    let st = self.st
    st.pointee.depth += 1
    switch st.pointee.depth {
    case 1:
      report.headerLine = startTagLine
    case 2:
      st.pointee.recordLine = startTagLine
      st.pointee.fieldIndex = 0
      if st.pointee.decided {
        if let name, UnsafeRawPointer(name) == st.pointee.recordNamePointer {
          st.pointee.skipping = false
        } else {
          st.pointee.skipping = !nameEquals(name, st.pointee.recordName)
          if !st.pointee.skipping, let name { st.pointee.recordNamePointer = UnsafeRawPointer(name) }
        }
        if st.pointee.skipping {
          report.skippedElements[name.map { cString(UnsafeRawPointer($0)) } ?? "?", default: 0] += 1
          return
        }
        cells.reset(extraCount: routing.extraCount)
        st.pointee.fieldTooLong = false
      } else {
        st.pointee.currentName = cName(name)
        st.pointee.pairs = []
        st.pointee.fieldTooLong = false
      }
      guard let attributes, nbAttributes > 0 else { return }
      for i in 0..<nbAttributes {
        guard let attrName = attributes[5 * i], let start = attributes[5 * i + 3],
          let end = attributes[5 * i + 4]
        else { continue }
        let n = end - start
        // With entities not substituted, libxml2 passes &amp; on as "&#38;".
        if UnsafeBufferPointer(start: start, count: n).contains(0x26) {
          field(attrName, start, n, decode: { $0.replacingAmpersandReferences() })
        } else {
          field(attrName, start, n, decode: nil)
        }
      }
    case 3:
      if st.pointee.skipping { return }
      st.pointee.fieldName = name
      st.pointee.textCount = 0
      st.pointee.textFull = false
    default:
      break
    }
  }

  fileprivate func endElement() {
    let st = self.st
    defer { st.pointee.depth -= 1 }
    switch st.pointee.depth {
    case 3:
      if st.pointee.skipping { return }
      if let fieldName = st.pointee.fieldName {
        field(fieldName, st.pointee.text, st.pointee.textCount, decode: nil)
      }
      st.pointee.fieldName = nil
    case 2:
      if st.pointee.skipping {
        st.pointee.skipping = false
        return
      }
      if st.pointee.decided {
        var record = RawRecord(
          provenance: Provenance(source: source, file: fileName, line: st.pointee.recordLine),
          cells: cells.make())
        if st.pointee.fieldTooLong { record.rejection = tooLong(line: st.pointee.recordLine) }
        emit(record)
      } else {
        lookahead.append(
          (st.pointee.currentName, st.pointee.recordLine, st.pointee.pairs, st.pointee.fieldTooLong))
      }
    default:
      break
    }
  }

  private func tooLong(line: Int) -> Finding {
    Finding(
      .rowTooLong,
      message:
        "line \(line): a field is longer than \(options.maxRowSize); the record was set aside. Ask for a fresh export of the file."
    )
  }

  fileprivate func characters(_ ch: UnsafePointer<xmlChar>?, _ len: Int) {
    let st = self.st
    guard st.pointee.depth >= 3, !st.pointee.skipping, st.pointee.fieldName != nil, let ch, len > 0
    else { return }
    guard !st.pointee.textFull else { return }
    let count = st.pointee.textCount
    var len = len
    if count + len > options.maxRowBytes {
      // The record is set aside; the field keeps its longest prefix of whole characters that
      // fits, however libxml2 cut the text into pieces (which depends on the chunks read).
      st.pointee.fieldTooLong = true
      st.pointee.textFull = true
      var fit = options.maxRowBytes - count
      while fit > 0 && ch[fit] & 0xC0 == 0x80 { fit -= 1 }
      if fit <= 0 { return }
      len = fit
    }
    if count + len > st.pointee.textCapacity {
      let capacity = max(2 * st.pointee.textCapacity, count + len)
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
      grown.update(from: st.pointee.text, count: count)
      st.pointee.text.deallocate()
      st.pointee.text = grown
      st.pointee.textCapacity = capacity
    }
    (st.pointee.text + count).update(from: ch, count: len)
    st.pointee.textCount = count + len
  }

  /// A field of the current record: its name and its text (`n` UTF-8 bytes at `p`).
  private func field(
    _ name: UnsafePointer<xmlChar>, _ p: UnsafePointer<UInt8>, _ n: Int,
    decode: ((String) -> String)?
  ) {
    let st = self.st
    guard st.pointee.decided else {
      let text = makeString(p, n)
      st.pointee.pairs.append((cString(UnsafeRawPointer(name)), decode?(text) ?? text))
      return
    }
    let column = column(forPointer: name)
    if let decode {
      place(decode(makeString(p, n)), column: column)
    } else if n > 0 {
      // libxml2 hands over valid UTF-8.
      let slot = self.slot(of: column)
      guard cells.isBlank(slot) else { return }
      // A record's cells address their bytes with 32 bits: thousands of fields of a
      // megabyte each set the record aside rather than overflow.
      if cells.byteCount + n > Int(Int32.max) {
        st.pointee.fieldTooLong = true
        return
      }
      cells.set(slot, p, n)
    }
  }

  fileprivate func forbid(_ what: String) {
    guard forbidden == nil else { return }
    forbidden = (line, what)
    if let ctxt { xmlStopParser(ctxt) }
  }

  fileprivate func libxmlError(_ error: xmlError) {
    guard errors.count < 32 else { return }
    let message = error.message.map { cString(UnsafeRawPointer($0)) } ?? ""
    errors.append((error.code, Int32(error.level.rawValue), Int(error.line), message))
  }

  // MARK: Fields → record

  /// The record slot of `column` (a field, or an unknown column after the fields), made room
  /// for in the record being built.
  @inline(__always)
  private func slot(of column: Int) -> Int {
    let t = st.pointee.targets[column]
    if t >= 0 { return t }
    cells.extend(extraCount: -t)
    return Field.count - 1 - t
  }

  @inline(__always)
  private func place(_ value: String, column: Int) {
    guard !value.isEmpty else { return }
    let slot = self.slot(of: column)
    if cells.isBlank(slot) { cells.set(slot, value) }
  }

  private func column(for name: String) -> Int {
    if let c = columnIndex[name] { return c }
    if speculative {
      // Columns are numbered in order of first appearance: only the in-order reader may add one.
      speculationFailed = true
      if let ctxt { xmlStopParser(ctxt) }
      return 0
    }
    routing.add(header: name, matcher: matcher)
    let c = routing.columns.count - 1
    columnIndex[name] = c
    st.pointee.targets = routing.targets
    return c
  }

  private func column(forPointer name: UnsafePointer<xmlChar>) -> Int {
    // The field at this position usually has the name it had in the last record.
    let st = self.st
    let k = st.pointee.fieldIndex
    st.pointee.fieldIndex = k + 1
    let address = UnsafeRawPointer(name)
    if k < st.pointee.slotPointers.count, st.pointee.slotPointers[k] == address {
      return st.pointee.slotColumns[k]
    }
    let cname = address.assumingMemoryBound(to: CChar.self)
    if k < st.pointee.slotNames.count,
      st.pointee.slotNames[k].withUnsafeBufferPointer({ strcmp($0.baseAddress!, cname) }) == 0
    {
      st.pointee.slotPointers[k] = address
      return st.pointee.slotColumns[k]
    }
    let c = lookUpColumn(name)
    while st.pointee.slotNames.count <= k {
      st.pointee.slotNames.append([0])
      st.pointee.slotColumns.append(0)
      st.pointee.slotPointers.append(nil)
    }
    st.pointee.slotNames[k] = cName(name)
    st.pointee.slotColumns[k] = c
    st.pointee.slotPointers[k] = address
    return c
  }

  private func lookUpColumn(_ name: UnsafePointer<xmlChar>) -> Int {
    let key = UnsafeRawPointer(name)
    let cname = key.assumingMemoryBound(to: CChar.self)
    if let hit = nameCache[key],
      hit.name.withUnsafeBufferPointer({ strcmp($0.baseAddress!, cname) }) == 0
    {
      return hit.column
    }
    let c = column(for: cString(key))
    nameCache[key] = (c, cName(name))
    return c
  }

  private func nameEquals(_ name: UnsafePointer<xmlChar>?, _ expected: [CChar]) -> Bool {
    guard let name else { return false }
    return expected.withUnsafeBufferPointer {
      strcmp($0.baseAddress!, UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self)) == 0
    }
  }

  private func cName(_ p: UnsafePointer<xmlChar>?) -> [CChar] {
    guard let p else { return [0] }
    let c = UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self)
    return Array(UnsafeBufferPointer(start: c, count: strlen(c) + 1))
  }

  // MARK: Errors

  /// Stops the reading. The error becomes a rejected record at its line, after the records
  /// completed before it, so it reaches the ledger; the report keeps it as `stoppedBy`.
  private func stop() {
    guard !stopped else { return }
    stopped = true
    if speculative {
      speculationFailed = true
      return
    }
    if !decided { decide() }
    let reason: Reason
    let line: Int
    let message: String
    if let forbidden {
      reason = .xmlForbiddenEntity
      line = forbidden.line
      message =
        "the XML has \(forbidden.what), which is refused for safety; nothing after it was read. Ask for an export without a DOCTYPE or entities."
    } else {
      let first = errors.first { $0.level >= Int32(XML_ERR_ERROR.rawValue) } ?? errors.first
      line = first.map(\.line).flatMap { $0 > 0 ? $0 : nil } ?? self.line
      let detail = sanitize(first?.message ?? "unknown XML error")
      if errors.contains(where: { LibXML.entityErrors.contains($0.code) }) {
        reason = .xmlForbiddenEntity
        message =
          "the XML uses entities or a DTD, which are refused for safety (libxml2: \(detail)); reading stopped here. Ask for an export without a DOCTYPE or entities."
      } else {
        reason = .xmlMalformed
        message =
          "the XML is malformed or truncated (libxml2: \(detail)); reading stopped here. Ask for a fresh export of the file."
      }
    }
    let kept = recordsBefore + report.recordCount
    let text =
      "line \(line): \(message) The \(kept) record\(kept == 1 ? "" : "s") before it were kept."
    let finding = Finding(reason, message: text)
    let located = LocatedFinding(finding, at: Provenance(source: source, file: fileName, line: line))
    report.stoppedBy = located
    report.findings.append(located)
    emit(RawRecord(provenance: Provenance(source: source, file: fileName, line: line), rejection: finding))
  }

  /// libxml2's message on one line, with anything that looks like an ID number masked.
  private func sanitize(_ message: String) -> String {
    var out = ""
    var run = ""
    func flush() {
      out += run.count >= 15 ? IDMask.mask(run) : run
      run = ""
    }
    for ch in message {
      if ch.isNewline {
        flush()
        out.append(" ")
      } else if ch.isASCII && (ch.isNumber || ch == "X" || ch == "x") {
        run.append(ch)
      } else {
        flush()
        out.append(ch)
      }
    }
    flush()
    while out.last == " " { out.removeLast() }
    return out
  }
}

extension String {
  /// `&#38;` → `&` (how libxml2 passes `&amp;` in attribute values when it does not
  /// substitute entities; a real `&#38;` in the file arrives already decoded).
  fileprivate func replacingAmpersandReferences() -> String {
    var out = ""
    var rest = Substring(self)
    while let r = rest.firstRange(of: "&#38;") {
      out += rest[..<r.lowerBound]
      out += "&"
      rest = rest[r.upperBound...]
    }
    return out + rest
  }
}

/// The text of the `n` UTF-8 bytes at `p`.
@inline(__always)
func makeString(_ p: UnsafePointer<UInt8>, _ n: Int) -> String {
  n == 0 ? "" : String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
}

/// A NUL-terminated UTF-8 string.
func cString(_ p: UnsafeRawPointer) -> String {
  let c = p.assumingMemoryBound(to: UInt8.self)
  return String(
    decoding: UnsafeBufferPointer(start: c, count: strlen(p.assumingMemoryBound(to: CChar.self))),
    as: UTF8.self)
}

/// A NUL-terminated name copied into an array.
func cString(_ a: [CChar]) -> String {
  String(decoding: a.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
