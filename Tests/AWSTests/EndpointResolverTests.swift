import Foundation
import Testing

@testable import AWS

/// Endpoint overrides, regional defaults and region resolution.
struct EndpointResolverTests {
    @Test(arguments: [
        (AWSService.ec2, "us-east-1", "https://ec2.us-east-1.amazonaws.com"),
        (.autoScaling, "eu-west-1", "https://autoscaling.eu-west-1.amazonaws.com"),
        (.ssm, "cn-north-1", "https://ssm.cn-north-1.amazonaws.com.cn"),
        (.sts, "cn-northwest-1", "https://sts.cn-northwest-1.amazonaws.com.cn"),
        (.dynamoDB, "us-gov-west-1", "https://dynamodb.us-gov-west-1.amazonaws.com"),
        (.ec2, "us-iso-east-1", "https://ec2.us-iso-east-1.c2s.ic.gov"),
        (.ec2, "us-isob-east-1", "https://ec2.us-isob-east-1.sc2s.sgov.gov"),
        (.ec2, "eusc-de-east-1", "https://ec2.eusc-de-east-1.amazonaws.eu"),
        (.ec2, "ap-southeast-7", "https://ec2.ap-southeast-7.amazonaws.com"),
        (.ec2, "zz-newplace-9", "https://ec2.zz-newplace-9.amazonaws.com"),  // unknown but well-formed: aws
    ])
    func regionalDefaults(_ service: AWSService, _ region: String, _ url: String) throws {
        #expect(try EndpointResolver().endpoint(for: service, region: region).absoluteString == url)
    }

    @Test(arguments: [
        "", "US-EAST-1", "us-east", "us_east_1", "us-east-1.", "us-east-1/x", "us-east-1 ", "-us-east-1", "us--east-1",
        "us-east-1a", "1-2-3", "evil.com/us-east-1", String(repeating: "a-", count: 40) + "1",
    ])
    func malformedRegionsAreRejected(_ region: String) {
        let error = #expect(throws: ConfigurationError.invalidRegion) {
            try EndpointResolver().endpoint(for: .ec2, region: region)
        }
        #expect(error?.description.contains("malformed") == true)
    }

    static let allOverrides = [
        "AWS_ENDPOINT_URL_EC2": "http://ec2.env:1", "AWS_ENDPOINT_URL_AUTO_SCALING": "http://asg.env:2",
        "AWS_ENDPOINT_URL_SSM": "http://ssm.env:3", "AWS_ENDPOINT_URL_STS": "http://sts.env:4",
        "AWS_ENDPOINT_URL_DYNAMODB": "http://ddb.env:5",
    ]

    @Test(arguments: [
        (AWSService.ec2, "http://ec2.env:1"), (.autoScaling, "http://asg.env:2"), (.ssm, "http://ssm.env:3"),
        (.sts, "http://sts.env:4"), (.dynamoDB, "http://ddb.env:5"),
    ])
    func serviceVariablesUseTheServiceID(_ service: AWSService, _ url: String) throws {
        let resolver = EndpointResolver(environment: Self.allOverrides)
        #expect(try resolver.endpoint(for: service, region: "us-east-1").absoluteString == url)
    }

    @Test func precedence() throws {
        let profile = Profile(name: "p", properties: ["endpoint_url": "http://profile:9", "services": "local"])
        let services = ["ec2": ["endpoint_url": "http://services-ec2:8"]]
        func url(_ environment: [String: String], _ service: AWSService = .ec2, profile: Profile? = profile) throws
            -> String
        {
            try EndpointResolver(environment: environment, profile: profile, services: services)
                .endpoint(for: service, region: "eu-west-1").absoluteString
        }
        let both = ["AWS_ENDPOINT_URL_EC2": "http://ec2-env:1", "AWS_ENDPOINT_URL": "http://global-env:2"]
        #expect(try url(both) == "http://ec2-env:1")
        #expect(try url(both, .ssm) == "http://global-env:2")
        #expect(try url(["AWS_ENDPOINT_URL": "http://global-env:2"]) == "http://global-env:2")
        #expect(try url([:]) == "http://services-ec2:8")
        #expect(try url([:], .ssm) == "http://profile:9")
        #expect(try url([:], .ssm, profile: nil) == "https://ssm.eu-west-1.amazonaws.com")
        let ignored = both.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) { $1 }
        #expect(try url(ignored) == "https://ec2.eu-west-1.amazonaws.com")
        var ignoring = profile
        ignoring.properties["ignore_configured_endpoint_urls"] = "true"
        #expect(try url([:], profile: ignoring) == "https://ec2.eu-west-1.amazonaws.com")
        #expect(try url(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false"], profile: ignoring) == "http://services-ec2:8")
    }

    @Test(arguments: ["not a url", "ftp://host", "http://", "127.0.0.1:5000"])
    func malformedOverridesNameTheirSource(_ value: String) {
        let error = #expect(throws: ConfigurationError.invalidEndpoint) {
            try EndpointResolver(environment: ["AWS_ENDPOINT_URL_STS": value]).endpoint(for: .sts, region: "us-east-1")
        }
        #expect(error?.description.contains("AWS_ENDPOINT_URL_STS") == true)
    }
}
