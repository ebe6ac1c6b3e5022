import FlagDeploy
import Foundation
import Testing

@Suite struct ChangeStampTests {
    @Test func headerValuesArePrintableASCIIWithinTheAPILimits() {
        let reason = String(repeating: "Ünïcödé 🚨 reason\r\n", count: 200)
        let description = ChangeStamp.description(actor: "jürgen", change: "values.x.enabled: true → false",
                                                  baseVersion: 12, reason: reason)
        #expect(description.count <= 1024)
        #expect(description.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) })
        #expect(description.hasPrefix("flagdeck: jurgen: values.x.enabled: true -> false (from version 12): Unicode ? reason"))

        let label = ChangeStamp.versionLabel(actor: "jürgen", at: Date(timeIntervalSince1970: 0), baseVersion: 12,
                                             reason: reason)
        #expect(label.count <= 64)
        #expect(label.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) })
        #expect(label.hasPrefix("flagdeck.jurgen.19700101T000000Z.v12.unicode-reason"))
        #expect(!label.hasSuffix("-") && !label.hasSuffix("."))
        #expect(label.contains { !$0.isNumber })
    }

    @Test func emptyReasonIsSaidPlainly() {
        #expect(ChangeStamp.description(actor: "bob", change: "x on", baseVersion: nil, reason: "")
                == "flagdeck: bob: x on: no reason given")
        #expect(ChangeStamp.versionLabel(actor: "", at: Date(timeIntervalSince1970: 0), baseVersion: 1, reason: "")
                == "flagdeck.user.19700101T000000Z.v1")
    }
}
