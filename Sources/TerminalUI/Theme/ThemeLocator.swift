import Foundation

/// Finds theme files by name: `$FLAGDECK_THEMES`, the user's config directory,
/// then the `themes/` folder of the installation or repository.
public struct ThemeLocator: Sendable {
    public var searchDirectories: [String]

    public init(searchDirectories: [String]) { self.searchDirectories = searchDirectories }

    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment,
                                executablePath: String? = nil) -> ThemeLocator {
        var dirs: [String] = []
        if let custom = environment["FLAGDECK_THEMES"], !custom.isEmpty {
            dirs += custom.split(separator: ":").map(String.init)
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        dirs.append(configHome + "/flagdeck/themes")
        // An installed binary looks in ../share/flagdeck/themes; a development build
        // (.build/<triple>/debug/flagdeck) finds the repository's themes/ a few levels up.
        let exe = executablePath ?? (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first ?? ""
        var dir = URL(fileURLWithPath: exe).resolvingSymlinksInPath().deletingLastPathComponent()
        dirs.append(dir.appendingPathComponent("../share/flagdeck/themes").standardized.path)
        for _ in 0..<5 {
            dirs.append(dir.appendingPathComponent("themes").path)
            dir = dir.deletingLastPathComponent()
        }
        dirs.append(FileManager.default.currentDirectoryPath + "/themes")
        var seen = Set<String>()
        return ThemeLocator(searchDirectories: dirs.filter { seen.insert($0).inserted })
    }

    public func path(of name: String) -> String? {
        for dir in searchDirectories {
            let candidate = dir + "/" + name + ".theme"
            if FileManager.default.isReadableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Names of every theme found, for `:theme` completion.
    public func availableThemes() -> [String] {
        var names = Set<String>(["default"])
        for dir in searchDirectories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for file in files where file.hasSuffix(".theme") { names.insert(String(file.dropLast(6))) }
        }
        return names.sorted()
    }

    public enum LoadError: Error, CustomStringConvertible {
        case notFound(name: String, searched: [String])
        case unreadable(path: String, reason: String)

        public var description: String {
            switch self {
            case .notFound(let name, let searched):
                return "theme \"\(name)\" not found; looked for \(name).theme in: \(searched.joined(separator: ", "))"
            case .unreadable(let path, let reason):
                return "cannot read theme \(path): \(reason)"
            }
        }
    }

    /// Loads a theme; `default` without a file is the built-in one.
    public func load(_ name: String) throws -> (Theme, [ThemeWarning]) {
        guard let path = path(of: name) else {
            if name == "default" { return (.builtinDefault, []) }
            throw LoadError.notFound(name: name, searched: searchDirectories)
        }
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return ThemeFile.parse(text, name: name, file: path)
        } catch {
            throw LoadError.unreadable(path: path, reason: error.localizedDescription)
        }
    }
}
