import FlagModel
import Foundation
import Testing
@testable import FleetStore

/// CloudTrail events kept in the store: once each, a cursor that never runs ahead of the
/// events, unreadable account/regions said without losing what was read.
@Suite struct TrailStoreTests {
    func event(_ id: String, at seconds: TimeInterval, region: String = "us-east-1") -> TrailEvent {
        TrailEvent(eventId: id, eventName: "StartDeployment", time: Date(timeIntervalSince1970: seconds), accountId: "111122223333",
                   region: region, author: ChangeAuthor(type: "IAMUser", arn: "arn:aws:iam::111122223333:user/jane", name: "jane", role: nil),
                   applicationId: "a", environmentId: "e", deploymentNumber: Int(seconds))
    }

    @Test func eventsAreKeptOnceAndTheCursorOnlyMovesForward() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        try await store.saveTrail(accountId: "111122223333", region: "us-east-1", events: [event("a", at: 100), event("b", at: 200)],
                                  readUntil: Date(timeIntervalSince1970: 300))
        // A re-read of an overlapping window (CloudTrail's delivery delay) stores nothing twice.
        try await store.saveTrail(accountId: "111122223333", region: "us-east-1", events: [event("b", at: 200), event("c", at: 250)],
                                  readUntil: Date(timeIntervalSince1970: 280))
        #expect(try await store.trailEvents().map(\.eventId) == ["a", "b", "c"])
        #expect(try await store.trailEvents(since: Date(timeIntervalSince1970: 150)).map(\.eventId) == ["b", "c"])
        let cursor = try #require(try await store.trailCursors().first)
        #expect(cursor.readUntil == Date(timeIntervalSince1970: 300) && cursor.unreadable == nil)
        #expect(try await store.auditTrail().events.first?.author.name == "jane")
    }

    @Test func anUnreadableRegionKeepsWhatWasReadAndRecoversWhenReadAgain() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        try await store.saveTrail(accountId: "111122223333", region: "eu-west-1", events: [event("a", at: 100, region: "eu-west-1")],
                                  readUntil: Date(timeIntervalSince1970: 300))
        try await store.markTrailUnreadable(accountId: "111122223333", region: "eu-west-1", message: "AccessDenied: cloudtrail:LookupEvents not allowed")
        var trail = try await store.auditTrail()
        #expect(trail.events.count == 1 && trail.gap(accountId: "111122223333", region: "eu-west-1")?.message.hasPrefix("AccessDenied") == true)
        #expect(try await store.trailCursors().first?.readUntil == Date(timeIntervalSince1970: 300))
        try await store.saveTrail(accountId: "111122223333", region: "eu-west-1", events: [], readUntil: Date(timeIntervalSince1970: 400))
        trail = try await store.auditTrail()
        #expect(trail.gaps.isEmpty)
    }
}
