import Foundation

/// `map` over all cores for pure, independent work (decoding files): results keep the input's order.
enum ParallelMap {
    /// Below this many elements the work runs on the calling thread.
    static let minimumParallelCount = 8

    static func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        guard elements.count >= minimumParallelCount else { return elements.map(transform) }
        let slots = Slots<Result>(count: elements.count)
        let chunks = min(elements.count, max(1, ProcessInfo.activeCores) * 4)
        elements.withUnsafeBufferPointer { input in
            let input = UncheckedBuffer(buffer: input)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lower = input.buffer.count * chunk / chunks
                let upper = input.buffer.count * (chunk + 1) / chunks
                for index in lower..<upper { slots.store(transform(input.buffer[index]), at: index) }
            }
        }
        return slots.results()
    }
}

/// A read-only buffer handed to the worker threads of one `concurrentPerform` call, which outlives none of them.
private struct UncheckedBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Element>
}

///// One result slot per element, each written by exactly one worker before `results()` is called.
private final class Slots<Result>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Result?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func store(_ result: Result, at index: Int) {
        storage[index] = result
    }

    /// Moves the results out (no copy of each: a decoded manifest holds dozens of references); the slots are empty
    /// afterwards.
    func results() -> [Result] {
        var results: [Result] = []
        results.reserveCapacity(count)
        for index in 0..<count {
            if let result = (storage + index).move() { results.append(result) }
            (storage + index).initialize(to: nil)
        }
        return results
    }
}

extension ProcessInfo {
    /// The cores this process may run on.
    static var activeCores: Int { ProcessInfo.processInfo.activeProcessorCount }
}
