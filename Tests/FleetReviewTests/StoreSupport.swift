import FleetStore
import Foundation

/// A fresh state directory per test, removed when the value goes away.
final class TempDirectory: @unchecked Sendable {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("fleetreview-\(UUID().uuidString)", isDirectory: true)
    }

    func store() throws -> FleetStore { try FleetStore(directory: url) }

    deinit { try? FileManager.default.removeItem(at: url) }
}
