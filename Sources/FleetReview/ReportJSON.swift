import Foundation

/// The minutes for scripts: `ReviewReport`'s fields, keys sorted so output diffs cleanly.
public enum ReportJSON {
    public static func render(_ r: ReviewReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every field is a string, number, array or dictionary of them: encoding cannot fail.
        let data = try! encoder.encode(r)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
