#if canImport(Glibc)
    import Glibc
#endif

/// Gives the C heap's free memory back to the system after a cycle (glibc's `malloc_trim`).
///
/// A cycle's transient memory (the observation's XML trees, the plan, the status documents) is freed in whichever
/// malloc arena the thread that made it used; glibc keeps freed arena memory resident, and each later cycle built
/// its peak on top of what the earlier ones left: the release daemon at 1,000 images rose from a median of 93 MiB
/// to a resident peak of 124 MiB over three steady cycles. Trimming between cycles starts each one from what is
/// live. Looked up at run time (`malloc_trim` is not in Swift's Glibc module); elsewhere it does nothing.
enum HeapTrim {
    /// Returns whether memory was given back.
    @discardableResult
    static func releaseFreeMemory() -> Bool {
        #if canImport(Glibc)
            typealias Trim = @convention(c) (Int) -> Int32
            guard let symbol = dlsym(nil, "malloc_trim") else { return false }
            return unsafeBitCast(symbol, to: Trim.self)(0) == 1
        #else
            return false
        #endif
    }
}
