import Foundation
import TerminalUI

/// A one-line message under the body: what just happened, or what went wrong.
public struct StatusMessage: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case info, warning, error }
    public var text: String
    public var kind: Kind

    public init(_ text: String, _ kind: Kind = .info) {
        self.text = text
        self.kind = kind
    }
}

/// What floats above the current view and takes the keys first.
public enum Overlay: Hashable, Sendable {
    case help(scroll: Int)
    case commandLine(TextInput)
    case filter(TextInput)
}

/// The scope and freshness shown in the header.
public struct HeaderInfo: Hashable, Sendable {
    public var accounts: Int
    public var regions: Int
    public var scanProgress: String?
    public var lastRefresh: Date?

    public init(accounts: Int = 0, regions: Int = 0, scanProgress: String? = nil, lastRefresh: Date? = nil) {
        self.accounts = accounts
        self.regions = regions
        self.scanProgress = scanProgress
        self.lastRefresh = lastRefresh
    }
}

/// The whole app state: `update` changes it, `render` draws it. Nothing else does.
public struct AppState: Sendable {
    public var readOnly: Bool
    public var size: Size
    public var view: ViewID = .fleet
    public var overlay: Overlay?
    public var status: StatusMessage?
    public var header = HeaderInfo()
    public var themeName: String
    public var availableThemes: [String] = ["default"]
    public var filterText = ""
    /// Shown in the body while there is no fleet to show (e.g. no configuration yet).
    public var notice: [String] = []
    public var selectedRow = 0
    public var shouldQuit = false

    public init(readOnly: Bool, size: Size, themeName: String = "default") {
        self.readOnly = readOnly
        self.size = size
        self.themeName = themeName
    }
}

/// Inputs to `update`: keys from the terminal and results of effects.
public enum Msg: Sendable {
    case key(Key)
    case resized(Size)
    case themeLoaded(name: String, warnings: [String])
    case themeFailed(name: String, reason: String)
    case status(StatusMessage)
}

/// Work `update` asks the runner to do outside the pure core.
public enum Effect: Hashable, Sendable {
    case loadTheme(String)
    case refresh
}
