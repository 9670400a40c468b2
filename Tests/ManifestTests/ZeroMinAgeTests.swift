import Manifest
import Testing

/// `retention.minAge: 0s` means "no minimum age"; every other duration still refuses zero.
@Suite("Zero minimum age")
struct ZeroMinAgeTests {
    @Test(arguments: ["0s", "0m", "0d0h"])
    func zeroMinAgeIsAccepted(_ text: String) throws {
        let set = Sample.load(["web.yaml": Sample.manifest() + "  retention: {keep: 2, minAge: \(text)}\n"])
        #expect(set.diagnostics.isEmpty, "\(set.diagnostics)")
        let image = try #require(set.images.first)
        #expect(image.spec.retention.minAge == ManifestDuration(seconds: 0))
        #expect(image.spec.retention.minAge.description == "0s")
        #expect(image.spec.retention.keep == 2)
    }

    @Test(arguments: [
        ("  retention: {minAge: 1d, deprecateAfter: 0s}\n", "web.yaml:18:43: error: 'spec.retention.deprecateAfter'"),
        (
            "  test:\n    - {name: t, run: \"true\", timeout: 0s}\n",
            "web.yaml:19:39: error: 'spec.test[0].timeout'"
        ),
    ])
    func otherDurationsStillRefuseZero(_ tail: String, _ prefix: String) {
        let set = Sample.load(["web.yaml": Sample.manifest() + tail])
        #expect(set.images.isEmpty)
        #expect(set.diagnostics.map(\.description) == ["\(prefix): duration '0s' must be greater than zero"])
    }

    @Test func aMalformedMinAgeIsStillAnError() {
        let set = Sample.load(["web.yaml": Sample.manifest() + "  retention: {minAge: 0}\n"])
        #expect(set.images.isEmpty)
        #expect(set.diagnostics.count == 1)
        #expect(set.diagnostics.first?.description.contains("'spec.retention.minAge'") == true)
    }
}
