/// Runs `body` on every item with at most `limit` in flight, keeping the input order:
/// hundreds of accounts must not become hundreds of simultaneous calls to one API.
func boundedMap<Item: Sendable, Output: Sendable>(_ items: [Item], limit: Int,
                                                   _ body: @escaping @Sendable (Item) async -> Output) async -> [Output] {
    guard !items.isEmpty else { return [] }
    return await withTaskGroup(of: IndexedOutput<Output>.self) { group in
        var results = [Output?](repeating: nil, count: items.count)
        var next = 0
        for _ in 0..<min(max(1, limit), items.count) {
            let i = next, item = items[i]
            group.addTask { IndexedOutput(index: i, value: await body(item)) }
            next += 1
        }
        while let done = await group.next() {
            results[done.index] = done.value
            if next < items.count {
                let i = next, item = items[i]
                group.addTask { IndexedOutput(index: i, value: await body(item)) }
                next += 1
            }
        }
        return results.map { $0! }
    }
}

// A named struct, not a tuple, as task-group result (see FleetScanner's AccountOutcome).
struct IndexedOutput<Value: Sendable>: Sendable {
    var index: Int
    var value: Value
}
