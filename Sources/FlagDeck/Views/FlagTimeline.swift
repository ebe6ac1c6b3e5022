import FlagModel
import Foundation

/// When a flag was on in one environment, rebuilt from the fleet's deployment records.
/// Only COMPLETE deployments served their version; rolled-back and reverted ones did not.
public struct FlagTimeline: Sendable {
    public struct Change: Sendable, Hashable {
        public var time: Date
        public var state: CellState
    }

    /// State changes of `flag` in `environment`, oldest first.
    public static func changes(of flag: FlagID, in environment: EnvironmentID, records: [DeploymentRecord]) -> [Change] {
        records.filter {
            $0.environment == environment && $0.profileName == flag.profile && $0.state == .complete
        }
        .sorted { ($0.time, $0.deploymentNumber) < ($1.time, $1.deploymentNumber) }
        .compactMap { record in
            record.changes.first { $0.key == flag.key }.map { Change(time: record.time, state: $0.stateAfter) }
        }
    }

    /// One character per time bucket from `start` to `end`: `█` on, `▄` variants or a value,
    /// `▁` off, space absent.
    public static func bar(_ changes: [Change], from start: Date, to end: Date, width: Int) -> String {
        guard width > 0, end > start else { return "" }
        let step = end.timeIntervalSince(start) / Double(width)
        var result = ""
        var index = 0
        var current: CellState = .absent
        for bucket in 0..<width {
            let bucketEnd = start.addingTimeInterval(step * Double(bucket + 1))
            while index < changes.count, changes[index].time <= bucketEnd {
                current = changes[index].state
                index += 1
            }
            switch current {
            case .on: result += "█"
            case .variants, .value: result += "▄"
            case .off: result += "▁"
            case .absent, .unknown: result += " "
            }
        }
        return result
    }
}
