/// The exact decimal value of a finite Double, as a JSON number: `0.1` is
/// `1000000000000000055511151231257827021181583404541015625e-55`. Python compares ints with
/// floats by exact value, and this lets `JSONNumber.compare` do the same.
enum ExactDecimal {
    static func of(_ value: Double) -> JSONNumber {
        guard value != 0, value.isFinite else { return JSONNumber(0) }
        // value = significand × 2^exponent with an integer significand.
        let significand: UInt64
        let exponent: Int
        if value.exponentBitPattern == 0 {
            significand = value.significandBitPattern
            exponent = -1074
        } else {
            significand = (1 << 52) | value.significandBitPattern
            exponent = Int(value.exponentBitPattern) - 1075
        }
        var limbs = BigDecimalDigits(significand)
        var text: String
        if exponent >= 0 {
            limbs.multiply(byPowerOf: 2, count: exponent)
            text = limbs.decimalText
        } else {
            // m / 2^k = m × 5^k / 10^k
            limbs.multiply(byPowerOf: 5, count: -exponent)
            text = limbs.decimalText + "e-\(-exponent)"
        }
        if value < 0 { text = "-" + text }
        return JSONNumber(text: text) ?? JSONNumber(0)
    }
}

/// A non-negative integer in base 10⁹ limbs, least significant first: just enough arithmetic
/// to expand a Double exactly.
private struct BigDecimalDigits {
    static let base: UInt64 = 1_000_000_000
    var limbs: [UInt64]

    init(_ value: UInt64) {
        limbs = []
        var v = value
        repeat {
            limbs.append(v % Self.base)
            v /= Self.base
        } while v > 0
    }

    mutating func multiply(by factor: UInt64) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let product = limbs[i] * factor + carry
            limbs[i] = product % Self.base
            carry = product / Self.base
        }
        while carry > 0 {
            limbs.append(carry % Self.base)
            carry /= Self.base
        }
    }

    /// Multiplies by `factor`^count in chunks that keep every limb product below 2⁶⁴.
    mutating func multiply(byPowerOf factor: UInt64, count: Int) {
        var remaining = count
        let chunk = factor == 2 ? 29 : 12   // 2²⁹ and 5¹² are both below 2³⁰
        while remaining > 0 {
            let n = min(chunk, remaining)
            var power: UInt64 = 1
            for _ in 0..<n { power *= factor }
            multiply(by: power)
            remaining -= n
        }
    }

    var decimalText: String {
        var text = String(limbs.last ?? 0)
        for limb in limbs.dropLast().reversed() {
            let s = String(limb)
            text += String(repeating: "0", count: 9 - s.count) + s
        }
        return text
    }
}
