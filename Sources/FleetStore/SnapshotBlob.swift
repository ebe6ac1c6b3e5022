import FlagModel
import Foundation

/// A whole snapshot in the compact encoding of the local store (`SnapshotCodec`) as one
/// byte string, for stores that keep a snapshot in one value (the team store): a tenth
/// of its JSON, and a fingerprint that is equal for two scans that found the same fleet,
/// whatever their `asOf`, so an unchanged rescan need not be stored again.
public enum SnapshotBlob {
    /// Version byte, the exact `asOf`, then the header piece and one piece per row, each
    /// length-prefixed.
    public static func encode(_ snapshot: FleetSnapshot, errors: [ScanFailure]) throws -> (body: [UInt8], fingerprint: [UInt8]) {
        let encoded = try EncodedSnapshot(snapshot, errors: errors)
        var w = ByteWriter()
        w.byte(1)
        w.double(snapshot.asOf.timeIntervalSinceReferenceDate)
        w.count(encoded.pieces.count)
        for piece in encoded.pieces {
            w.count(piece.data.count)
            w.raw(piece.data)
        }
        return (w.bytes, encoded.fingerprint)
    }

    public static func decode(_ body: [UInt8]) throws -> FleetSnapshot {
        var r = ByteReader(body, from: 0)
        guard try r.byte() == 1 else { throw SnapshotCodec.CorruptPiece(reason: "unknown snapshot blob version") }
        let asOf = Date(timeIntervalSinceReferenceDate: try r.double())
        let n = try r.count()
        guard n >= 1 else { throw SnapshotCodec.CorruptPiece(reason: "a snapshot blob without its header") }
        var pieces: [[UInt8]] = []
        pieces.reserveCapacity(n)
        for _ in 0..<n { pieces.append(Array(try r.take(try r.count()))) }
        try r.expectEnd()
        return try SnapshotCodec.snapshot(asOf: asOf, pieces: pieces)
    }
}

extension SnapshotCodec {
    /// The snapshot its pieces make: the header first, then one piece per row.
    static func snapshot(asOf: Date, pieces: [[UInt8]]) throws -> FleetSnapshot {
        guard let first = pieces.first else { throw CorruptPiece(reason: "a snapshot without its header") }
        let header = try decodeHeader(first)
        let environments = header.environments.map(\.id)
        let rows = try pieces.dropFirst().map { try decodeRow($0, environments: environments) }
        return FleetSnapshot(asOf: asOf, environments: header.environments, rows: rows, unreadable: header.unreadable)
    }
}
