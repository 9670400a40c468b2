import Foundation
import Testing

@testable import Controller

/// The page's HTML from a hand-made snapshot: escaping, redaction, the graph, the status README's Mermaid block.
@Suite struct StatusPageRenderingTests {
    static let token = "ghp_" + String(repeating: "a1B2", count: 9)

    static func image(_ name: String, base: String?, depth: Int, state: String = "Ready") -> StatusPageImage {
        var document = StatusDocument(image: name, state: state)
        document.desiredVersion = "1.0.0"
        document.base = base
        return StatusPageImage(
            name: name, description: nil, manifest: nil, base: base, depth: depth, status: document, amis: [],
            bake: nil, lastFailure: nil)
    }

    static func snapshot(_ images: [StatusPageImage]) -> StatusPageSnapshot {
        StatusPageSnapshot(
            generatedAt: "2024-06-01T12:00:00Z", statusCommit: nil,
            daemon: StatusPageDaemon(role: "active", ready: true, unreadyReasons: []), images: images)
    }

    @Test func hostileTextIsEscapedAndSecretsRedacted() {
        var web = Self.image("web", base: nil, depth: 0, state: "Failed")
        web.description = #"</td><script>alert('x')</script><a href="javascript:1">"#
        web.lastFailure = StatusPageFailure(
            version: "1.0.0", attempts: 2, at: "2024-06-01T12:00:00Z", error: "step install failed",
            step: "install", exitCode: 22, outputTail: "curl -H 'Authorization: token \(Self.token)'\n<b>done</b>",
            manifest: "manifests/web.yaml:14")
        let html = StatusPageHTML.index(Self.snapshot([web]))
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("href=\"javascript"))
        #expect(html.contains("&lt;/td&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(!html.contains(Self.token), "the token is redacted before rendering")
        #expect(html.contains("&lt;b&gt;"))
        #expect(html.contains("manifests/web.yaml:14") && html.contains("✖ Failed"))
        let detail = StatusPageHTML.image(
            StatusPageDetail(generatedAt: "2024-06-01T12:00:00Z", image: web, history: [], commitsRead: 0))
        #expect(!detail.contains("<script>alert") && !detail.contains(Self.token))
    }

    @Test func layeringDepthsFollowBases() {
        let depths = LayeringGraph.depths([
            ("base", nil), ("runtime", "base"), ("web", "runtime"), ("loner", "missing"), ("a", "b"), ("b", "a"),
        ])
        #expect(depths["base"] == 0 && depths["runtime"] == 1 && depths["web"] == 2 && depths["loner"] == 0)
        #expect(depths["a"] != nil && depths["b"] != nil, "a cycle still ends")
    }

    @Test func theGraphHasOneBoxPerImageAndOneArrowPerBase() {
        let images = [
            Self.image("base", base: nil, depth: 0), Self.image("web", base: "base", depth: 1),
            Self.image("api", base: "base", depth: 1, state: "Baking"),
        ]
        let svg = StatusPageSVG.layering(images)
        #expect(svg.components(separatedBy: "<rect").count == 4)
        #expect(svg.components(separatedBy: "marker-end").count == 3)
        #expect(svg.contains("● Baking") && svg.contains("<title id=\"layering-title\">"))
    }

    @Test func statusReadmeCarriesTheGraphAsMermaid() {
        var base = StatusDocument(image: "base", state: "Ready")
        base.desiredVersion = "2.0.0"
        var web = StatusDocument(image: "web-app", state: "Baking")
        web.base = "base"
        let readme = StatusReadme.render([web, base])
        #expect(readme.contains("| [base](base.yaml) | 2.0.0 | ✅ Ready |"), "the table stays")
        #expect(readme.contains("```mermaid\ngraph LR\n    img_base[\"base · Ready\"]\n"))
        #expect(readme.contains("    img_base --> img_web_app\n```\n"))
    }
}
