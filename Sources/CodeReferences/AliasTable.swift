import FlagModel
import Foundation

/// Every alias of every key in one hash table looked up by raw bytes: a token of a file is
/// checked without building a String or an Array for it. Cheap filters (possible lengths,
/// possible first bytes) reject most tokens before they are hashed.
///
/// Immutable after `init`, read by every worker at once.
struct AliasTable: Sendable {
    /// What an alias stands for: several keys can share one (`new_checkout` and `newCheckout`
    /// both have the alias `newCheckout`).
    struct Meaning: Sendable {
        var key: Int
        var alias: String
        var form: CodeReferenceForm
    }

    let keys: [String]
    /// Meanings of slot `s`'s alias: `meanings[slotMeanings[s]]`.
    private(set) var meanings: [[Meaning]] = []
    private var bytes: [UInt8] = []
    private var slots: [Slot]
    private let mask: Int
    private var lengths = [Bool](repeating: false, count: 256)
    private var firstBytes = [Bool](repeating: false, count: 256)
    let maxLength: Int

    private struct Slot {
        var hash: UInt64 = 0
        var offset: Int32 = 0
        var length: Int32 = -1
        var meanings: Int32 = 0
    }

    /// `keys`: flag keys, each once; unsearchable ones (FlagKeyAliases.isSearchable) are ignored.
    init(keys: [String]) {
        self.keys = keys
        var all: [(alias: [UInt8], meaning: Meaning)] = []
        for (index, key) in keys.enumerated() {
            for (alias, form) in FlagKeyAliases.aliases(of: key) where alias.utf8.count < 256 {
                all.append((Array(alias.utf8), Meaning(key: index, alias: alias, form: form)))
            }
        }
        var capacity = 16
        while capacity < all.count * 2 { capacity <<= 1 }
        slots = [Slot](repeating: Slot(), count: capacity)
        mask = capacity - 1
        maxLength = all.map(\.alias.count).max() ?? 0
        for (alias, meaning) in all { insert(alias, meaning) }
    }

    private mutating func insert(_ alias: [UInt8], _ meaning: Meaning) {
        let hash = alias.withUnsafeBufferPointer { Self.hash($0.baseAddress!, $0.count) }
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i].length >= 0 {
            if slots[i].hash == hash && Int(slots[i].length) == alias.count
                && Array(bytes[Int(slots[i].offset)..<Int(slots[i].offset) + alias.count]) == alias {
                meanings[Int(slots[i].meanings)].append(meaning)
                return
            }
            i = (i + 1) & mask
        }
        slots[i] = Slot(hash: hash, offset: Int32(bytes.count), length: Int32(alias.count), meanings: Int32(meanings.count))
        bytes += alias
        meanings.append([meaning])
        lengths[alias.count] = true
        firstBytes[Int(alias[0])] = true
    }

    /// The meanings of the alias spelled by `count` bytes at `start`, or nil.
    @inline(__always)
    func lookup(_ start: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        guard count <= maxLength, lengths[count], firstBytes[Int(start[0])] else { return nil }
        let hash = Self.hash(start, count)
        var i = Int(truncatingIfNeeded: hash) & mask
        return bytes.withUnsafeBufferPointer { stored in
            while slots[i].length >= 0 {
                let slot = slots[i]
                if slot.hash == hash && Int(slot.length) == count
                    && memcmp(stored.baseAddress! + Int(slot.offset), start, count) == 0 {
                    return Int(slot.meanings)
                }
                i = (i + 1) & mask
            }
            return nil
        }
    }

    /// FNV-1a: tokens are short, so a byte-at-a-time hash costs little next to reading them.
    @inline(__always)
    private static func hash(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<count {
            h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01b3
        }
        return h
    }
}
