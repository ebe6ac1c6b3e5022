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