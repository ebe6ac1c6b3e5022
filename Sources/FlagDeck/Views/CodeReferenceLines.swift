import FlagModel
import Foundation
import TerminalUI

/// The Flag view's code references: where the key (or its camelCase, PascalCase,
/// SCREAMING_SNAKE or kebab spelling) appears in the configured repositories.
enum CodeReferenceLines {
    static let shown = 20

    static func lines(_ refs: FlagCodeReferences, now: Date) -> [StyledLine] {
        let when = refs.scannedAt.map { "scanned \(RelativeTime.describe(from: $0, to: now))" } ?? "not scanned yet"
        var lines = [StyledLine(spans: [("Code references", .helpSection),
                                        ("  \(refs.count) (\(when); flagdeck refs rescans)", .muted)])]
        if refs.count == 0 {
            lines.append(StyledLine("  none: ready to remove from AppConfig", .ok))
        }
        for ref in refs.references.prefix(shown) {
            let repository = URL(fileURLWithPath: ref.repository).lastPathComponent
            lines.append(StyledLine(spans: [("  \(repository)/\(ref.path):\(ref.line)  ", .text), (ref.text, .muted)]))
        }
        if refs.count > shown { lines.append(StyledLine("  … and \(refs.count - shown) more (flagdeck refs lists them all)", .muted)) }
        for repository in refs.unscanned { lines.append(StyledLine("  \(repository): not scanned yet", .warning)) }
        return lines
    }
}
