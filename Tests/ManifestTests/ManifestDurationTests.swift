import Manifest
import Testing

@Suite("ManifestDuration")
struct ManifestDurationTests {
    @Test(arguments: [
        ("45m", 2_700, "45m"), ("1h30m", 5_400, "1h30m"), ("7d", 604_800, "7d"), ("90s", 90, "1m30s"),
        ("1d2h3m4s", 93_784, "1d2h3m4s"), ("60m", 3_600, "1h"), ("1h0m", 3_600, "1h"), ("0h5m", 300, "5m"),
        ("36h", 129_600, "1d12h"), ("007s", 7, "7s"),
    ])
    func parsesAndFormats(_ text: String, _ seconds: Int, _ canonical: String) throws {
        let duration = try #require(ManifestDuration(text))
        #expect(duration.seconds == seconds)
        #expect(duration.description == canonical)
        #expect(ManifestDuration(duration.description) == duration)
        #expect(duration.duration == .seconds(seconds))
    }

    @Test(arguments: [
        "", "0s", "0m0s", "45", "m", "1h1h", "30m1h", "1.5h", "1w", "-5m", "+5m", "5 m", "5m ", "1H", "h1",
        "1d1d", "5ms", "9999999999999d", "1m2",
    ])
    func rejects(_ text: String) {
        #expect(ManifestDuration(text) == nil)
    }

    @Test func ordersByLength() {
        #expect(ManifestDuration.minutes(59) < .hours(1))
        #expect(ManifestDuration.days(1) > .hours(23))
    }
}
