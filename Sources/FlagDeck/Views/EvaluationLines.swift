import FlagModel
import TerminalUI

/// The Flag view's evaluation preview: what each environment's served value returns for
/// the context typed after `e`, evaluated here from what the scan read.
enum EvaluationLines {
    static func lines(_ request: EvaluationRequest, dialect: FlagDialect, cells: [FlagCell], labelWidth: Int,
                      label: (EnvironmentID) -> String) -> [StyledLine] {
        var lines = [StyledLine(spans: [("Evaluation", .helpSection),
                                        ("  for \(request.text.isEmpty ? "an empty context" : request.text)"
                                         + "  at \(UTCDate.formatMinute(request.at)) UTC   (e: change, Esc: close)", .muted)])]
        for cell in cells {
            var spans: [(String, StyleRole)] = [("  " + DisplayWidth.fit(label(cell.environment), to: labelWidth), .text)]
            switch cell.evaluate(dialect: dialect, context: request.context, now: request.at) {
            case nil:
                spans.append(("absent here" + (dialect == .powertools ? ": the function gets the default it passes" : ""), .muted))
            case .value(let value, let rule)?:
                spans.append(("→ " + JSONSerializer.serialize(value), role(value)))
                spans.append((rule.map { "  rule \"\($0)\"" } ?? "  the default", .muted))
            case .served(let enabled, let variant, let attributes)?:
                spans.append(("→ " + (enabled ? "on" : "off"), enabled ? .flagOn : .flagOff))
                if let variant { spans.append(("  variant \(variant)", .flagVariants)) }
                if !attributes.isEmpty { spans.append(("  " + JSONSerializer.serialize(.object(attributes)), .muted)) }
            case .notEvaluated(let why)?:
                spans.append(("? \(why)", .warning))
            }
            lines.append(StyledLine(spans: spans))
        }
        return lines
    }

    static func role(_ value: JSONValue) -> StyleRole {
        switch value {
        case .bool(true): .flagOn
        case .bool(false): .flagOff
        default: .flagVariants
        }
    }
}
