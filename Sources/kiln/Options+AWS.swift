import AWS
import ArgumentParser
import Foundation

/// AWS settings shared by `kiln plan` and `kiln apply`.
///
/// Endpoint, region and credentials come from the standard AWS environment variables
/// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION`, `AWS_ENDPOINT_URL`,
/// `AWS_ENDPOINT_URL_<SERVICE>`).
struct AWSOptions: ParsableArguments {
    @Option(
        name: .customLong("region"),
        help: "A region to observe besides those the manifests mention (repeatable).")
    var extraRegions: [String] = []

    func validate() throws {
        for region in extraRegions where region.wholeMatch(of: /[a-z]{2}(-[a-z]+)+-\d+/) == nil {
            throw ValidationError("'\(region)' is not an AWS region name")
        }
    }

    /// An AWS client configured from the environment.
    func makeClient(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AWSClient {
        let settings = try AWSEnvironment(environment)
        return AWSClient(credentialProvider: settings.credentials, endpoint: settings.endpoint)
    }
}

/// Credentials and endpoints read from the standard AWS environment variables.
struct AWSEnvironment {
    let credentials: any CredentialProvider
    let endpoint: AWSClient.EndpointProvider

    init(_ environment: [String: String]) throws {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let accessKey = value("AWS_ACCESS_KEY_ID"), let secretKey = value("AWS_SECRET_ACCESS_KEY") else {
            throw AWSSetupError("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        }
        credentials = StaticCredentialProvider(
            Credentials(accessKeyID: accessKey, secretAccessKey: secretKey, sessionToken: value("AWS_SESSION_TOKEN")))
        var overrides: [AWSService: URL] = [:]
        for service in AWSService.allCases {
            let name = "AWS_ENDPOINT_URL_" + service.serviceID.uppercased().replacingOccurrences(of: " ", with: "_")
            if let text = value(name) ?? value("AWS_ENDPOINT_URL") {
                guard let url = URL(string: text), url.host != nil else {
                    throw AWSSetupError("\(name): '\(text)' is not a URL")
                }
                overrides[service] = url
            }
        }
        let fixed = overrides
        endpoint = { service, region in
            try fixed[service] ?? AWSClient.standardEndpoint(service, region)
        }
    }
}

/// AWS could not be set up from the environment.
struct AWSSetupError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
