/// Suggestions for misspelt keys. Users coming from the AWS CLI write
/// `role_arn` for `roleArn`, so spelling variants that only differ in case,
/// `_` or `-` always match; other near misses are found by edit distance.
enum DidYouMean {
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        let folded = fold(word)
        if let exact = candidates.first(where: { fold($0) == folded }) { return exact }
        // A third of the word, at least one edit: "regoins" → "regions", but not "name" → "theme".
        let limit = max(1, folded.count / 3)
        let scored = candidates
            .map { ($0, distance(Array(folded), Array(fold($0)))) }
            .filter { $0.1 <= limit }
        return scored.min { $0.1 < $1.1 }?.0
    }

    private static func fold(_ s: String) -> String {
        String(s.lowercased().filter { $0 != "_" && $0 != "-" })
    }

    /// Optimal string alignment distance: a swap of neighbours counts as one edit.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
