/// Retiring a flag: the document without it, everything else as it was.
extension FeatureFlagDocument {
    /// Removes the flag: its `flags` and `values` entries (native), or its feature
    /// (Powertools). One diff per removed entry; every other value, key order and number
    /// text stays as it was.
    public func removingFlag(_ key: String) throws(FlagEditError) -> (document: FeatureFlagDocument, diff: [FlagDiff]) {
        guard definition(key) != nil || value(key) != nil else { throw .unknownFlag(key, known: flagKeys) }
        let parents: [JSONPath] = dialect == .powertools
            ? [featuresPath]
            : [JSONPath([.key("flags")]), JSONPath([.key("values")])]
        var json = self.json
        var diffs: [FlagDiff] = []
        for parent in parents {
            guard let old = json.value(at: parent.appending(key)) else { continue }
            try JSONEdit.remove(&json, member: key, at: parent)
            diffs.append(FlagDiff(path: parent.appending(key), old: old, new: nil))
        }
        return (replacingJSON(json), diffs)
    }
}

extension JSONEdit {
    /// Removes member `key` from the object at `parent` (which must exist).
    static func remove(_ node: inout JSONValue, member key: String, at parent: JSONPath) throws(FlagEditError) {
        guard case .object(var object)? = node.value(at: parent) else { throw .malformed(parent, "is not an object") }
        object[key] = nil
        _ = try set(&node, parent.components[...], to: .object(object), fullPath: parent)
    }
}
