import FlagModel
import TerminalUI

/// The Flag view's account of a Powertools feature: its kind, default and rules in words,
/// per distinct served feature (environments usually agree; when they do not, each
/// variant of the feature is listed with where it is served).
enum PowertoolsLines {
    static func lines(_ row: FlagRow, cells: [FlagCell], label: (EnvironmentID) -> String) -> [StyledLine] {
        var groups: [(feature: JSONValue, environments: [String])] = []
        for cell in cells where cell.state.isServed {
            guard let served = cell.attributes else { continue }
            if let i = groups.firstIndex(where: { $0.feature.semanticallyEquals(served) }) {
                groups[i].environments.append(label(cell.environment))
            } else {
                groups.append((served, [label(cell.environment)]))
            }
        }
        guard let first = groups.first else { return [StyledLine("Powertools feature", .flagVariants)] }
        let kind = PowertoolsFeature(name: row.flag.key, json: first.feature).isBoolean ? "boolean" : "non-boolean: serves a value"
        var lines = [StyledLine("Powertools feature (\(kind)); first matching rule wins, else the default", .flagVariants)]
        for group in groups {
            let feature = PowertoolsFeature(name: row.flag.key, json: group.feature)
            if groups.count > 1 {
                lines.append(StyledLine("  in " + group.environments.joined(separator: ", ") + ":", .muted))
            }
            lines.append(StyledLine(spans: [("  default  ", .muted), (text(feature.defaultValue), .text)]))
            if feature.rules.isEmpty { lines.append(StyledLine("  no rules", .muted)) }
            for (n, rule) in feature.rules.enumerated() {
                let when = rule.conditions.map(\.description).joined(separator: " and ")
                lines.append(StyledLine(spans: [("  \(n + 1). \"\(rule.name)\" → ", .muted),
                                                (text(rule.whenMatch), .text),
                                                ("  when " + (when.isEmpty ? "(no conditions: never)" : when), .muted)]))
            }
        }
        return lines
    }

    static func text(_ value: JSONValue?) -> String {
        value.map { JSONSerializer.serialize($0) } ?? "(missing)"
    }
}
