import FlagModel
import Foundation

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
