/// FNV-1a over a string's UTF-8: the same value in every run (Swift's `hashValue` is seeded
/// per process), for ids, tokens and seeded choices that must be reproducible.
extension String {
    var stableHash32: UInt32 { utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 } }
    var stableHash64: UInt64 { utf8.reduce(UInt64(0xCBF2_9CE4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 } }

    /// A small stable number (below 1,000,003) for picking among a few seeded choices.
    var hashValueStable: Int { Int(stableHash32 % 1_000_003) }
}
