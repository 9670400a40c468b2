import Foundation

/// Picks the URL each service is called at.
///
/// In order: `AWS_ENDPOINT_URL_<SERVICE_ID>` (e.g. `AWS_ENDPOINT_URL_AUTO_SCALING`), `AWS_ENDPOINT_URL`, the
/// profile's `[services …]` section entry (`ec2 =` / `  endpoint_url = …`), the profile's `endpoint_url`, then
/// the regional default `https://<prefix>.<region>.<partition suffix>`. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`
/// (or the profile's `ignore_configured_endpoint_urls = true`, unless the variable says otherwise) disables
/// every override.
public struct EndpointResolver: Sendable, Equatable {
    /// A configured endpoint override and where it came from (for error messages).
    private struct Override: Sendable, Equatable {
        var url: String
        var source: String
    }

    private let serviceOverrides: [AWSService: Override]
    private let globalOverride: Override?

    /// Reads overrides from `environment`, `profile` and the profile's `services` section (see
    /// `ProfileSet.services(for:)`).
    public init(
        environment: [String: String] = [:], profile: Profile? = nil, services: [String: [String: String]] = [:]
    ) {
        let ignoreSetting =
            environment.awsValue("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            ?? profile?["ignore_configured_endpoint_urls"]
        guard ignoreSetting?.lowercased() != "true" else {
            serviceOverrides = [:]
            globalOverride = nil
            return
        }
        var perService: [AWSService: Override] = [:]
        for service in AWSService.allCases {
            let variable = "AWS_ENDPOINT_URL_" + service.serviceID.uppercased().replacingOccurrences(of: " ", with: "_")
            let key = service.serviceID.lowercased().replacingOccurrences(of: " ", with: "_")
            if let url = environment.awsValue(variable) {
                perService[service] = Override(url: url, source: variable)
            } else if environment.awsValue("AWS_ENDPOINT_URL") == nil, let url = services[key]?["endpoint_url"] {
                perService[service] = Override(url: url, source: "the services section entry \(key).endpoint_url")
            }
        }
        serviceOverrides = perService
        if let url = environment.awsValue("AWS_ENDPOINT_URL") {
            globalOverride = Override(url: url, source: "AWS_ENDPOINT_URL")
        } else if let url = profile?["endpoint_url"] {
            globalOverride = Override(url: url, source: "endpoint_url of profile \(profile?.name ?? "")")
        } else {
            globalOverride = nil
        }
    }

    /// The endpoint for `service` in `region`; throws for a malformed region or override.
    public func endpoint(for service: AWSService, region: String) throws -> URL {
        try Self.validate(region: region, from: "the region")
        if let override = serviceOverrides[service] ?? globalOverride {
            return try Self.parse(override)
        }
        return try Self.defaultEndpoint(for: service, region: region)
    }

    /// `https://<prefix>.<region>.amazonaws.com` (`.amazonaws.com.cn` in China, and so on).
    public static func defaultEndpoint(for service: AWSService, region: String) throws -> URL {
        try validate(region: region, from: "the region")
        let host = "\(service.endpointPrefix).\(region).\(EndpointPartition.dnsSuffix(for: region))"
        guard let url = URL(string: "https://\(host)") else {
            throw ConfigurationError.invalidRegion(region, from: "the region")
        }
        return url
    }

    /// Throws `ConfigurationError.invalidRegion` unless `region` looks like `us-east-1`.
    public static func validate(region: String, from source: String) throws {
        guard EndpointPartition.isWellFormed(region) else {
            throw ConfigurationError.invalidRegion(region, from: source)
        }
    }

    private static func parse(_ override: Override) throws -> URL {
        guard let url = URL(string: override.url), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { throw ConfigurationError.invalidEndpoint(from: override.source) }
        return url
    }
}
