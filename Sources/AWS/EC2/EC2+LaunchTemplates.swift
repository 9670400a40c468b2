import Foundation

// MARK: - Operations

extension EC2 {
    /// Every launch template matching the request (all pages of `DescribeLaunchTemplates`).
    public func describeLaunchTemplates(_ request: DescribeLaunchTemplatesRequest) async throws -> [LaunchTemplate] {
        try await paginator("DescribeLaunchTemplates", request, response: DescribeLaunchTemplatesResponse.self)
            .allItems()
    }

    /// Every version matching the request (all pages of `DescribeLaunchTemplateVersions`).
    public func describeLaunchTemplateVersions(
        _ request: DescribeLaunchTemplateVersionsRequest
    ) async throws -> [LaunchTemplateVersion] {
        try await paginator(
            "DescribeLaunchTemplateVersions", request, response: DescribeLaunchTemplateVersionsResponse.self
        ).allItems()
    }

    /// `CreateLaunchTemplate`: a template with its first version.
    public func createLaunchTemplate(_ request: CreateLaunchTemplateRequest) async throws -> LaunchTemplate {
        try await call("CreateLaunchTemplate", request, output: ModifyLaunchTemplateResponse.self).launchTemplate
    }

    /// `CreateLaunchTemplateVersion`: the new version.
    public func createLaunchTemplateVersion(
        _ request: CreateLaunchTemplateVersionRequest
    ) async throws -> LaunchTemplateVersion {
        try await call("CreateLaunchTemplateVersion", request, output: CreateLaunchTemplateVersionResponse.self)
            .launchTemplateVersion
    }

    /// `ModifyLaunchTemplate`: makes `defaultVersion` the default; returns the template.
    public func modifyLaunchTemplate(
        _ template: LaunchTemplateReference, defaultVersion: TemplateVersion, clientToken: String? = nil
    ) async throws -> LaunchTemplate {
        let request = ModifyLaunchTemplateRequest(
            template: template, defaultVersion: defaultVersion, clientToken: clientToken)
        return try await call("ModifyLaunchTemplate", request, output: ModifyLaunchTemplateResponse.self)
            .launchTemplate
    }

    /// `DeleteLaunchTemplateVersions`: which versions went and which did not (with the reason).
    public func deleteLaunchTemplateVersions(
        _ template: LaunchTemplateReference, versions: [TemplateVersion]
    ) async throws -> DeleteLaunchTemplateVersionsResponse {
        let request = DeleteLaunchTemplateVersionsRequest(template: template, versions: versions)
        return try await call("DeleteLaunchTemplateVersions", request)
    }
}

// MARK: - Naming templates and versions

extension EC2 {
    /// A launch template by id or by name (`LaunchTemplateId` / `LaunchTemplateName`).
    public enum LaunchTemplateReference: Sendable, Hashable, Encodable {
        case id(String)
        case name(String)

        enum CodingKeys: String, CodingKey {
            case id = "launchTemplateId", name = "launchTemplateName"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .id(let id): try container.encode(id, forKey: .id)
            case .name(let name): try container.encode(name, forKey: .name)
            }
        }
    }

    /// A launch template version: `$Default`, `$Latest` or a number.
    public enum TemplateVersion: Sendable, Hashable, Codable, CustomStringConvertible {
        case `default`
        case latest
        case number(Int)

        /// Parses `$Default`, `$Latest` or a decimal number.
        public init?(_ text: String) {
            switch text {
            case "$Default": self = .default
            case "$Latest": self = .latest
            default:
                guard let number = Int(text) else { return nil }
                self = .number(number)
            }
        }

        public var description: String {
            switch self {
            case .default: "$Default"
            case .latest: "$Latest"
            case .number(let number): String(number)
            }
        }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let version = TemplateVersion(text) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "not a launch template version"))
            }
            self = version
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }
    }
}
