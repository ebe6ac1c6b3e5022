import Foundation

/// A small binary encoding for records the scanner caches (finished deployments).
///
/// A warm scan reads every cached deployment of every environment; decoding them with
/// JSONDecoder was the largest part of its CPU. This encoding is a version byte and the
/// fields in a fixed order: strings and counts as LEB128 lengths, numbers as 8 bytes,
/// optionals behind a presence byte. The version byte can never be `{`, so a record
/// stored as JSON by an earlier flagdeck is told apart by its first byte.
public enum CompactRecord {
    public static let version: UInt8 = 1

    /// Is `bytes` a record of this encoding (rather than JSON from an older cache)?
    public static func isCompact(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.first == version
    }

    public struct Malformed: Error, CustomStringConvertible {
        public var description: String
    }
}

/// Appends fields to a compact record.
public struct CompactWriter {
    public private(set) var bytes: [UInt8]

    public init() {
        bytes = [CompactRecord.version]
        bytes.reserveCapacity(256)
    }

    public mutating func count(_ value: Int) {
        var rest = UInt64(value)
        repeat {
            let low = UInt8(rest & 0x7F)
            rest >>= 7
            bytes.append(rest == 0 ? low : low | 0x80)
        } while rest != 0
    }

    public mutating func string(_ value: String) {
        count(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    public mutating func int(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func date(_ value: Date) {
        double(value.timeIntervalSince1970)
    }

    /// A presence byte, then the value when there is one.
    public mutating func optional<T>(_ value: T?, _ write: (inout CompactWriter, T) -> Void) {
        guard let value else { bytes.append(0); return }
        bytes.append(1)
        write(&self, value)
    }

    public mutating func array<T>(_ values: [T], _ write: (inout CompactWriter, T) -> Void) {
        count(values.count)
        for value in values { write(&self, value) }
    }
}

/// Reads the fields of a compact record in the order they were written.
public struct CompactReader {
    private let bytes: [UInt8]
    private var offset: Int

    public init(_ bytes: [UInt8]) throws(CompactRecord.Malformed) {
        guard CompactRecord.isCompact(bytes) else {
            throw CompactRecord.Malformed(description: "not a compact record (version byte \(bytes.first.map(String.init) ?? "missing"))")
        }
        self.bytes = bytes
        self.offset = 1
    }

    public var isAtEnd: Bool { offset == bytes.count }

    private mutating func take(_ n: Int) throws(CompactRecord.Malformed) -> ArraySlice<UInt8> {
        guard n >= 0, bytes.count - offset >= n else {
            throw CompactRecord.Malformed(description: "record ends at byte \(bytes.count), \(n) more expected at \(offset)")
        }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    public mutating func count() throws(CompactRecord.Malformed) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try take(1).first!
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
            if shift > 56 { throw CompactRecord.Malformed(description: "length too long at byte \(offset)") }
        }
        guard value <= UInt64(Int.max) else { throw CompactRecord.Malformed(description: "length out of range") }
        return Int(value)
    }

    public mutating func string() throws(CompactRecord.Malformed) -> String {
        String(decoding: try take(try count()), as: UTF8.self)
    }

    private mutating func word() throws(CompactRecord.Malformed) -> UInt64 {
        var value: UInt64 = 0
        for (i, byte) in try take(8).enumerated() { value |= UInt64(byte) << (8 * UInt64(i)) }
        return value
    }

    public mutating func int() throws(CompactRecord.Malformed) -> Int {
        Int(Int64(bitPattern: try word()))
    }

    public mutating func double() throws(CompactRecord.Malformed) -> Double {
        Double(bitPattern: try word())
    }

    public mutating func date() throws(CompactRecord.Malformed) -> Date {
        Date(timeIntervalSince1970: try double())
    }

    public mutating func optional<T>(_ read: (inout CompactReader) throws(CompactRecord.Malformed) -> T)
        throws(CompactRecord.Malformed) -> T? {
        switch try take(1).first! {
        case 0: return nil
        case 1: return try read(&self)
        case let other: throw CompactRecord.Malformed(description: "presence byte \(other) at \(offset - 1)")
        }
    }

    public mutating func array<T>(_ read: (inout CompactReader) throws(CompactRecord.Malformed) -> T)
        throws(CompactRecord.Malformed) -> [T] {
        let n = try count()
        // Each element takes at least one byte: a corrupt count cannot reserve gigabytes.
        guard n <= bytes.count - offset else {
            throw CompactRecord.Malformed(description: "array of \(n) in \(bytes.count - offset) bytes")
        }
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try read(&self)) }
        return out
    }
}
