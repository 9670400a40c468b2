import Foundation
import KilnTestSupport
import Logging
import Prometheus

@testable import Controller

/// A daemon that baked `base` and `web` (built on `base`) against moto and a real repository, then `web` 1.1.0,
/// and the HTTP context of its status page.
struct StatusPageWorld: Sendable {
    let world: MotoWorld
    let remote: Remote
    let parts: DaemonParts
    /// The daemon's clock: the page tells ages and readiness by it.
    let clock: InstantClock

    static let hostileDescription = #"<script>alert("owned")</script> & <img src=x onerror=alert(1)>"#

    static func base() -> String {
        """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: base
          description: The base every service image starts from
        spec:
          version: 2.0.0
          source:
            filter: {name: "al2023-ami-2023.*-kernel-6.1-x86_64", owners: [amazon]}
          build:
            region: us-east-1
            instanceType: t3.micro
            instanceProfile: kiln-builder
          provision:
            - name: harden
              run: echo hardening
          retention: {keep: 3, minAge: 7d}

        """
    }

    static func web(_ version: String) -> String {
        """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: web
          description: '\(hostileDescription)'
        spec:
          version: \(version)
          source:
            image: base
          build:
            region: us-east-1
            instanceType: t3.micro
            instanceProfile: kiln-builder
          provision:
            - name: install
              run: echo provisioning
          rollout:
            launchTemplates: [{name: web, region: us-east-1}]
          retention: {keep: 3, minAge: 7d}

        """
    }

    /// Starts moto, converges `base` 2.0.0 and `web` 1.0.0, then `web` 1.1.0.
    static func converged() async throws -> StatusPageWorld {
        let world = try await MotoWorld.start()
        do {
            try await world.seed()
            let remote = try Remote(manifests: ["base.yaml": base(), "web.yaml": web("1.0.0")])
            let clock = InstantClock()
            let parts = try DaemonParts(remote: remote, reconciler: world.reconciler(clock: clock), clock: clock)
            try await DaemonEndToEndTests.converge(parts.daemon, clock: clock)
            try remote.push(["manifests/web.yaml": web("1.1.0")], message: "web 1.1.0")
            try await DaemonEndToEndTests.converge(parts.daemon, clock: clock)
            return StatusPageWorld(world: world, remote: remote, parts: parts, clock: clock)
        } catch {
            world.stop()
            throw error
        }
    }

    func stop() {
        world.stop()
    }

    /// The daemon's HTTP context with the status page, as `DaemonRuntime` builds it.
    func context(auth: StatusPageAuth = .none) -> HTTPServer.Context {
        let daemon = parts.daemon
        let settings = remote.settings()
        let reader = StatusPageReader(
            mirror: parts.publisher.mirror, statusBranch: settings.statusTargetBranch,
            statusPath: settings.repository.statusPath, manifestsPath: settings.repository.manifestsPath,
            health: daemon.health)
        return HTTPServer.Context(
            listen: ListenAddress(host: "127.0.0.1", port: 0), maxBodyBytes: 4096, webhook: nil,
            triggers: daemon.triggers, health: daemon.health, registry: parts.registry, metrics: parts.metrics,
            clock: clock, page: StatusPage(reader: reader, auth: auth))
    }
}
