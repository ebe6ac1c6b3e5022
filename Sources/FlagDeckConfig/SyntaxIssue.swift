import Yams

/// Turns Yams' errors into located issues. Yams' own descriptions embed the
/// whole document, which would bury the one line that matters.
enum SyntaxIssue {
    static func from(_ error: any Error, file: String) -> ConfigIssue {
        guard let yaml = error as? YamlError else {
            return ConfigIssue(file: file, message: "not valid YAML: \(error)")
        }
        switch yaml {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            var message = "not valid YAML: \(problem)"
            if let context {
                // libyaml's composer phrases it as "expected X" + "but found Y".
                message = problem.hasPrefix("but ")
                    ? "not valid YAML: \(context.text) (from line \(context.mark.line)), \(problem)"
                    : message + " (\(context.text) started at line \(context.mark.line))"
            }
            return ConfigIssue(file: file, line: mark.line, column: mark.column, message: message)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            let noun = duplicates.count == 1 ? "key" : "keys"
            return ConfigIssue(file: file, line: context.mark.line, column: context.mark.column,
                               message: "duplicate \(noun) \(keys): each key may appear only once in a mapping")
        case let .reader(problem, _, _, _):
            return ConfigIssue(file: file, message: "not readable as YAML text: \(problem)")
        default:
            return ConfigIssue(file: file, message: "not valid YAML: \(yaml)")
        }
    }
}
