import Foundation
import KilnTestSupport
import Testing

@Suite("kiln restore")
struct RestoreCommandTests {
    static var environment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("KILN_") && !$0.key.hasPrefix("AWS_") }
            .merging(["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "x"]) {
                $1
            }
    }

    @Test func aVersionMustBeSemantic() throws {
        let fixture = try GitFixture()
        let result = try KilnProcess.run(
            ["restore", "web", "one", "--repo", "/nonexistent"], in: URL(fileURLWithPath: fixture.directory),
            environment: Self.environment)
        #expect(result.status == 64)
        #expect(result.standardError.contains("'one' is not a semantic version"), "\(result.standardError)")
    }

    /// An image no manifest declares and no --region: nothing is asked of AWS, and nothing found is a failure.
    @Test func anUnknownImageWithoutRegionsFindsNothing() throws {
        let fixture = try GitFixture()
        let work = try fixture.makeRepository("work")
        _ = try work.commit(["manifests/web.yaml": Manifests.valid()])
        let result = try KilnProcess.run(
            ["restore", "api", "1.0.0", "--repo", work.path], in: URL(fileURLWithPath: fixture.directory),
            environment: Self.environment)
        #expect(result.status == 1)
        #expect(
            result.standardOutput == "kiln restore: no AMI of api 1.0.0 found in no region (name one with --region)\n",
            "\(result.standardOutput)\(result.standardError)")
    }
}
