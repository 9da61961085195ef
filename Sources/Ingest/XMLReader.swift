import CLibXML2
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
  /// NOENT (entity substitution), DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE.
  static let options: Int32 = Int32(
    XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
      | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue)

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
}

/// Collects the errors libxml2 reports for one document (instead of printing them).
final class XMLErrorSink {
  struct Entry {
    var code: Int32
    var level: Int32
    var line: Int
    var message: String
  }
  var entries: [Entry] = []

  func add(_ e: Entry) {
    if entries.count < 32 { entries.append(e) }
  }

  /// The first error (not warning), else the first entry.
  var first: Entry? {
    entries.first { $0.level >= Int32(XML_ERR_ERROR.rawValue) } ?? entries.first
  }
  var sawEntityError: Bool { entries.contains { LibXML.entityErrors.contains($0.code) } }
}

/// The streaming XML reader behind ``RosterReader``: the repeating child element of the root
/// is a record; its child elements and attributes are fields.
final class XMLReader: RecordSource {
  private(set) var report: FileReport
  private var reader: OpaquePointer?
  private let sink = XMLErrorSink()
  private var fd: Int32 = -1
  private var memory: UnsafeMutablePointer<UInt8>?
  private let fileName: String
  private let source: SourceKind
  private let matcher: HeaderMatcher
  private let options: IngestOptions

  private var routing = ColumnRouting()
  private var columnIndex: [String: Int] = [:]
  /// Names are interned by libxml2's dictionary: a name pointer → its column. Each hit is
  /// confirmed with `strcmp` against the stored name, so a reused address cannot mislead.
  private var nameCache: [UnsafeRawPointer: (column: Int, name: [CChar])] = [:]
  private var recordName: [CChar] = []
  private var skipSubtree = false
  private var pending: [RawRecord] = []
  private var pendingHead = 0
  private var stopped = false
  private var stopError: (Reason, Int, String)?
  private var finished = false
  private let emptyValues = [String](repeating: "", count: Field.count)

  init(
    path: String?, bytes: [UInt8]?, file: String, kind: SourceKind, matcher: HeaderMatcher,
    options: IngestOptions
  ) throws {
    _ = LibXML.setUp
    rostercheck_xml_silence_thread()
    fileName = file
    source = kind
    self.matcher = matcher
    self.options = options
    report = FileReport(file: file, source: kind, format: .xml, encoding: options.encoding ?? .utf8)
    report.encodingDetected = options.encoding == nil
    let encodingName: String? =
      switch options.encoding {
      case nil: nil
      case .utf8: "UTF-8"
      case .gb18030: "GB18030"
      case .utf16LE: "UTF-16LE"
      case .utf16BE: "UTF-16BE"
      }

    var prefix: [UInt8] = []
    if let path {
      let source = try FileByteSource(path: path, name: file)
      prefix = try readFully(source, count: 4)
      fd = open(path, O_RDONLY | O_CLOEXEC)
      if fd < 0 {
        throw IngestError(file: file, message: "cannot open the file: \(String(cString: strerror(errno)))")
      }
      var st = stat()
      if fstat(fd, &st) == 0 { report.bytesRead = Int(st.st_size) }
      reader = xmlReaderForFd(fd, nil, encodingName, LibXML.options)
    } else {
      let data = bytes ?? []
      prefix = Array(data.prefix(4))
      let m = UnsafeMutablePointer<UInt8>.allocate(capacity: max(data.count, 1))
      data.withUnsafeBufferPointer { if let base = $0.baseAddress { m.update(from: base, count: data.count) } }
      memory = m
      report.bytesRead = data.count
      reader = UnsafeRawPointer(m).withMemoryRebound(to: CChar.self, capacity: max(data.count, 1)) {
        xmlReaderForMemory($0, Int32(data.count), nil, encodingName, LibXML.options)
      }
    }
    if options.encoding == nil {
      let (detected, bom) = TextEncoding.detect(prefix: prefix)
      report.byteOrderMark = bom > 0
      if bom > 0 || detected == .utf16LE || detected == .utf16BE { report.encoding = detected }
    } else {
      report.byteOrderMark = TextEncoding.detect(prefix: prefix).bomLength > 0
    }
    guard let reader else {
      throw IngestError(file: file, message: "libxml2 could not start reading the file")
    }
    let handler: xmlStructuredErrorFunc = { context, error in
      guard let context, let error else { return }
      let sink = Unmanaged<XMLErrorSink>.fromOpaque(context).takeUnretainedValue()
      let message = error.pointee.message.map { String(cString: $0) } ?? ""
      sink.add(
        .init(
          code: error.pointee.code, level: Int32(error.pointee.level.rawValue),
          line: Int(error.pointee.line), message: message))
    }
    xmlTextReaderSetStructuredErrorHandler(
      reader, handler, Unmanaged.passUnretained(sink).toOpaque())
    try lookahead()
  }

  deinit {
    if let reader { xmlFreeTextReader(reader) }
    if fd >= 0 { close(fd) }
    memory?.deallocate()
  }

  // MARK: Records

  func next() throws -> RawRecord? {
    if pendingHead < pending.count {
      let r = pending[pendingHead]
      pendingHead += 1
      if pendingHead == pending.count {
        pending = []
        pendingHead = 0
      }
      return r
    }
    if finished { return nil }
    while let (node, line) = advanceToElement() {
      if !nameEquals(node.pointee.name, recordName) {
        skipped(node)
        continue
      }
      let record = buildRecord(node, line: line)
      count(record)
      return record
    }
    let last = takeStopRecord()
    finish()
    return last
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

  private func finish() {
    guard !finished else { return }
    finished = true
    report.columns = routing.columns
    report.layout = routing.layout
    report.findings.insert(
      contentsOf: routing.findings(
        at: Provenance(source: source, file: fileName, line: report.headerLine)), at: 0)
    if let enc = reader.flatMap({ xmlTextReaderConstEncoding($0) }) {
      let name = cString(UnsafeRawPointer(enc))
      if options.encoding == nil, let e = TextEncoding(name: name) {
        report.encoding = e == .utf16LE && report.encoding == .utf16BE ? .utf16BE : e
      }
    }
    if let reader {
      xmlFreeTextReader(reader)
      self.reader = nil
    }
    if fd >= 0 {
      close(fd)
      fd = -1
    }
  }

  // MARK: Lookahead: which element is the record, and is there an ID field?

  private func lookahead() throws {
    var elements: [(name: [CChar], line: Int, pairs: [(String, String)], forbidden: Bool)] = []
    while elements.count < max(1, options.xmlLookahead), let (node, line) = advanceToElement() {
      var pairs: [(String, String)] = []
      let forbidden = collect(node) { name, value in
        pairs.append((cString(UnsafeRawPointer(name)), value))
      }
      elements.append((cName(node.pointee.name), line, pairs, forbidden))
      if forbidden { break }
    }
    // The record element: the most frequent name among the first elements (first on ties).
    var counts: [[CChar]: Int] = [:]
    for e in elements { counts[e.name, default: 0] += 1 }
    var best: [CChar] = []
    var bestCount = 0
    for e in elements where counts[e.name]! > bestCount {
      best = e.name
      bestCount = counts[e.name]!
    }
    recordName = best
    if !best.isEmpty { report.recordElement = cString(best) }
    for e in elements {
      guard e.name == best else {
        report.skippedElements[cString(e.name), default: 0] += 1
        continue
      }
      var values = emptyValues
      var extras: [String] = []
      for (name, value) in e.pairs { place(value, column: column(for: name), &values, &extras) }
      var record = RawRecord(
        provenance: Provenance(source: source, file: fileName, line: e.line), values: values,
        extras: extras)
      if e.forbidden { record.rejection = forbiddenReferenceFinding(line: e.line) }
      pending.append(record)
      count(record)
      if e.forbidden { stopForbiddenReference(line: e.line) }
    }
    if let r = takeStopRecord() { pending.append(r) }
    report.columns = routing.columns
    report.layout = routing.layout
    if !pending.isEmpty && !routing.hasIDColumn {
      let seen =
        routing.columns.isEmpty
        ? "(none)" : routing.columns.map { "\"\($0.header)\"" }.joined(separator: ", ")
      let tried = matcher.aliasesTried(for: .idNumber).joined(separator: ", ")
      finish()
      throw IngestError(
        file: fileName, line: pending.first?.provenance.line, reason: .fileNoIDColumn,
        message:
          "no field of the <\(report.recordElement ?? "?")> records maps to id_number. Field names seen: \(seen). Aliases tried for id_number: \(tried). Rename the ID element or attribute to 身份证号, or add its name to the id_number aliases in the rules file."
      )
    }
  }

  // MARK: Walking the document

  /// Moves to the next element directly under the root and expands it; nil at the end or
  /// when an error stopped the reading.
  private func advanceToElement() -> (xmlNodePtr, Int)? {
    guard let reader, !stopped else { return nil }
    while true {
      let ret: Int32
      if skipSubtree {
        skipSubtree = false
        ret = xmlTextReaderNext(reader)
      } else {
        ret = xmlTextReaderRead(reader)
      }
      if ret == 0 { return nil }
      if ret < 0 {
        stopOnError()
        return nil
      }
      let type = xmlTextReaderNodeType(reader)
      switch type {
      case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
        if let node = xmlTextReaderCurrentNode(reader), doctypeIsForbidden(node) {
          stop(
            .xmlForbiddenEntity,
            line: max(1, Int(xmlTextReaderGetParserLineNumber(reader))),
            message:
              "the XML has a DOCTYPE that declares entities, an internal subset or an external DTD, which are refused for safety; nothing after it was read. Ask for an export without a DOCTYPE."
          )
          return nil
        }
      case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue):
        stopForbiddenReference(line: Int(xmlTextReaderGetParserLineNumber(reader)))
        return nil
      case Int32(XML_READER_TYPE_ELEMENT.rawValue):
        let depth = xmlTextReaderDepth(reader)
        if depth == 0 {
          if let node = xmlTextReaderCurrentNode(reader) { report.headerLine = Int(xmlGetLineNo(node)) }
          continue
        }
        if depth == 1 {
          guard let node = xmlTextReaderExpand(reader) else {
            stopOnError()
            return nil
          }
          skipSubtree = true
          return (node, Int(xmlGetLineNo(node)))
        }
      default:
        continue
      }
    }
  }

  private func doctypeIsForbidden(_ node: xmlNodePtr) -> Bool {
    guard node.pointee.type == XML_DTD_NODE else { return true }
    let dtd = UnsafeMutableRawPointer(node).assumingMemoryBound(to: xmlDtd.self).pointee
    return dtd.ExternalID != nil || dtd.SystemID != nil || dtd.children != nil
      || dtd.entities != nil || dtd.pentities != nil
  }

  /// Calls `body` with each field (attribute, then child element) of `node`; returns true
  /// when an entity reference was found (the record is then refused).
  private func collect(
    _ node: xmlNodePtr, _ body: (UnsafePointer<xmlChar>, String) -> Void
  ) -> Bool {
    var forbidden = false
    var attr = node.pointee.properties
    while let a = attr {
      if let name = a.pointee.name {
        body(name, text(of: a.pointee.children, forbidden: &forbidden))
      }
      attr = a.pointee.next
    }
    var child = node.pointee.children
    while let c = child {
      switch c.pointee.type {
      case XML_ELEMENT_NODE:
        if let name = c.pointee.name { body(name, text(of: c.pointee.children, forbidden: &forbidden)) }
      case XML_ENTITY_REF_NODE:
        forbidden = true
      default:
        break
      }
      child = c.pointee.next
    }
    return forbidden
  }

  /// The text of a node list: the content of its text nodes, descending into elements.
  private func text(of first: xmlNodePtr?, forbidden: inout Bool) -> String {
    guard let first else { return "" }
    if first.pointee.next == nil
      && (first.pointee.type == XML_TEXT_NODE || first.pointee.type == XML_CDATA_SECTION_NODE)
    {
      return string(first.pointee.content)
    }
    var out = ""
    var node: xmlNodePtr? = first
    while let n = node {
      switch n.pointee.type {
      case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: out += string(n.pointee.content)
      case XML_ELEMENT_NODE: out += text(of: n.pointee.children, forbidden: &forbidden)
      case XML_ENTITY_REF_NODE: forbidden = true
      default: break
      }
      node = n.pointee.next
    }
    return out
  }

  private func string(_ p: UnsafeMutablePointer<xmlChar>?) -> String {
    guard let p else { return "" }
    return makeString(UnsafePointer(p), strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))).text
  }

  private func buildRecord(_ node: xmlNodePtr, line: Int) -> RawRecord {
    var values = emptyValues
    var extras: [String] = []
    let forbidden = collect(node) { name, value in
      place(value, column: column(forPointer: name), &values, &extras)
    }
    var record = RawRecord(
      provenance: Provenance(source: source, file: fileName, line: line), values: values,
      extras: extras)
    if forbidden {
      record.rejection = forbiddenReferenceFinding(line: line)
      stopForbiddenReference(line: line)
    }
    return record
  }

  private func place(_ value: String, column: Int, _ values: inout [String], _ extras: inout [String]) {
    let t = routing.targets[column]
    if t >= 0 {
      if values[t].isEmpty { values[t] = value }
    } else {
      let slot = -1 - t
      if extras.count <= slot { extras += [String](repeating: "", count: slot + 1 - extras.count) }
      if extras[slot].isEmpty { extras[slot] = value }
    }
  }

  private func column(for name: String) -> Int {
    if let c = columnIndex[name] { return c }
    routing.add(header: name, matcher: matcher)
    let c = routing.columns.count - 1
    columnIndex[name] = c
    return c
  }

  private func column(forPointer name: UnsafePointer<xmlChar>) -> Int {
    let key = UnsafeRawPointer(name)
    let cname = key.assumingMemoryBound(to: CChar.self)
    if let hit = nameCache[key], hit.name.withUnsafeBufferPointer({ strcmp($0.baseAddress!, cname) }) == 0 {
      return hit.column
    }
    let c = column(for: cString(key))
    nameCache[key] = (c, cName(name))
    return c
  }

  private func skipped(_ node: xmlNodePtr) {
    let name = node.pointee.name.map { cString(UnsafeRawPointer($0)) } ?? "?"
    report.skippedElements[name, default: 0] += 1
  }

  private func nameEquals(_ name: UnsafePointer<xmlChar>?, _ expected: [CChar]) -> Bool {
    guard let name else { return expected.isEmpty }
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

  private func forbiddenReferenceFinding(line: Int) -> Finding {
    Finding(
      .xmlForbiddenEntity,
      message:
        "line \(line): the XML uses an entity reference (&name;), which is refused for safety; this record and everything after it were not read. Ask for an export without entities."
    )
  }

  private func stopForbiddenReference(line: Int) {
    guard !stopped else { return }
    stopped = true
    let finding = forbiddenReferenceFinding(line: line)
    let located = LocatedFinding(finding, at: Provenance(source: source, file: fileName, line: line))
    report.stoppedBy = located
    report.findings.append(located)
  }

  private func stopOnError() {
    let first = sink.first
    let line = first.map(\.line).flatMap { $0 > 0 ? $0 : nil }
      ?? reader.map { Int(xmlTextReaderGetParserLineNumber($0)) } ?? 0
    let detail = sanitize(first?.message ?? "unknown XML error")
    if sink.sawEntityError {
      stop(
        .xmlForbiddenEntity, line: line,
        message:
          "the XML uses entities or a DTD, which are refused for safety (libxml2: \(detail)); reading stopped here. Ask for an export without a DOCTYPE or entities."
      )
    } else {
      stop(
        .xmlMalformed, line: line,
        message:
          "the XML is malformed or truncated (libxml2: \(detail)); reading stopped here. Ask for a fresh export of the file."
      )
    }
  }

  /// Stops the reading. The error becomes a rejected record at `line` (after the records
  /// read before it), so it reaches the ledger; the report keeps it as `stoppedBy`.
  private func stop(_ reason: Reason, line: Int, message: String) {
    guard !stopped else { return }
    stopped = true
    stopError = (reason, line, message)
  }

  /// Turns a pending stop into its rejected record, once the records before it are counted.
  private func takeStopRecord() -> RawRecord? {
    guard let (reason, line, message) = stopError else { return nil }
    stopError = nil
    let kept = report.recordCount
    let text =
      "line \(line): \(message) The \(kept) record\(kept == 1 ? "" : "s") before it were kept."
    let finding = Finding(reason, message: text)
    let located = LocatedFinding(finding, at: Provenance(source: source, file: fileName, line: line))
    report.stoppedBy = located
    report.findings.append(located)
    let record = RawRecord(
      provenance: Provenance(source: source, file: fileName, line: line), rejection: finding)
    count(record)
    return record
  }

  /// libxml2's message on one line, with anything that looks like an ID number masked.
  private func sanitize(_ message: String) -> String {
    let oneLine = message.split(whereSeparator: \.isNewline).joined(separator: " ")
      .trimmingCharacters(in: " ")
    var out = ""
    var run = ""
    func flush() {
      out += run.count >= 15 ? IDMask.mask(run) : run
      run = ""
    }
    for ch in oneLine {
      if ch.isASCII && (ch.isNumber || ch == "X" || ch == "x") { run.append(ch) } else {
        flush()
        out.append(ch)
      }
    }
    flush()
    return out
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: Character) -> String {
    var s = Substring(self)
    while s.first == set { s.removeFirst() }
    while s.last == set { s.removeLast() }
    return String(s)
  }
}

/// A NUL-terminated UTF-8 string.
func cString(_ p: UnsafeRawPointer) -> String {
  let c = p.assumingMemoryBound(to: UInt8.self)
  return String(decoding: UnsafeBufferPointer(start: c, count: strlen(p.assumingMemoryBound(to: CChar.self))), as: UTF8.self)
}

/// A NUL-terminated name copied into an array.
func cString(_ a: [CChar]) -> String {
  String(decoding: a.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
