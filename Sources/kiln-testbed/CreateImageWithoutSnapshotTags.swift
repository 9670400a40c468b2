import Foundation
import KilnTestSupport
import NIOHTTP1
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

// MARK: - moto gap: CreateImage with snapshot tag specifications

/// Makes moto take CreateImage calls that tag the new snapshots, as AWS does.
///
/// moto 5 answers such a call with HTTP 500 (it has not implemented snapshot tag specifications). This rewriter
/// sends the same call to moto again without them; the snapshots are then untagged, and Kiln's planner tags them
/// on its next cycle (the path AWS takes when CreateImage leaves them untagged). moto runs without signature
/// checks here, so the resent call keeps the original headers.
enum CreateImageWithoutSnapshotTags {
    static func install(on proxy: FaultProxy, moto: URL) {
        proxy.rewriteResponses(on: .action("CreateImage", of: "ec2")) { call, response in
            guard response.status >= 500, let body = withoutSnapshotSpecifications(call.body) else { return nil }
            return resend(call, body: body, to: moto)
        }
    }

    /// The form body without `TagSpecification.N.*` of resource type `snapshot`, the rest renumbered from 1;
    /// nil when it has none.
    static func withoutSnapshotSpecifications(_ body: String) -> String? {
        let pairs = body.split(separator: "&").map(String.init)
        let prefix = "TagSpecification."
        var snapshotIndices: Set<Int> = []
        var indices: Set<Int> = []
        for pair in pairs where pair.hasPrefix(prefix) {
            let rest = pair.dropFirst(prefix.count)
            guard let index = Int(rest.prefix { $0.isNumber }) else { continue }
            indices.insert(index)
            if rest.hasSuffix(".ResourceType=snapshot") { snapshotIndices.insert(index) }
        }
        guard !snapshotIndices.isEmpty else { return nil }
        let kept = indices.subtracting(snapshotIndices).sorted()
        let renumber = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1, $0 + 1) })
        let rewritten = pairs.compactMap { pair -> String? in
            guard pair.hasPrefix(prefix) else { return pair }
            let rest = pair.dropFirst(prefix.count)
            let digits = rest.prefix { $0.isNumber }
            guard let index = Int(digits) else { return pair }
            guard let new = renumber[index] else { return nil }
            return prefix + String(new) + rest.dropFirst(digits.count)
        }
        return rewritten.joined(separator: "&")
    }

    /// Sends `call` with `body` straight to moto and returns its answer (waits: this runs on the proxy's loop).
    private static func resend(_ call: ProxiedCall, body: String, to moto: URL) -> ProxiedResponse? {
        guard let url = URL(string: call.uri, relativeTo: moto) else { return nil }
        var request = URLRequest(url: url)
        request.httpMethod = call.method
        for (name, value) in call.headers where !["host", "content-length"].contains(name.lowercased()) {
            request.setValue(value, forHTTPHeaderField: name)
        }
        request.httpBody = Data(body.utf8)
        let answer = Answer()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, _ in
            if let http = response as? HTTPURLResponse, let data {
                answer.set(
                    ProxiedResponse(
                        status: http.statusCode, headers: ["Content-Type": "text/xml"],
                        body: String(decoding: data, as: UTF8.self)))
            }
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + 30) == .success else { return nil }
        return answer.get()
    }
}

/// A response handed from URLSession's thread to the waiting one.
private final class Answer: Sendable {
    private let response = Mutex<ProxiedResponse?>(nil)

    func set(_ value: ProxiedResponse) { response.withLock { $0 = value } }
    func get() -> ProxiedResponse? { response.withLock { $0 } }
}
