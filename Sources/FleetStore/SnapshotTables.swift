import FlagModel
import Foundation

enum Templates {
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
struct Tables {
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

struct ReadTables {
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
