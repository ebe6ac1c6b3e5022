@testable import FlagDeck
import FlagDeckRuntime
import FlagModel
import FleetStore
import Foundation
import Testing

/// A store in a fresh temporary directory, removed afterwards.
func withStore(_ body: (FleetStore) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flagdeck-runtime-store-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try FleetStore(directory: directory)
    do {
        try await body(store)
    } catch {
        try? store.close()
        throw error
    }
    try? store.close()
}

@Suite("Review decisions between the dashboard and the store")
struct DecisionEffectsTests {
    let flag = FlagID(application: "checkout", profile: "flags", key: "new_checkout")

    @Test("a recorded retirement comes back as the flag's badge, history and checklist")
    func recordAndLoad() async throws {
        try await withStore { store in
            let effects = DecisionEffects(store: store)
            let text = try await effects.record(DecisionRequest(flag: flag, choice: .retire,
                                                                values: ["alice", "2099-12-31", "rolled out everywhere"],
                                                                ticks: [3, 5])).text
            #expect(text.hasPrefix("decision recorded: new_checkout "))
            #expect(text.contains("retire owner alice 2099-12-31 — rolled out everywhere"), "\(text)")

            let (infos, permanent) = try await effects.load()
            let info = try #require(infos[flag])
            #expect(info.text == "retire → alice by 2099-12-31")
            #expect(!info.overdue)
            #expect(info.history.count == 1)
            #expect(info.history.first?.contains("retire owner alice") == true)
            #expect(info.checklist == [3, 5])
            #expect(permanent.isEmpty)
        }
    }

    @Test("a permanent decision makes the flag permanent; a note keeps the decision and adds to the history")
    func permanentThenNote() async throws {
        try await withStore { store in
            let effects = DecisionEffects(store: store)
            _ = try await effects.record(DecisionRequest(flag: flag, choice: .permanent, values: ["kill switch"], ticks: []))
            _ = try await effects.record(DecisionRequest(flag: flag, choice: .note, values: ["asked ops"], ticks: []))
            let (infos, permanent) = try await effects.load()
            #expect(permanent == [flag])
            #expect(infos[flag]?.text == "permanent")
            #expect(infos[flag]?.history.count == 2)
            #expect(try await store.currentDecision(for: flag)?.note == "asked ops")
        }
    }

    @Test("input the store cannot take is refused with a sentence for the status line")
    func refusals() async throws {
        try await withStore { store in
            let effects = DecisionEffects(store: store)
            await #expect(throws: DecisionInputError.self) {
                _ = try await effects.record(DecisionRequest(flag: flag, choice: .note, values: ["first"], ticks: []))
            }
            do {
                _ = try await effects.record(DecisionRequest(flag: flag, choice: .snooze, values: ["soon", ""], ticks: []))
                Issue.record("a snooze of \"soon\" days was recorded")
            } catch let error as DecisionInputError {
                #expect(error.description == "snooze needs a number of days, like 30")
            }
            #expect(try await store.currentDecision(for: flag) == nil)
        }
    }
}
