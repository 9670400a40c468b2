import Foundation

/// The shapes of the calls that change launch templates.
extension EC2 {
    /// `CreateLaunchTemplateVersionRequest`: a copy of `sourceVersion` with the given data changed.
    public struct CreateLaunchTemplateVersionRequest: Encodable, Sendable {
        public var template: LaunchTemplateReference
        public var sourceVersion: TemplateVersion?
        public var versionDescription: String?
        public var launchTemplateData: RequestLaunchTemplateData
        public var clientToken: String?

        public init(
            template: LaunchTemplateReference, sourceVersion: TemplateVersion? = nil,
            versionDescription: String? = nil, launchTemplateData: RequestLaunchTemplateData,
            clientToken: String? = nil
        ) {
            self.template = template
            self.sourceVersion = sourceVersion
            self.versionDescription = versionDescription
            self.launchTemplateData = launchTemplateData
            self.clientToken = clientToken
        }

        enum CodingKeys: String, CodingKey {
            case sourceVersion, versionDescription, launchTemplateData, clientToken
        }

        public func encode(to encoder: any Encoder) throws {
            try template.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(sourceVersion, forKey: .sourceVersion)
            try container.encodeIfPresent(versionDescription, forKey: .versionDescription)
            try container.encode(launchTemplateData, forKey: .launchTemplateData)
            try container.encodeIfPresent(clientToken, forKey: .clientToken)
        }
    }

    /// `RequestLaunchTemplateData`: the members a new version changes (with `SourceVersion`, the rest is kept).
    public struct RequestLaunchTemplateData: Encodable, Sendable, Hashable {
        public var imageId: String?
        public var instanceType: String?

        public init(imageId: String? = nil, instanceType: String? = nil) {
            self.imageId = imageId
            self.instanceType = instanceType
        }
    }

    /// `CreateLaunchTemplateRequest`.
    public struct CreateLaunchTemplateRequest: Encodable, Sendable {
        public var launchTemplateName: String
        public var versionDescription: String?
        public var launchTemplateData: RequestLaunchTemplateData
        /// Tags for `launch-template`.
        public var tagSpecifications: [TagSpecification]?
        public var clientToken: String?

        public init(
            launchTemplateName: String, versionDescription: String? = nil,
            launchTemplateData: RequestLaunchTemplateData, tagSpecifications: [TagSpecification]? = nil,
            clientToken: String? = nil
        ) {
            self.launchTemplateName = launchTemplateName
            self.versionDescription = versionDescription
            self.launchTemplateData = launchTemplateData
            self.tagSpecifications = tagSpecifications
            self.clientToken = clientToken
        }

        enum CodingKeys: String, CodingKey {
            case launchTemplateName, versionDescription, launchTemplateData, tagSpecifications = "tagSpecification"
            case clientToken
        }
    }

    struct CreateLaunchTemplateVersionResponse: Decodable, Sendable {
        var launchTemplateVersion: LaunchTemplateVersion
    }

    struct ModifyLaunchTemplateRequest: Encodable, Sendable {
        var template: LaunchTemplateReference
        var defaultVersion: TemplateVersion
        var clientToken: String?

        enum CodingKeys: String, CodingKey {
            case defaultVersion = "setDefaultVersion", clientToken
        }

        func encode(to encoder: any Encoder) throws {
            try template.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(defaultVersion, forKey: .defaultVersion)
            try container.encodeIfPresent(clientToken, forKey: .clientToken)
        }
    }

    struct ModifyLaunchTemplateResponse: Decodable, Sendable {
        var launchTemplate: LaunchTemplate
    }

    struct DeleteLaunchTemplateVersionsRequest: Encodable, Sendable {
        var template: LaunchTemplateReference
        var versions: [TemplateVersion]

        enum CodingKeys: String, CodingKey {
            case versions = "launchTemplateVersion"
        }

        func encode(to encoder: any Encoder) throws {
            try template.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(versions, forKey: .versions)
        }
    }

    /// `DeleteLaunchTemplateVersionsResult`.
    public struct DeleteLaunchTemplateVersionsResponse: Decodable, Sendable, Hashable {
        @XMLList public var successfullyDeleted: [DeletedVersion]
        @XMLList public var unsuccessfullyDeleted: [DeletedVersion]

        enum CodingKeys: String, CodingKey {
            case successfullyDeleted = "successfullyDeletedLaunchTemplateVersionSet"
            case unsuccessfullyDeleted = "unsuccessfullyDeletedLaunchTemplateVersionSet"
        }
    }

    /// A version in a `DeleteLaunchTemplateVersions` answer; `responseError` says why it was not deleted.
    public struct DeletedVersion: Decodable, Sendable, Hashable {
        public var launchTemplateId: String?
        public var launchTemplateName: String?
        public var versionNumber: Int?
        public var responseError: ResponseError?
    }

    /// `ResponseError`.
    public struct ResponseError: Decodable, Sendable, Hashable {
        public var code: String?
        public var message: String?
    }
}
