import ArgumentParser
import FlagModel
import Foundation

/// `flagdeck doc validate|set`: offline tools for AppConfig feature-flag documents.
struct DocCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doc",
        abstract: "Validate and edit AWS.AppConfig.FeatureFlags documents offline.",
        subcommands: [Validate.self, Set.self]
    )

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check documents against the published schema and attribute constraints.",
            discussion: "Prints one line per problem (FILE: $.path: message) and exits 1 if any file has problems."
        )

        @Argument(help: "Feature-flag JSON files.")
        var files: [String]

        func run() async throws {
            var failed = false
            for file in files {
                switch DocCommand.load(file) {
                case .failure(let line):
                    print(line)
                    failed = true
                case .success(let doc):
                    let problems = doc.validate()
                    for p in problems { print("\(file): \(p)") }
                    if !problems.isEmpty { failed = true }
                }
            }
            if failed { throw ExitCode(1) }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change one flag and print the new document.",
            discussion: """
                The new document goes to stdout (pretty, key order kept), the changes to stderr.
                Nothing is printed to stdout if the edit fails or the result would be invalid.
                Attribute values are JSON: --attr timeout_ms=800 --attr engine='"solr"'.
                """
        )

        @Argument(help: "Feature-flag JSON file.")
        var file: String

        @Argument(help: "Flag key.")
        var flag: String

        @Option(help: "true or false.")
        var enabled: Bool?

        @Option(help: "Variant to change, for multi-variant flags.")
        var variant: String?

        @Option(name: .customLong("attr"), help: "NAME=JSON attribute value; repeatable.")
        var attributes: [String] = []

        func validate() throws {
            if enabled == nil && attributes.isEmpty {
                throw ValidationError("nothing to change: give --enabled and/or --attr")
            }
        }

        func run() async throws {
            var doc: FeatureFlagDocument
            switch DocCommand.load(file) {
            case .failure(let line):
                DocCommand.printError("\(line)")
                throw ExitCode(1)
            case .success(let d):
                doc = d
            }
            var diffs: [FlagDiff] = []
            do {
                if let enabled {
                    let r = try doc.setEnabled(flag: flag, to: enabled, variant: variant)
                    doc = r.document
                    diffs += r.diff
                }
                for spec in attributes {
                    guard let eq = spec.firstIndex(of: "=") else {
                        DocCommand.printError("--attr \(spec): expected NAME=JSON")
                        throw ExitCode(1)
                    }
                    let name = String(spec[..<eq])
                    let text = String(spec[spec.index(after: eq)...])
                    let value: JSONValue
                    do {
                        value = try JSONParser.parse(text)
                    } catch {
                        DocCommand.printError("--attr \(spec): value is not JSON (\(error.message)); quote strings: \(name)='\"text\"'")
                        throw ExitCode(1)
                    }
                    let r = try doc.setAttribute(flag: flag, name: name, value: value, variant: variant)
                    doc = r.document
                    diffs += r.diff
                }
            } catch let error as FlagEditError {
                DocCommand.printError("\(file): \(error)")
                throw ExitCode(1)
            }
            let problems = doc.validate()
            if !problems.isEmpty {
                DocCommand.printError("\(file): the result would be invalid; nothing written")
                for p in problems { DocCommand.printError("\(file): \(p)") }
                throw ExitCode(1)
            }
            print(doc.serialized(pretty: true))
            if diffs.isEmpty { DocCommand.printError("no change") }
            for d in diffs { DocCommand.printError(d.description) }
        }
    }

    /// Reads and parses a file; the failure is the line to print.
    static func load(_ file: String) -> Result<FeatureFlagDocument, LoadFailure> {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            return .failure(LoadFailure("\(file): cannot read: \(error.localizedDescription)"))
        }
        do {
            return .success(try FeatureFlagDocument(parsing: [UInt8](data)))
        } catch {
            return .failure(LoadFailure("\(file):\(error.line):\(error.column): \(error.path): \(error.message)"))
        }
    }

    struct LoadFailure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

