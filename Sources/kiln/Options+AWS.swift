import AWS
import ArgumentParser
import Foundation
import Logging

/// AWS settings shared by `kiln plan` and `kiln apply`.
///
/// Endpoint, region and credentials come from the standard AWS variables and shared files (`AWS_PROFILE`,
/// `AWS_ACCESS_KEY_ID`, `AWS_REGION`, `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`, `~/.aws/config`, …)
/// through the standard credential chain.
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

    /// An AWS client configured from the environment and the shared files; shut it down when done.
    func makeClient(
        environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger
    ) throws -> AWSClient {
        let configuration = try AWSConfiguration(environment: environment)
        return AWSClient.standard(configuration: configuration, logger: logger)
    }
}
