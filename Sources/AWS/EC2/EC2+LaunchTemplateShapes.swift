import Foundation

extension EC2 {
    /// `LaunchTemplate`.
    public struct LaunchTemplate: Decodable, Sendable, Hashable {
        public var launchTemplateId: String
        public var launchTemplateName: String?
        public var createTime: Date?
        public var createdBy: String?
        public var defaultVersionNumber: Int?
        public var latestVersionNumber: Int?
        @XMLList public var tags: [Tag]

        enum CodingKeys: String, CodingKey {
            case launchTemplateId, launchTemplateName, createTime, createdBy, defaultVersionNumber
            case latestVersionNumber, tags = "tagSet"
        }
    }

    /// `LaunchTemplateVersion`.
    public struct LaunchTemplateVersion: Decodable, Sendable, Hashable {
        public var launchTemplateId: String
        public var launchTemplateName: String?
        public var versionNumber: Int
        public var versionDescription: String?
        public var createTime: Date?
        public var createdBy: String?
        public var defaultVersion: Bool?
        public var launchTemplateData: ResponseLaunchTemplateData?
    }

    /// `ResponseLaunchTemplateData`: what Kiln reads of a version.
    public struct ResponseLaunchTemplateData: Decodable, Sendable, Hashable {
        public var imageId: String?
        public var instanceType: String?
        public var keyName: String?
        public var iamInstanceProfile: LaunchTemplateIamInstanceProfile?
        @XMLList public var securityGroupIds: [String]

        enum CodingKeys: String, CodingKey {
            case imageId, instanceType, keyName, iamInstanceProfile, securityGroupIds = "securityGroupIdSet"
        }
    }

    /// `LaunchTemplateIamInstanceProfileSpecification`.
    public struct LaunchTemplateIamInstanceProfile: Decodable, Sendable, Hashable {
        public var arn: String?
        public var name: String?
    }

    /// `DescribeLaunchTemplatesRequest`.
    public struct DescribeLaunchTemplatesRequest: Encodable, PaginatedRequest {
        public var launchTemplateIds: [String]?
        public var launchTemplateNames: [String]?
        public var filters: [Filter]?
        public var maxResults: Int?
        public var nextToken: String?

        public init(
            launchTemplateIds: [String]? = nil, launchTemplateNames: [String]? = nil, filters: [Filter]? = nil,
            maxResults: Int? = nil
        ) {
            self.launchTemplateIds = launchTemplateIds
            self.launchTemplateNames = launchTemplateNames
            self.filters = filters
            self.maxResults = maxResults
        }

        enum CodingKeys: String, CodingKey {
            case launchTemplateIds = "LaunchTemplateId", launchTemplateNames = "LaunchTemplateName"
            case filters = "Filter", maxResults = "MaxResults", nextToken = "NextToken"
        }
    }

    /// `DescribeLaunchTemplatesResult`: one page.
    public struct DescribeLaunchTemplatesResponse: Decodable, PaginatedResponse {
        @XMLList public var launchTemplates: [LaunchTemplate]
        public var nextToken: String?
        public var items: [LaunchTemplate] { launchTemplates }
    }

    /// `DescribeLaunchTemplateVersionsRequest`.
    public struct DescribeLaunchTemplateVersionsRequest: Encodable, PaginatedRequest {
        public var template: LaunchTemplateReference
        public var versions: [TemplateVersion]?
        public var minVersion: Int?
        public var maxVersion: Int?
        public var filters: [Filter]?
        public var maxResults: Int?
        public var nextToken: String?

        /// All versions when `versions`, `minVersion` and `maxVersion` are `nil`.
        public init(
            template: LaunchTemplateReference, versions: [TemplateVersion]? = nil, minVersion: Int? = nil,
            maxVersion: Int? = nil, filters: [Filter]? = nil, maxResults: Int? = nil
        ) {
            self.template = template
            self.versions = versions
            self.minVersion = minVersion
            self.maxVersion = maxVersion
            self.filters = filters
            self.maxResults = maxResults
        }

        enum CodingKeys: String, CodingKey {
            case versions = "LaunchTemplateVersion", minVersion = "MinVersion", maxVersion = "MaxVersion"
            case filters = "Filter", maxResults = "MaxResults", nextToken = "NextToken"
        }

        public func encode(to encoder: any Encoder) throws {
            try template.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(versions, forKey: .versions)
            try container.encodeIfPresent(minVersion.map(String.init), forKey: .minVersion)
            try container.encodeIfPresent(maxVersion.map(String.init), forKey: .maxVersion)
            try container.encodeIfPresent(filters, forKey: .filters)
            try container.encodeIfPresent(maxResults, forKey: .maxResults)
            try container.encodeIfPresent(nextToken, forKey: .nextToken)
        }
    }

    /// `DescribeLaunchTemplateVersionsResult`: one page.
    public struct DescribeLaunchTemplateVersionsResponse: Decodable, PaginatedResponse {
        @XMLList public var launchTemplateVersions: [LaunchTemplateVersion]
        public var nextToken: String?
        public var items: [LaunchTemplateVersion] { launchTemplateVersions }

        enum CodingKeys: String, CodingKey {
            case launchTemplateVersions = "launchTemplateVersionSet", nextToken
        }
    }

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
            case sourceVersion = "SourceVersion", versionDescription = "VersionDescription"
            case launchTemplateData = "LaunchTemplateData", clientToken = "ClientToken"
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

        enum CodingKeys: String, CodingKey {
            case imageId = "ImageId", instanceType = "InstanceType"
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
            case launchTemplateName = "LaunchTemplateName", versionDescription = "VersionDescription"
            case launchTemplateData = "LaunchTemplateData", tagSpecifications = "TagSpecification"
            case clientToken = "ClientToken"
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
            case defaultVersion = "SetDefaultVersion", clientToken = "ClientToken"
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
            case versions = "LaunchTemplateVersion"
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
