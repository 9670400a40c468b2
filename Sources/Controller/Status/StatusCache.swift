import Foundation
import Git
import Synchronization

// MARK: - Status documents kept between write-backs

/// Status documents read and rendered by earlier write-backs, so that a write-back parses and renders only the
/// documents that changed.
///
/// Reading is keyed by blob id (equal ids, equal bytes, equal document); rendering by the document itself (an
/// equal document renders to the bytes rendered last time). Only the latest status directory is kept.
public final class StatusCache: Sendable {
    /// What the cache saved so far.
    public struct Statistics: Sendable, Equatable {
        /// Status files parsed (YAML decoded).
        public var documentsParsed = 0
        /// Documents rendered (YAML encoded).
        public var documentsRendered = 0
        /// Documents answered from the cache instead.
        public var documentsReused = 0

        /// Nothing saved yet.
        public init() {}
    }

    private struct Rendering: Sendable {
        var document: StatusDocument
        var bytes: Data
    }

    private struct State: Sendable {
        var read: [ObjectID: StatusDocument] = [:]
        var rendered: [String: Rendering] = [:]
        var written: [String: StatusDocument] = [:]
        var statistics = Statistics()
    }

    private let state = Mutex(State())

    /// An empty cache.
    public init() {}

    /// What the cache saved so far.
    public var statistics: Statistics {
        state.withLock { $0.statistics }
    }

    // MARK: - Reading

    /// The documents of `entries` (blob id → file), parsing only blobs not seen by the last call.
    func documents(_ blobs: [ObjectID], read: (ObjectID) -> StatusDocument?) -> [StatusDocument] {
        let known = state.withLock { $0.read }
        var current: [ObjectID: StatusDocument] = [:]
        var parsed = 0
        for blob in blobs {
            if let document = known[blob] ?? current[blob] {
                current[blob] = document
                continue
            }
            parsed += 1
            if let document = read(blob) { current[blob] = document }
        }
        let reused = blobs.count - parsed
        state.withLock { state in
            state.read = current
            state.statistics.documentsParsed += parsed
            state.statistics.documentsReused += reused
        }
        return blobs.compactMap { current[$0] }
    }

    // MARK: - Rendering

    /// `document.yaml()`, or the bytes rendered last time for an equal document of the same image.
    func yaml(_ document: StatusDocument) throws -> Data {
        if let last = state.withLock({ $0.rendered[document.image] }), last.document == document {
            state.withLock { $0.statistics.documentsReused += 1 }
            return last.bytes
        }
        let bytes = try document.yaml()
        state.withLock { state in
            state.rendered[document.image] = Rendering(document: document, bytes: bytes)
            state.statistics.documentsRendered += 1
        }
        return bytes
    }

    // MARK: - Written

    /// The documents of the last cycle's write-back, by image: reported again when a refusal finds none on the
    /// branch (a rewritten history may have dropped them).
    var written: [String: StatusDocument] {
        state.withLock { $0.written }
    }

    /// Remembers the documents a cycle's write-back renders.
    func remember(written documents: [String: StatusDocument]) {
        state.withLock { $0.written = documents }
    }

    /// Forgets renderings of images no longer present.
    func keepRenderings(of images: Set<String>) {
        state.withLock { state in state.rendered = state.rendered.filter { images.contains($0.key) } }
    }
}
