/// Owns one C pointer and releases it exactly once, when the owner goes away.
///
/// Every pointer Kiln gets from libgit2 (or allocates for it) lives in one of these; nothing is freed by hand.
final class Managed<Pointer> {
    let pointer: Pointer
    private let release: (Pointer) -> Void

    init(_ pointer: Pointer, release: @escaping (Pointer) -> Void) {
        self.pointer = pointer
        self.release = release
    }

    deinit { release(pointer) }
}
