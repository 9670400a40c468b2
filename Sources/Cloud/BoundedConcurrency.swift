// MARK: - Bounded concurrency

/// Transforms every input with at most `limit` transformations in flight; results keep the input order.
///
/// The first error cancels the rest and is rethrown.
func concurrentMap<Input: Sendable, Output: Sendable>(
    _ inputs: [Input], limit: Int, _ transform: @escaping @Sendable (Input) async throws -> Output
) async throws -> [Output] {
    guard !inputs.isEmpty else { return [] }
    return try await withThrowingTaskGroup(of: (Int, Output).self) { group in
        var results: [Output?] = Array(repeating: nil, count: inputs.count)
        var next = 0
        func startNext() {
            guard next < inputs.count else { return }
            let index = next
            let input = inputs[index]
            next += 1
            group.addTask { (index, try await transform(input)) }
        }
        for _ in 0..<max(1, limit) { startNext() }
        while let (index, output) = try await group.next() {
            results[index] = output
            startNext()
        }
        return results.compactMap { $0 }
    }
}
