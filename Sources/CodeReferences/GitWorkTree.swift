import FlagModel
import Foundation

/// What the scanner asks git about a work tree: the commit checked out, the tracked files
/// (which honours .gitignore and leaves untracked files out) and which of them
/// .gitattributes marks vendored or generated.
struct GitWorkTree {
    let path: String

    /// HEAD's commit id. Also where attribute files outside the tree live, to know
    /// whether asking `git check-attr` can find anything.
    func head() throws -> (commit: String, infoAttributes: String) {
        let output: Data
        do {
            output = try run(["rev-parse", "HEAD", "--git-path", "info/attributes"])
        } catch CodeReferenceError.notAWorkTree(_, let reason) where reason.contains("unknown revision") {
            throw CodeReferenceError.notAWorkTree(path: path, reason: "it has no commit yet")
        }
        let lines = output.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        guard lines.count == 2 else {
            throw CodeReferenceError.notAWorkTree(path: path, reason: "git rev-parse printed \(lines.count) lines")
        }
        // --git-path is relative to the work tree when the .git directory is inside it.
        let info = lines[1].hasPrefix("/") ? lines[1] : path + "/" + lines[1]
        return (lines[0], info)
    }

    /// The tracked files, relative to `path`.
    func trackedFiles() throws -> [String] {
        Self.nulSeparated(try run(["ls-files", "-z"]))
    }

    /// The NUL-terminated strings of `data`.
    static func nulSeparated(_ data: Data) -> [String] {
        var strings: [String] = []
        forEachField(of: data) { strings.append(String(decoding: $0, as: UTF8.self)) }
        return strings
    }

    /// Each NUL-terminated field of `data`, by pointer: `Data.split` costs more than the
    /// rest of the scan at 100,000 paths.
    static func forEachField(of data: Data, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            for i in bytes.indices where bytes[i] == 0 {
                body(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                start = i + 1
            }
        }
    }

    /// The files among `files` that .gitattributes marks `linguist-vendored` or
    /// `linguist-generated` (set or `true`), in one `git check-attr` for all of them.
    func linguistMarks(_ files: [String]) throws -> [String: CodeReferenceSkip] {
        var input: [UInt8] = []
        input.reserveCapacity(files.reduce(0) { $0 + $1.utf8.count + 1 })
        for file in files {
            input += file.utf8
            input.append(0)
        }
        let output = try run(["check-attr", "-z", "--stdin", "linguist-vendored", "linguist-generated"],
                             input: Data(input))
        // -z output: path NUL attribute NUL value NUL, per file and attribute. Strings are
        // only made for the few files marked.
        var marks: [String: CodeReferenceSkip] = [:]
        var field = 0
        var path: UnsafeBufferPointer<UInt8>?, vendored = false
        Self.forEachField(of: output) { bytes in
            switch field % 3 {
            case 0: path = bytes
            case 1: vendored = bytes.elementsEqual("linguist-vendored".utf8)
            default:
                if let path, bytes.elementsEqual("set".utf8) || bytes.elementsEqual("true".utf8) {
                    let file = String(decoding: path, as: UTF8.self)
                    // Vendored wins: it is the stronger statement about whose code it is.
                    if vendored || marks[file] == nil { marks[file] = vendored ? .vendored : .generated }
                }
            }
            field += 1
        }
        return marks
    }

    /// Runs `git -C path ARGS`, returning its standard output; a failure carries git's own words.
    private func run(_ arguments: [String], input: Data? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", path] + arguments
        var environment = ProcessInfo.processInfo.environment
        // Plain, untranslated messages; no pager, no prompt for credentials.
        environment["LC_ALL"] = "C"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        process.environment = environment
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        // Input comes from a file, not a pipe: git answers while it reads (a pipe would need
        // a writer thread so that neither waits on the other), and a git that stops early
        // cannot kill flagdeck with SIGPIPE.
        var inputFile: URL?
        defer { if let inputFile { try? FileManager.default.removeItem(at: inputFile) } }
        if let input {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("flagdeck-git-\(UUID().uuidString)")
            do {
                try input.write(to: file)
                inputFile = file
                process.standardInput = try FileHandle(forReadingFrom: file)
            } catch {
                throw CodeReferenceError.gitUnavailable("cannot write git's input to \(file.path): \(error)")
            }
        }
        do {
            try process.run()
        } catch {
            throw CodeReferenceError.gitUnavailable(String(describing: error))
        }
        // stderr is read after stdout's end: git writes at most a few lines there.
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw CodeReferenceError.notAWorkTree(path: path, reason: message.isEmpty
                ? "git \(arguments[0]) exited with status \(process.terminationStatus)" : message)
        }
        return output
    }
}

public enum CodeReferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `path` cannot be read as a git work tree (missing, not a repository, no commit yet).
    case notAWorkTree(path: String, reason: String)
    /// The `git` command could not be started.
    case gitUnavailable(String)

    public var description: String {
        switch self {
        case .notAWorkTree(let path, let reason): return "\(path) is not a readable git work tree: \(reason)"
        case .gitUnavailable(let e): return "cannot run git (is it installed and on PATH?): \(e)"
        }
    }
}
