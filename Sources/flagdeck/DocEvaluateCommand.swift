import ArgumentParser
import FlagModel
import Foundation

/// `flagdeck doc evaluate`: what a document serves for one context, offline.
struct DocEvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Show what each flag of a document returns for a context.",
        discussion: """
            Powertools features are evaluated like FeatureFlags.evaluate (rules, conditions, time rules at --at);
            AppConfig multi-variant flags pick their variant by rule (equality, in, begins_with, ends_with,
            contains, exists, and/or/not; split and matches are not evaluated). Prints one JSON object:
            {"features": {NAME: {"value": ..., "rule": ...}}} for Powertools,
            {"flags": {KEY: {"enabled": ..., "variant": ..., "attributes": {...}} | {"notEvaluated": WHY}}} for AppConfig.
            """
    )

    @Argument(help: "Flag document JSON file.")
    var file: String

    @Option(help: "Only this flag or feature.")
    var feature: String?

    @Option(help: "The context as KEY=VALUE pairs (tier=premium userId=42); VALUE is JSON when it parses as JSON.")
    var context: String?

    @Option(name: .customLong("context-json"), help: "The context as one JSON object.")
    var contextJSON: String?

    @Option(help: "The moment time rules are evaluated at (ISO 8601, like 2026-03-04T10:15:00Z; default: now).")
    var at: String?

    @OptionGroup var reading: DocReadingOptions

    func run() async throws {
        let doc: FeatureFlagDocument
        switch DocCommand.load(file, reading) {
        case .failure(let line):
            DocCommand.printError(line.description)
            throw ExitCode(1)
        case .success(let d):
            doc = d
        }
        let context = try parsedContext()
        let now = try moment()
        let keys = feature.map { [$0] } ?? doc.flagKeys
        var results = JSONObject()
        for key in keys {
            guard let outcome = doc.evaluate(key, context: context, now: now) else {
                DocCommand.printError("\(file): no flag \"\(key)\" (flags: \(doc.flagKeys.joined(separator: ", ")))")
                throw ExitCode(1)
            }
            results[key] = Self.json(outcome)
        }
        let top = doc.dialect == .powertools ? "features" : "flags"
        print(JSONValue.object(JSONObject([JSONObject.Member(key: top, value: .object(results))])).serialized(pretty: true))
    }

    private func parsedContext() throws -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        if let text = context {
            do {
                result = try EvaluationContext.parse(text)
            } catch {
                DocCommand.printError("--context: \(error)")
                throw ExitCode(1)
            }
        }
        if let text = contextJSON {
            guard let object = (try? JSONParser.parse(text))?.objectValue else {
                DocCommand.printError("--context-json: expected one JSON object, like {\"tier\": \"premium\"}")
                throw ExitCode(1)
            }
            for m in object { result[m.key] = m.value }
        }
        return result
    }

    private func moment() throws -> Date {
        guard let at else { return Date() }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: at) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: at) { return date }
        DocCommand.printError("--at \(at): expected an ISO 8601 moment with its zone, like 2026-03-04T10:15:00Z")
        throw ExitCode(1)
    }

    static func json(_ outcome: FlagOutcome) -> JSONValue {
        switch outcome {
        case .value(let value, let rule):
            return .object(JSONObject([.init(key: "value", value: value), .init(key: "rule", value: rule.map { .string($0) } ?? .null)]))
        case .served(let enabled, let variant, let attributes):
            return .object(JSONObject([.init(key: "enabled", value: .bool(enabled)),
                                       .init(key: "variant", value: variant.map { .string($0) } ?? .null),
                                       .init(key: "attributes", value: .object(attributes))]))
        case .notEvaluated(let why):
            return .object(JSONObject([.init(key: "notEvaluated", value: .string(why))]))
        }
    }
}
