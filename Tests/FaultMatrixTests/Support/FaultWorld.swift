import Foundation
import Testing

/// The world as boto3 sees it through the proxy (so the proxy's answers to moto's gaps show), and the changes a
/// person makes to it, in us-east-1. Callers pause the faults around it.
struct FaultWorld: Sendable {
    let endpoint: URL

    /// Everything the matrix compares, in us-east-1.
    func state() async throws -> RegionState {
        let output = try await run(["op": "describe", "region": "us-east-1"])
        return try JSONDecoder().decode(RegionState.self, from: Data(output.utf8))
    }

    /// Makes boto3 calls in us-east-1, in order; returns each response.
    @discardableResult
    func call(_ calls: [(service: String, method: String, arguments: [String: Any])]) async throws -> [[String: Any]] {
        let list: [[String: Any]] = calls.map { ["service": $0.service, "method": $0.method, "args": $0.arguments] }
        let output = try await run(["op": "call", "region": "us-east-1", "calls": list])
        return try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]] ?? []
    }

    private func run(_ command: [String: Any]) async throws -> String {
        var command = command
        command["endpoint"] = endpoint.absoluteString
        do {
            return try await BotoProcess.shared.get().request(command)
        } catch {
            Issue.record("\(error)")
            throw error
        }
    }
}

/// us-east-1 as `FaultWorld.state` reads it.
struct RegionState: Decodable, Sendable {
    struct Image: Decodable, Sendable {
        var id: String
        var state: String
        var tags: [String: String]
        var snapshots: [String]
    }

    struct Tagged: Decodable, Sendable {
        var id: String
        var state: String?
        var tags: [String: String]
    }

    struct LaunchTemplate: Decodable, Sendable {
        var name: String
        var defaultVersion: Int
        var latestVersion: Int
        var versions: [String: String]
    }

    var images: [Image]
    var snapshots: [Tagged]
    var instances: [Tagged]
    var launchTemplates: [LaunchTemplate]
    /// Group name → launch configuration name ("" for a launch template group).
    var groups: [String: String]
    /// Launch configuration name → image id.
    var launchConfigurations: [String: String]

    /// Kiln's AMIs of `image`, by version.
    func amis(of image: String) -> [String: [Image]] {
        Dictionary(grouping: images.filter { $0.tags["kiln:image"] == image }) { $0.tags["kiln:version"] ?? "" }
    }

    /// The one AMI of `version` of `image`, if there is exactly one.
    func ami(_ image: String, _ version: String) -> String? {
        guard let found = amis(of: image)[version], found.count == 1 else { return nil }
        return found[0].id
    }

    /// Kiln builders that are not terminated.
    var liveBuilders: [Tagged] {
        instances.filter { $0.tags["kiln:role"] == "builder" && $0.state != "terminated" }
    }

    /// Every Kiln builder ever launched (terminated ones included, as long as moto lists them).
    var builders: [Tagged] { instances.filter { $0.tags["kiln:role"] == "builder" } }

    /// Snapshots no image uses.
    var orphanSnapshots: [Tagged] {
        let used = Set(images.flatMap(\.snapshots))
        return snapshots.filter { !used.contains($0.id) }
    }

    func launchTemplate(_ name: String) -> LaunchTemplate? { launchTemplates.first { $0.name == name } }

    /// The image of the launch configuration `group` uses.
    func launchConfigurationImage(of group: String) -> String? {
        groups[group].flatMap { launchConfigurations[$0] }
    }
}
