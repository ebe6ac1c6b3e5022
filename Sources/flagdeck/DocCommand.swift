import ArgumentParser
import FlagModel
import Foundation

/// `flagdeck doc validate|set|evaluate`: offline tools for flag documents of both dialects.
struct DocCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doc",
        abstract: "Validate, edit and evaluate flag documents offline (AppConfig feature flags or Powertools).",
        subcommands: [Validate.self, Set.self, DocEvaluateCommand.self]
    )

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check documents against their schema (AppConfig's, with attribute constraints, or Powertools').",
            discussion: """
                Prints one line per problem (FILE: $.path: message) and exits 1 if any file has problems.
                The dialect is recognised from the document; --dialect or --envelope says it instead.
                """
        )

        @Argument(help: "Flag document JSON files.")
        var files: [String]

        @OptionGroup var reading: DocReadingOptions

        func run() async throws {
            var failed = false
            for file in files {
                switch DocCommand.load(file, reading) {
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
                The new document goes to stdout (pretty, key order kept; a Powertools document keeps every
                byte it had but the changed values), the changes to stderr. Nothing is printed to stdout if
                the edit fails or the result would be invalid. For a Powertools feature, --enabled false sets
                `default` and every rule's `when_match` to false; --enabled true sets `default` only.
                Attribute values are JSON: --attr timeout_ms=800 --attr engine='"solr"'.
                """
        )

        @Argument(help: "Flag document JSON file.")
        var file: String

        @Argument(help: "Flag key (Powertools: feature name).")
        var flag: String

        @Option(help: "true or false.")
        var enabled: Bool?

        @Option(help: "Variant to change, for multi-variant flags.")
        var variant: String?

        @Option(name: .customLong("attr"), help: "NAME=JSON attribute value; repeatable.")
        var attributes: [String] = []

        @OptionGroup var reading: DocReadingOptions

        func validate() throws {
            if enabled == nil && attributes.isEmpty {
                throw ValidationError("nothing to change: give --enabled and/or --attr")
            }
        }

        func run() async throws {
            var doc: FeatureFlagDocument
            switch DocCommand.load(file, reading) {
            case .failure(let line):
                DocCommand.printError("\(line)")
                throw ExitCode(1)
            case .success(let d):
                doc = d
            }
            var diffs: [FlagDiff] = []
            do {
                if let enabled {
                    let r = doc.dialect == .powertools
                        ? try doc.setPowertoolsFeature(flag, to: enabled)
                        : try doc.setEnabled(flag: flag, to: enabled, variant: variant)
                    doc = r.document
                    diffs += r.diff
                }
                for spec in attributes {
                    let (name, value) = try DocCommand.attribute(spec)
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
            print(DocCommand.text(of: doc, file: file, diffs: diffs))
            if diffs.isEmpty { DocCommand.printError("no change") }
            for d in diffs { DocCommand.printError(d.description) }
        }
    }

    /// `NAME=JSON` of `--attr`.
    static func attribute(_ spec: String) throws -> (String, JSONValue) {
        guard let eq = spec.firstIndex(of: "=") else {
            printError("--attr \(spec): expected NAME=JSON")
            throw ExitCode(1)
        }
        let name = String(spec[..<eq])
        let text = String(spec[spec.index(after: eq)...])
        do {
            return (name, try JSONParser.parse(text))
        } catch {
            printError("--attr \(spec): value is not JSON (\(error.message)); quote strings: \(name)='\"text\"'")
            throw ExitCode(1)
        }
    }

    /// The edited document's text: a Powertools document is the file's bytes with the
    /// changed values replaced (like a toggle writes it); a native one pretty-printed.
    static func text(of doc: FeatureFlagDocument, file: String,
                     diffs: [FlagDiff]) -> String {
        if doc.dialect == .powertools, let bytes = try? [UInt8](Data(contentsOf: URL(fileURLWithPath: file))),
           let spliced = doc.splicedText(diffs, into: bytes) {
            return String(decoding: spliced, as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        return doc.serialized(pretty: true)
    }

    /// Reads and parses a file in the dialect asked for (or recognised); the failure is the line to print.
    static func load(_ file: String, _ reading: DocReadingOptions) -> Result<FeatureFlagDocument, LoadFailure> {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            return .failure(LoadFailure("\(file): cannot read: \(error.localizedDescription)"))
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse([UInt8](data))
        } catch {
            return .failure(LoadFailure("\(file):\(error.line):\(error.column): \(error.path): \(error.message)"))
        }
        let envelope: PowertoolsEnvelope?
        do {
            envelope = try reading.envelope.map { try PowertoolsEnvelope(parsing: $0) }
        } catch {
            return .failure(LoadFailure("\(file): --envelope \(reading.envelope ?? ""): \(error)"))
        }
        switch reading.dialect ?? (envelope != nil ? .powertools : recognise(json)) {
        case .appconfig:
            if envelope != nil { return .failure(LoadFailure("\(file): --envelope is for Powertools documents")) }
            return .success(FeatureFlagDocument(json: json))
        case .powertools:
            return .success(FeatureFlagDocument(powertools: json, featuresAt: envelope?.path ?? .root))
        }
    }

    /// A document with AppConfig's top-level keys is native; one shaped like Powertools
    /// features is Powertools; anything else is judged against AppConfig's schema.
    static func recognise(_ json: JSONValue) -> FlagDialect {
        if let o = json.objectValue, o.contains(key: "version") || o.contains(key: "flags") || o.contains(key: "values") {
            return .appconfig
        }
        return FreeformReading.looksLikeFeatures(json) ? .powertools : .appconfig
    }

    struct LoadFailure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// How `doc` subcommands read a file: the dialect and the Powertools envelope.
struct DocReadingOptions: ParsableArguments {
    @Option(help: "appconfig or powertools (default: recognised from the document).")
    var dialect: FlagDialect?

    @Option(help: "Powertools: where the features are (the envelope the function passes to AppConfigStore, like features).")
    var envelope: String?
}

extension FlagDialect: ExpressibleByArgument {}
