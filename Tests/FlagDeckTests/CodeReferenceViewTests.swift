import FlagModel
import Foundation
import Testing
import TerminalUI
@testable import FlagDeck

/// Issue 16 in the views: the Review view puts flags still in code first and says which
/// are ready to remove from AppConfig; the Flag view lists the references; R refuses.
@Suite struct CodeReferenceViewTests {
    static func reference(_ key: String, _ path: String, _ line: Int) -> CodeReference {
        CodeReference(repository: "/src/shop", commit: "abc", path: path, line: line, text: "if flags.\(key) {", key: key,
                      alias: key, form: .exact)
    }

    func loaded(references: [FlagID: FlagCodeReferences]?) -> AppState {
        var state = AppState(readOnly: false, size: Size(width: 120, height: 40))
        _ = update(&state, .scanFinished(FleetFixture.result), registry: .standard)
        if let references { _ = update(&state, .codeReferencesLoaded(references), registry: .standard) }
        return state
    }

    @Test func reviewPutsFlagsStillInCodeFirstAndSaysSo() throws {
        let plain = loaded(references: nil)
        let candidates = plain.reviewCandidates()
        try #require(candidates.count >= 2)
        let last = try #require(candidates.last)
        // The youngest candidate is still referenced: it moves to the top.
        var references: [FlagID: FlagCodeReferences] = [:]
        for row in candidates { references[row.flag] = FlagCodeReferences(references: [], scannedAt: FleetFixture.asOf) }
        references[last.flag] = FlagCodeReferences(references: [Self.reference(last.flag.key, "a.swift", 3)], scannedAt: FleetFixture.asOf)
        let state = loaded(references: references)
        #expect(state.reviewCandidates().first?.flag == last.flag)
        #expect(ReviewView.subtitle(state.reviewCandidates(), state)
                == "1 to remove from code first, \(candidates.count - 1) ready to remove from AppConfig")
        #expect(ReviewView.subtitle(candidates, plain) == "retirement candidates, oldest first", "not configured: no split")
    }

    @Test func theFlagViewListsTheReferencesAndRRefusesWhileTheyExist() throws {
        var state = loaded(references: nil)
        let flag = try #require(state.reviewCandidates().first?.flag)
        let refs = FlagCodeReferences(references: [Self.reference(flag.key, "src/a.swift", 12), Self.reference(flag.key, "b.py", 1)],
                                      scannedAt: FleetFixture.asOf.addingTimeInterval(-3600))
        _ = update(&state, .codeReferencesLoaded([flag: refs]), registry: .standard)
        let lines = CodeReferenceLines.lines(refs, now: FleetFixture.asOf).map { $0.spans.map(\.text).joined() }
        #expect(lines.first?.hasPrefix("Code references  2 (scanned 1h ago") == true, "\(lines)")
        #expect(lines.contains("  shop/src/a.swift:12  if flags.\(flag.key) {"))

        state.view = .review
        ToggleFlow.openRetirement(&state, flag: flag)
        #expect(state.overlay == nil)
        #expect(state.status?.kind == .error)
        #expect(state.status?.text.contains("still referenced in code (2: src/a.swift:12, b.py:1)") == true, "\(state.status?.text ?? "")")
        #expect(FleetView.codeMark(refs, after: "DEAD") == " code:2")
        #expect(FleetView.codeMark(FlagCodeReferences(references: [], scannedAt: nil), after: "DEAD") == "")
    }
}
