import Foundation
import Testing
@testable import FlagModel

/// Python's truthiness, `==`, ordering, `in` and `%` on JSON values, as Powertools uses them.
@Suite struct PowertoolsPythonSemanticsTests {
    typealias H = PowertoolsTestHelp

    @Test func truthiness() {
        for falsy in ["false", "null", "0", "0.0", "-0", "0e10", "1e-400", #""""#, "[]", "{}"] {
            #expect(!Python.isTruthy(H.json(falsy)), "\(falsy)")
        }
        for truthy in ["true", "1", "-0.5", "1e400", #"" ""#, "[0]", #"{"a":null}"#] {
            #expect(Python.isTruthy(H.json(truthy)), "\(truthy)")
        }
        #expect(!Python.isTruthy(nil))
    }

    @Test func equality() {
        #expect(Python.equals(H.json("1"), H.json("1.0")))
        #expect(Python.equals(H.json("true"), H.json("1")))
        #expect(Python.equals(H.json("false"), H.json("0.0")))
        #expect(!Python.equals(H.json(#""1""#), H.json("1")))
        #expect(!Python.equals(H.json("null"), H.json("false")))
        #expect(Python.equals(H.json(#"{"a":[1,{"b":true}]}"#), H.json(#"{"a":[1.0,{"b":1}]}"#)))
        #expect(!Python.equals(H.json("[1,2]"), H.json("[2,1]")))
        // Code points, not canonical equivalence.
        #expect(!Python.equals(.string("\u{e9}"), .string("e\u{301}")))
        // Ints compare with floats exactly: 2**53 + 1 is no float.
        #expect(!Python.equals(H.json("9007199254740993"), H.json("9007199254740993.0")))
        #expect(Python.equals(H.json("9007199254740992"), H.json("9007199254740993.0")))
        #expect(Python.equals(H.json("100000000000000000000"), H.json("1e20")))
    }

    @Test func ordering() {
        #expect(Python.compare(H.json("2"), .greater, H.json("1.5")) == true)
        #expect(Python.compare(H.json("true"), .greater, H.json("0")) == true)
        #expect(Python.compare(H.json(#""b""#), .greater, H.json(#""a""#)) == true)
        #expect(Python.compare(H.json(#""B""#), .less, H.json(#""a""#)) == true)
        #expect(Python.compare(H.json("[1,3]"), .greater, H.json("[1,2,9]")) == true)
        #expect(Python.compare(H.json("[1]"), .less, H.json("[1,0]")) == true)
        #expect(Python.compare(H.json("[1,2]"), .lessOrEqual, H.json("[1,2]")) == true)
        // TypeError in Python: no answer.
        #expect(Python.compare(H.json(#""10""#), .greater, H.json("9")) == nil)
        #expect(Python.compare(H.json("{}"), .lessOrEqual, H.json("{}")) == nil)
        #expect(Python.compare(H.json("null"), .less, H.json("null")) == nil)
        #expect(Python.compare(H.json(#"[1,"a"]"#), .greater, H.json("[1,2]")) == nil)
        #expect(Python.compare(H.json("123456789012345678901234567890"), .less, H.json("1.2345678901234568e+29")) == false)
        #expect(Python.compare(H.json("123456789012345678901234567890"), .greater, H.json("1.2345678901234568e+29")) == true)
    }

    @Test func membership() {
        #expect(Python.contains(H.json(#""hello""#), H.json(#""ell""#)) == true)
        #expect(Python.contains(H.json(#""hello""#), H.json(#""""#)) == true)
        #expect(Python.contains(H.json(#""123""#), H.json("1")) == nil)
        #expect(Python.contains(H.json("[1.0, 2]"), H.json("1")) == true)
        #expect(Python.contains(H.json("[1]"), H.json("true")) == true)
        #expect(Python.contains(H.json(#"{"a":0}"#), H.json(#""a""#)) == true)
        #expect(Python.contains(H.json(#"{"1":0}"#), H.json("1")) == false)
        #expect(Python.contains(H.json(#"{"a":0}"#), H.json("[1]")) == nil)
        #expect(Python.contains(H.json("1"), H.json("1")) == nil)
        #expect(Python.startsWith(H.json(#""admin""#), H.json(#"["ad"]"#)) == nil)
        #expect(Python.endsWith(H.json(#""a@example.com""#), H.json(#""@example.com""#)) == true)
    }

    @Test func floorModulo() {
        func mod(_ a: String, _ b: String) -> String? {
            switch PythonNumber(H.json(a))?.floorModulo(PythonNumber(H.json(b))!) {
            case .int(let n)?: n.text
            case .float(let d)?: "\(d)"
            case nil: nil
            }
        }
        #expect(mod("42", "10") == "2")
        #expect(mod("-1", "10") == "9")
        #expect(mod("1", "-10") == "-9")
        #expect(mod("-0.5", "10") == "9.5")
        #expect(mod("3.5", "3") == "0.5")
        #expect(mod("true", "2") == "1")
        #expect(mod("123456789012345678901234567890", "7") == "0")
        #expect(mod("123456789012345678901234567891", "7") == "1")
        #expect(mod("-123456789012345678901234567891", "7") == "6")
        #expect(mod("7", "0") == nil)
        #expect(mod("7.5", "0") == nil)
        // inf % 10 is NaN, and every comparison with NaN is False.
        if case .float(let d)? = PythonNumber(H.json("1e400"))?.floorModulo(.int(JSONNumber(10))) { #expect(d.isNaN) } else { Issue.record("expected a float") }
    }

    @Test func exactDecimalOfDoubles() {
        #expect(ExactDecimal.of(0.1).compare(JSONNumber(text: "0.1000000000000000055511151231257827021181583404541015625")!) == .orderedSame)
        #expect(ExactDecimal.of(9007199254740992).compare(JSONNumber(text: "9007199254740992")!) == .orderedSame)
        #expect(ExactDecimal.of(-2.5).compare(JSONNumber(text: "-2.5")!) == .orderedSame)
        #expect(ExactDecimal.of(1e300).compare(JSONNumber(text: "1e300")!) == .orderedDescending)   // Decimal(1e300) > Decimal("1e300")
        #expect(ExactDecimal.of(5e-324).compare(JSONNumber(0)) == .orderedDescending)
    }
}
