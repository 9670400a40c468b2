import Foundation
import Hummingbird
import HummingbirdTesting
import KilnTestSupport
import Logging
import Testing

@testable import Controller

/// The status page served by the daemon's listener, from a daemon that baked against moto and wrote its status
/// commits to a real repository.
@Suite(.serialized) struct StatusPageTests {
    @Test func pageAndJSONShowImagesVersionsAMIsRolloutAndHistory() async throws {
        let setup = try await StatusPageWorld.converged()
        defer { setup.stop() }
        let state = try await setup.world.state()
        let v1 = try #require(state.amis["1.0.0"]?.first)
        let v2 = try #require(state.amis["1.1.0"]?.first)
        let app = HTTPServer.application(setup.context(), logger: Logger(label: "kiln.test.http"))
        try await app.test(.live) { client in
            // JSON: the same data as the page.
            let api = try await client.execute(uri: "/api/status", method: .get)
            #expect(api.status == .ok)
            let page = try JSONDecoder().decode(StatusPageSnapshot.self, from: Data(String(buffer: api.body).utf8))
            #expect(page.images.map(\.name) == ["base", "web"])
            let web = try #require(page.images.first { $0.name == "web" })
            #expect(web.status?.desiredVersion == "1.1.0" && web.status?.state == "Ready")
            #expect(web.base == "base" && web.depth == 1)
            #expect(web.manifest == "manifests/web.yaml:1")
            #expect(web.amis.contains { $0.ami == v2 && $0.desired && $0.firstSeen != nil })
            #expect(web.amis.contains { $0.ami == v1 && !$0.desired })
            #expect(web.status?.rollout.first?.converged == true)
            #expect(web.status?.rollout.first?.currentImageId == v2)
            #expect(page.daemon.role == "active" && page.daemon.lastOutcome == "converged" && page.daemon.ready)
            #expect(web.amis.allSatisfy { ($0.ageSeconds ?? -1) >= 0 && ($0.ageSeconds ?? .max) < 86_400 })
            #expect(page.statusCommit == (try setup.remote.origin.revParse("main")))

            // HTML: every image, its version, AMI and rollout; the layering graph; escaped text.
            let index = try await client.execute(uri: "/", method: .get)
            #expect(index.status == .ok)
            #expect(index.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: index.body)
            for text in ["<a href=\"/images/web\">web</a>", "<a href=\"/images/base\">base</a>", "1.1.0", "2.0.0", v2] {
                #expect(html.contains(text), "the page lacks \(text)")
            }
            #expect(html.contains("✔ at desired AMI"))
            #expect(html.contains("<svg") && html.contains("marker-end=\"url(#arrow)\""))
            #expect(html.contains("<th scope=\"col\">Image</th>") && html.contains("name=\"viewport\""))
            #expect(!html.contains("<script>alert"), "the hostile description is escaped")
            #expect(html.contains("&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;"))

            // One image: its history from the status commits.
            let detail = try await client.execute(uri: "/images/web", method: .get)
            #expect(detail.status == .ok)
            let text = String(buffer: detail.body)
            #expect(text.contains("1.0.0 ready (us-east-1: \(v1))"))
            #expect(text.contains("1.1.0 ready (us-east-1: \(v2))"))
            #expect(text.contains("1.1.0 rolled out to 1 target(s)"))
            #expect(text.contains("Timeline of versions"))
            #expect(try await client.execute(uri: "/images/nope", method: .get).status == .notFound)
        }
    }

    static let chromium = ProcessRunner.locate("chromium") ?? ProcessRunner.locate("chromium-browser")

    @Test(.enabled(if: chromium != nil, "no chromium: deploy/setup.sh installs Debian's chromium package"))
    func headlessChromiumRendersThePage() async throws {
        let chromium = try #require(Self.chromium)
        let setup = try await StatusPageWorld.converged()
        defer { setup.stop() }
        let state = try await setup.world.state()
        let v2 = try #require(state.amis["1.1.0"]?.first)
        let artifacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let screenshot = artifacts.appendingPathComponent("status-page.png")
        try? FileManager.default.removeItem(at: screenshot)
        let profile = try ProcessRunner.makeTemporaryDirectory(prefix: "kiln-chromium")
        defer { try? FileManager.default.removeItem(at: profile) }
        try await HTTPHardeningTests.withServer(setup.context()) { port in
            let url = "http://127.0.0.1:\(port)/"
            let common = [
                "120", chromium.path, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--user-data-dir=\(profile.path)", "--virtual-time-budget=3000",
            ]
            let dom = try await ProcessRunner.run("timeout", common + ["--dump-dom", url])
            #expect(dom.status == 0, "\(dom.stderr.suffix(500))")
            for text in ["web", "base", "1.1.0", "2.0.0", v2, "Layering"] {
                #expect(dom.stdout.contains(text), "the DOM lacks \(text)")
            }
            #expect(!dom.stdout.contains("<script>alert"))
            let shot = try await ProcessRunner.run(
                "timeout", common + ["--screenshot=\(screenshot.path)", "--window-size=1280,900", url])
            #expect(shot.status == 0, "\(shot.stderr.suffix(500))")
        }
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG at \(screenshot.path)")
        #expect(png.count > 10_000)
    }
}
