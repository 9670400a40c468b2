import Foundation
import Testing

@testable import AWS

/// `AWSConfiguration`: region and profile selection from the environment and the files.
struct EndpointConfigurationTests {
    static let files = try? ProfileSet(
        config: "[default]\nregion = eu-west-1\n[profile ci]\nregion = ap-south-1\nendpoint_url = http://moto:5000\n"
            + "[profile broken]\nregion = Europe\n",
        credentials: "")

    func configuration(_ environment: [String: String]) throws -> AWSConfiguration {
        try AWSConfiguration(environment: environment, profiles: Self.files ?? ProfileSet())
    }

    @Test(arguments: [
        (["AWS_REGION": "us-east-2", "AWS_DEFAULT_REGION": "us-west-2"], "us-east-2"),
        (["AWS_DEFAULT_REGION": "us-west-2"], "us-west-2"),
        (["AWS_DEFAULT_REGION": "us-west-2", "AWS_PROFILE": "ci"], "us-west-2"),
        (["AWS_PROFILE": "ci"], "ap-south-1"),
        ([:], "eu-west-1"),
        (["AWS_REGION": ""], "eu-west-1"),
    ])
    func regionPrecedence(_ environment: [String: String], _ region: String) throws {
        #expect(try configuration(environment).region == region)
    }

    @Test func profileSettingsReachTheEndpoints() throws {
        let ci = try configuration(["AWS_PROFILE": "ci"])
        #expect(ci.profile.name == "ci")
        #expect(try ci.endpoint(for: .ec2).absoluteString == "http://moto:5000")
        #expect(try configuration([:]).endpoint(for: .sts).absoluteString == "https://sts.eu-west-1.amazonaws.com")
        #expect(
            try configuration([:]).endpoint(for: .sts, region: "cn-north-1").host == "sts.cn-north-1.amazonaws.com.cn")
    }

    @Test func errors() throws {
        #expect(throws: ConfigurationError.profileNotFound) { try configuration(["AWS_PROFILE": "nope"]) }
        let bad = #expect(throws: ConfigurationError.invalidRegion) { try configuration(["AWS_REGION": "Frankfurt"]) }
        #expect(bad?.description.contains("AWS_REGION") == true)
        #expect(throws: ConfigurationError.invalidRegion) { try configuration(["AWS_PROFILE": "broken"]) }
        let none = try AWSConfiguration(environment: [:], profiles: ProfileSet())
        #expect(none.region == nil && none.profile.name == "default")
        #expect(throws: ConfigurationError.missingRegion) { try none.requireRegion() }
        #expect(throws: ConfigurationError.missingRegion) { try none.endpoint(for: .ec2) }
    }

    @Test func readsTheFilesTheEnvironmentNames() throws {
        let directory = try TemporaryDirectory()
        let config = try directory.write("conf", "[profile x]\nregion = sa-east-1\n")
        let loaded = try AWSConfiguration(environment: [
            "AWS_CONFIG_FILE": config, "AWS_PROFILE": "x", "HOME": "/nowhere",
        ])
        #expect(loaded.region == "sa-east-1")
    }
}
