import AWSCore
import AppConfigClient

/// Failures of FlagDeploy's own, before or around the AppConfig calls.
public enum DeployError: Error, Sendable, Hashable, CustomStringConvertible {
    case noClient(String)
    case notFound(String)
    case unreadableVersion(version: Int, reason: String)

    public var description: String {
        switch self {
        case .noClient(let where_): "no AppConfig client for \(where_) (is the account and region in the configuration?)"
        case .notFound(let what): what
        case .unreadableVersion(let v, let why): "version \(v) is not a readable feature-flag document: \(why)"
        }
    }
}

/// One line a person can act on for any error a deploy step can meet.
enum ErrorText {
    static func describe(_ error: any Error) -> String {
        switch error {
        case let e as ReadOnlyViolation:
            return e.description
        case let e as AppConfigError:
            return e.description
        case let e as DeployError:
            return e.description
        case is CancellationError:
            return "cancelled"
        default:
            return String(describing: error).replacingOccurrences(of: "\n", with: " ")
        }
    }

    static func isReadOnly(_ error: any Error) -> Bool { error is ReadOnlyViolation }
}
