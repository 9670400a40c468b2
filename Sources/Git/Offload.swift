import Dispatch

/// Runs blocking libgit2 network work on a Dispatch thread, so the Swift concurrency pool is never blocked;
/// task cancellation calls `cancel`, which the transfer callbacks observe. A task cancelled already does no work.
func offload<T: Sendable>(
    cancel: @escaping @Sendable () -> Void,
    _ work: @escaping @Sendable () throws -> T
) async throws -> T {
    try Task.checkCancellation()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try work() })
            }
        }
    } onCancel: {
        cancel()
    }
}
