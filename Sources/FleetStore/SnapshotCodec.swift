import FlagModel
import Foundation

/// The compact binary form of a stored snapshot's pieces.
///
/// A snapshot is stored as pieces: one *header* (the environments and the unreadable
/// parts) and one piece per flag row. A piece is self-contained: it starts with its own
/// tables of distinct strings, dates and (rows) cell bodies, and everything after refers
/// to them by a varint index. So a flag's name, an account name, an attribute value or a
/// `since` date shared by 600 environments is written once, and a cell that only differs
/// from another by its environment is two bytes: its environment (usually "the next one")
/// and the index of its body. A row's cells refer to environments by their position in
/// the header's list. `asOf` is in no piece: it is a column of the snapshot row, so the
/// pieces of two scans of an unchanged fleet are byte for byte the same.
///
/// The wide, repeated values (cells, environments) are written field by field; the small
/// rarer ones (a row's definition summary, its verdicts, unreadable parts) as their own
/// `Codable` JSON text, interned like any string. `isComplete` checks that the model has
/// no field this codec does not know (one added to `FlagCell` later): when it has, pieces
/// are written as JSON instead (format 0, bigger, never lossy), and a test says so.
enum SnapshotCodec {
    enum Format: UInt8 {
        /// `JSONEncoder` output (sorted keys) of a `FlagRow`, or of a `Header`.
        case json = 0
        case compactRow = 1
        case compactHeader = 2
    }

    struct Header: Sendable, Hashable, Codable {
        var environments: [EnvironmentSummary]
        var unreadable: [UnreadablePart]
    }

    struct CorruptPiece: Error, CustomStringConvertible {
        var reason: String
        var description: String { "snapshot piece: \(reason)" }
    }

    // MARK: - Encoding

    static func encodeHeader(_ header: Header) -> [UInt8] {
        guard isComplete else { return json(header) }
        var t = Tables()
        var body = ByteWriter()
        body.count(header.environments.count)
        for e in header.environments {
            t.environment(e.id, &body)
            body.byte(e.isProduction ? 1 : 0)
            t.strings(e.problems, &body)
            t.optionalDate(e.lastReadAt, &body)
        }
        t.json(header.unreadable, &body)
        return t.assemble(format: .compactHeader, cellBodies: [], body: body.bytes)
    }

    /// `index` maps each environment of the header to its position.
    static func encodeRow(_ row: FlagRow, environments index: [EnvironmentID: Int]) -> [UInt8] {
        guard isComplete else { return json(row) }
        var t = Tables()
        var body = ByteWriter()
        t.string(row.flag.application, &body)
        t.string(row.flag.profile, &body)
        t.string(row.flag.key, &body)
        t.json(row.definition, &body)

        // Cell bodies (everything but the environment), each written once.
        var cellBodies: [[UInt8]] = []
        var bodyIndex: [[UInt8]: Int] = [:]
        body.count(row.cells.count)
        var previousEnvironment = -1
        for cell in row.cells {
            var w = ByteWriter()
            t.cellBody(cell, &w)
            let b: Int
            if let known = bodyIndex[w.bytes] {
                b = known
            } else {
                b = cellBodies.count
                bodyIndex[w.bytes] = b
                cellBodies.append(w.bytes)
            }
            let position = index[cell.environment]
            if let position, position == previousEnvironment + 1 {
                body.count(b << 1)
            } else {
                body.count(b << 1 | 1)
                if let position {
                    body.count(position + 1)
                } else {
                    body.count(0)
                    t.environment(cell.environment, &body)
                }
            }
            previousEnvironment = position ?? -1
        }

        body.count(row.verdicts.count)
        for v in row.verdicts { t.json(v, &body) }
        t.json(row.unreadable, &body)
        t.strings(row.notes, &body)
        t.strings(row.problems, &body)
        t.strings(row.deprecationDates, &body)
        return t.assemble(format: .compactRow, cellBodies: cellBodies, body: body.bytes)
    }

    private static func json<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain model values cannot fail.
        return [Format.json.rawValue] + Array(try! encoder.encode(value))
    }

    // MARK: - Decoding

    static func decodeHeader(_ bytes: [UInt8]) throws -> Header {
        guard let first = bytes.first, let format = Format(rawValue: first) else { throw CorruptPiece(reason: "unknown format") }
        switch format {
        case .json: return try JSONDecoder().decode(Header.self, from: Data(bytes.dropFirst()))
        case .compactRow: throw CorruptPiece(reason: "a row where the header was expected")
        case .compactHeader: break
        }
        var r = ByteReader(bytes, from: 1)
        let t = try ReadTables(&r, cellBodies: false)
        var environments: [EnvironmentSummary] = []
        let count = try r.count()
        environments.reserveCapacity(count)
        for _ in 0..<count {
            var e = try Templates.environmentSummary()
            e.id = try t.environment(&r)
            e.isProduction = try r.byte() != 0
            e.problems = try t.strings(&r)
            e.lastReadAt = try t.optionalDate(&r)
            environments.append(e)
        }
        let unreadable = try t.json([UnreadablePart].self, &r)
        try r.expectEnd()
        return Header(environments: environments, unreadable: unreadable)
    }

    static func decodeRow(_ bytes: [UInt8], environments: [EnvironmentID]) throws -> FlagRow {
        guard let first = bytes.first, let format = Format(rawValue: first) else { throw CorruptPiece(reason: "unknown format") }
        switch format {
        case .json: return try JSONDecoder().decode(FlagRow.self, from: Data(bytes.dropFirst()))
        case .compactHeader: throw CorruptPiece(reason: "a header where a row was expected")
        case .compactRow: break
        }
        var r = ByteReader(bytes, from: 1)
        let t = try ReadTables(&r, cellBodies: true)
        let flag = FlagID(application: try t.string(&r), profile: try t.string(&r), key: try t.string(&r))
        let definition = try t.json(FlagDefinitionSummary?.self, &r)
        let bodies = try t.cellBodies.map { try t.cellBody($0) }
        let cellCount = try r.count()
        var cells: [FlagCell] = []
        cells.reserveCapacity(cellCount)
        var previousEnvironment = -1
        for _ in 0..<cellCount {
            let v = try r.count()
            guard v >> 1 < bodies.count else { throw CorruptPiece(reason: "cell body \(v >> 1) out of range") }
            var cell = bodies[v >> 1]
            var position = previousEnvironment + 1
            if v & 1 == 1 {
                let ref = try r.count()
                if ref == 0 {
                    cell.environment = try t.environment(&r)
                    position = -1
                } else {
                    position = ref - 1
                }
            }
            if position >= 0 {
                guard position < environments.count else { throw CorruptPiece(reason: "environment \(position) out of range") }
                cell.environment = environments[position]
            }
            previousEnvironment = position
            cells.append(cell)
        }
        var verdicts: [Verdict] = []
        for _ in 0..<(try r.count()) { verdicts.append(try t.json(Verdict.self, &r)) }
        let unreadable = try t.json([UnreadablePart].self, &r)
        let notes = try t.strings(&r)
        let problems = try t.strings(&r)
        let deprecationDates = try t.strings(&r)
        try r.expectEnd()
        return FlagRow(flag: flag, definition: definition, cells: cells, verdicts: verdicts, unreadable: unreadable,
                       notes: notes, problems: problems, deprecationDates: deprecationDates)
    }

    // MARK: - Completeness

    /// The stored properties this codec writes field by field, per type. A type with
    /// another count has gained (or lost) a field: the codec is not used until it learns
    /// it. The small, rarer values (a row's definition summary, verdicts, unreadable
    /// parts) go through their own `Codable` as interned JSON text, so they need no entry.
    static let knownFieldCounts: [String: Int] = [
        "FleetSnapshot": 4, "FlagRow": 8, "FlagCell": 14, "EnvironmentSummary": 4, "EnvironmentID": 5, "FlagID": 3,
    ]

    /// The field counts of the model as compiled, by reflection on one value of each type.
    static func modelFieldCounts() throws -> [String: Int] {
        let env = EnvironmentID(accountName: "", accountId: "", region: "", applicationName: "", environmentName: "")
        func n(_ v: Any) -> Int { Mirror(reflecting: v).children.count }
        return [
            "FleetSnapshot": n(FleetSnapshot(asOf: Date(), environments: [], rows: [])),
            "FlagRow": n(FlagRow(flag: FlagID(application: "", profile: "", key: ""), definition: nil, cells: [], verdicts: [])),
            "FlagCell": n(try Templates.cell()),
            "EnvironmentSummary": n(try Templates.environmentSummary()),
            "EnvironmentID": n(env),
            "FlagID": n(FlagID(application: "", profile: "", key: "")),
        ]
    }

    /// Whether the compact formats can hold every field of the model.
    static let isComplete: Bool = (try? modelFieldCounts()) == knownFieldCounts
}

// MARK: - Values the model builds only by decoding

/// `FlagCell` and `EnvironmentSummary` have no public memberwise initialiser: the
/// decoder starts from a minimal decoded value and sets every field.
private enum Templates {
    static let emptyEnvironment = #"{"accountName":"","accountId":"","region":"","applicationName":"","environmentName":""}"#
    static let cellValue = try? JSONDecoder().decode(FlagCell.self, from: Data(
        #"{"environment":\#(emptyEnvironment),"state":"absent","sinceIsLowerBound":false}"#.utf8))
    static let environmentValue = try? JSONDecoder().decode(EnvironmentSummary.self, from: Data(
        #"{"id":\#(emptyEnvironment),"isProduction":false,"problems":[]}"#.utf8))

    static func cell() throws -> FlagCell { try get(cellValue, "FlagCell") }
    static func environmentSummary() throws -> EnvironmentSummary { try get(environmentValue, "EnvironmentSummary") }

    private static func get<T>(_ value: T?, _ name: String) throws -> T {
        guard let value else { throw SnapshotCodec.CorruptPiece(reason: "the model's \(name) cannot be built") }
        return value
    }
}

// MARK: - Tables

/// The distinct strings and dates of one piece, in order of first use.
private struct Tables {
    var strings: [String] = []
    var stringIndex: [String: Int] = [:]
    var dates: [Double] = []
    var dateIndex: [UInt64: Int] = [:]

    mutating func string(_ s: String, _ w: inout ByteWriter) { w.count(intern(s)) }

    mutating func optionalString(_ s: String?, _ w: inout ByteWriter) { w.count(s.map { intern($0) + 1 } ?? 0) }

    mutating func strings(_ list: [String], _ w: inout ByteWriter) {
        w.count(list.count)
        for s in list { string(s, &w) }
    }

    private mutating func intern(_ s: String) -> Int {
        if let i = stringIndex[s] { return i }
        stringIndex[s] = strings.count
        strings.append(s)
        return strings.count - 1
    }

    mutating func optionalDate(_ d: Date?, _ w: inout ByteWriter) {
        guard let d else { return w.count(0) }
        let t = d.timeIntervalSinceReferenceDate
        if let i = dateIndex[t.bitPattern] { return w.count(i + 1) }
        dateIndex[t.bitPattern] = dates.count
        dates.append(t)
        w.count(dates.count)
    }

    mutating func environment(_ e: EnvironmentID, _ w: inout ByteWriter) {
        string(e.accountName, &w)
        string(e.accountId, &w)
        string(e.region, &w)
        string(e.applicationName, &w)
        string(e.environmentName, &w)
    }

    /// Any other value: its compact JSON (sorted keys, so the same value is the same text), interned.
    mutating func json<T: Encodable>(_ value: T, _ w: inout ByteWriter) {
        // Encoding plain model values cannot fail.
        string(String(decoding: try! Self.encoder.encode(value), as: UTF8.self), &w)
    }

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    /// Which optional fields a cell body holds (and `sinceIsLowerBound`).
    enum Bit: Int {
        case servedVersion, since, stateSince, sinceIsLowerBound, rollingOutPercent, rollingOutVersion, pendingVersion,
             attributes, note, bakingVersion, bakeEndsAt, lastReadAt
        var mask: Int { 1 << rawValue }
    }

    mutating func cellBody(_ c: FlagCell, _ w: inout ByteWriter) {
        string(c.state.rawValue, &w)
        var mask = 0
        func set(_ bit: Bit, _ on: Bool) { if on { mask |= bit.mask } }
        set(.servedVersion, c.servedVersion != nil)
        set(.since, c.since != nil)
        set(.stateSince, c.stateSince != nil)
        set(.sinceIsLowerBound, c.sinceIsLowerBound)
        set(.rollingOutPercent, c.rollingOutPercent != nil)
        set(.rollingOutVersion, c.rollingOutVersion != nil)
        set(.pendingVersion, c.pendingVersion != nil)
        set(.attributes, c.attributes != nil)
        set(.note, c.note != nil)
        set(.bakingVersion, c.bakingVersion != nil)
        set(.bakeEndsAt, c.bakeEndsAt != nil)
        set(.lastReadAt, c.lastReadAt != nil)
        w.count(mask)
        if let v = c.servedVersion { w.int(v) }
        if let d = c.since { optionalDate(d, &w) }
        if let d = c.stateSince { optionalDate(d, &w) }
        if let p = c.rollingOutPercent { w.double(p) }
        if let v = c.rollingOutVersion { w.int(v) }
        if let v = c.pendingVersion { w.int(v) }
        if let a = c.attributes { string(JSONSerializer.serialize(a), &w) }
        if let n = c.note { string(n, &w) }
        if let v = c.bakingVersion { w.int(v) }
        if let d = c.bakeEndsAt { optionalDate(d, &w) }
        if let d = c.lastReadAt { optionalDate(d, &w) }
    }

    /// format, strings, dates, cell bodies, body.
    func assemble(format: SnapshotCodec.Format, cellBodies: [[UInt8]], body: [UInt8]) -> [UInt8] {
        var w = ByteWriter()
        w.byte(format.rawValue)
        w.count(strings.count)
        for s in strings {
            let utf8 = Array(s.utf8)
            w.count(utf8.count)
            w.raw(utf8)
        }
        w.count(dates.count)
        for t in dates { w.date(t) }
        if format == .compactRow {
            w.count(cellBodies.count)
            for b in cellBodies {
                w.count(b.count)
                w.raw(b)
            }
        }
        w.raw(body)
        return w.bytes
    }
}

private struct ReadTables {
    var strings: [String] = []
    var dates: [Date] = []
    var cellBodies: [[UInt8]] = []

    init(_ r: inout ByteReader, cellBodies hasBodies: Bool) throws {
        let stringCount = try r.count()
        strings.reserveCapacity(stringCount)
        for _ in 0..<stringCount {
            let n = try r.count()
            strings.append(String(decoding: try r.take(n), as: UTF8.self))
        }
        for _ in 0..<(try r.count()) { dates.append(Date(timeIntervalSinceReferenceDate: try r.date())) }
        if hasBodies {
            for _ in 0..<(try r.count()) { cellBodies.append(Array(try r.take(try r.count()))) }
        }
    }

    func string(_ r: inout ByteReader) throws -> String {
        let i = try r.count()
        guard i < strings.count else { throw SnapshotCodec.CorruptPiece(reason: "string \(i) out of range") }
        return strings[i]
    }

    func optionalString(_ r: inout ByteReader) throws -> String? {
        let i = try r.count()
        guard i > 0 else { return nil }
        guard i <= strings.count else { throw SnapshotCodec.CorruptPiece(reason: "string \(i - 1) out of range") }
        return strings[i - 1]
    }

    func strings(_ r: inout ByteReader) throws -> [String] {
        try (0..<(try r.count())).map { _ in try string(&r) }
    }

    func optionalDate(_ r: inout ByteReader) throws -> Date? {
        let i = try r.count()
        guard i > 0 else { return nil }
        guard i <= dates.count else { throw SnapshotCodec.CorruptPiece(reason: "date \(i - 1) out of range") }
        return dates[i - 1]
    }

    func date(_ r: inout ByteReader) throws -> Date {
        guard let d = try optionalDate(&r) else { throw SnapshotCodec.CorruptPiece(reason: "missing date") }
        return d
    }

    func environment(_ r: inout ByteReader) throws -> EnvironmentID {
        EnvironmentID(accountName: try string(&r), accountId: try string(&r), region: try string(&r),
                      applicationName: try string(&r), environmentName: try string(&r))
    }

    func json<T: Decodable>(_ type: T.Type, _ r: inout ByteReader) throws -> T {
        try JSONDecoder().decode(type, from: Data(try string(&r).utf8))
    }

    func cellBody(_ bytes: [UInt8]) throws -> FlagCell {
        typealias Bit = Tables.Bit
        var r = ByteReader(bytes, from: 0)
        var c = try Templates.cell()
        let stateText = try string(&r)
        guard let state = CellState(rawValue: stateText) else { throw SnapshotCodec.CorruptPiece(reason: "cell state \(stateText)") }
        c.state = state
        let mask = try r.count()
        func has(_ bit: Bit) -> Bool { mask & bit.mask != 0 }
        if has(.servedVersion) { c.servedVersion = try r.int() }
        if has(.since) { c.since = try date(&r) }
        if has(.stateSince) { c.stateSince = try date(&r) }
        c.sinceIsLowerBound = has(.sinceIsLowerBound)
        if has(.rollingOutPercent) { c.rollingOutPercent = try r.double() }
        if has(.rollingOutVersion) { c.rollingOutVersion = try r.int() }
        if has(.pendingVersion) { c.pendingVersion = try r.int() }
        if has(.attributes) {
            let text = try string(&r)
            do { c.attributes = try JSONParser.parse(text) } catch {
                throw SnapshotCodec.CorruptPiece(reason: "cell attributes: \(error)")
            }
        }
        if has(.note) { c.note = try string(&r) }
        if has(.bakingVersion) { c.bakingVersion = try r.int() }
        if has(.bakeEndsAt) { c.bakeEndsAt = try date(&r) }
        if has(.lastReadAt) { c.lastReadAt = try date(&r) }
        try r.expectEnd()
        return c
    }
}

// MARK: - Bytes

struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ b: UInt8) { bytes.append(b) }
    mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    /// Unsigned LEB128.
    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func count(_ n: Int) { varint(UInt64(n)) }

    /// Zigzag: small negative numbers stay small.
    mutating func int(_ n: Int) { varint(UInt64(bitPattern: Int64(n) << 1 ^ Int64(n) >> 63)) }

    mutating func double(_ d: Double) {
        var bits = d.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    /// A moment: whole milliseconds (what the scanner and GRDB produce) as a zigzag
    /// varint, tag bit 0; any other value as its 8 bytes, tag 1. Exact either way.
    mutating func date(_ t: Double) {
        if t.isFinite, abs(t) < 1e14 {
            let ms = (t * 1000).rounded()
            if Double(Int64(ms)) / 1000 == t {
                let z = UInt64(bitPattern: Int64(ms) << 1 ^ Int64(ms) >> 63)
                varint(z << 1)
                return
            }
        }
        varint(1)
        double(t)
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var offset: Int

    init(_ bytes: [UInt8], from offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    private func truncated() -> SnapshotCodec.CorruptPiece { SnapshotCodec.CorruptPiece(reason: "truncated at byte \(offset)") }

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw truncated() }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw SnapshotCodec.CorruptPiece(reason: "varint too long at byte \(offset)") }
            value |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }

    mutating func count() throws -> Int {
        let v = try varint()
        guard v <= UInt64(Int32.max) else { throw SnapshotCodec.CorruptPiece(reason: "count \(v) at byte \(offset)") }
        return Int(v)
    }

    mutating func int() throws -> Int {
        let z = try varint()
        return Int(Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1))
    }

    mutating func double() throws -> Double {
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(try byte()) << UInt64(8 * i) }
        return Double(bitPattern: bits)
    }

    mutating func date() throws -> Double {
        let v = try varint()
        if v & 1 == 1 {
            guard v == 1 else { throw SnapshotCodec.CorruptPiece(reason: "date tag \(v)") }
            return try double()
        }
        let z = v >> 1
        let ms = Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1)
        return Double(ms) / 1000
    }

    mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= bytes.count - offset else { throw truncated() }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    func expectEnd() throws {
        guard offset == bytes.count else {
            throw SnapshotCodec.CorruptPiece(reason: "\(bytes.count - offset) bytes left over")
        }
    }
}
