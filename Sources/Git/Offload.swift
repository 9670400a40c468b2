import Dispatch

/// Runs blocking libgit2 network work on a Dispatch thread, so the Swift concurrency pool is never blocked;
/// task cancellation calls `cancel`, which the transfer callbacks observe.
func offload<T: Sendable>(
    cancel: @escaping @Sendable () -> Void,
    _ work: @escaping @Sendable () throws -> T
) async throws -> T {
    try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try work() })
            }
        }
    } onCancel: {
        cancel()
    }
}
