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

        public init(
            launchTemplateId: String, launchTemplateName: String? = nil, createTime: Date? = nil,
            createdBy: String? = nil, defaultVersionNumber: Int? = nil, latestVersionNumber: Int? = nil,
            tags: [EC2.Tag] = []
        ) {
            self.launchTemplateId = launchTemplateId
            self.launchTemplateName = launchTemplateName
            self.createTime = createTime
            self.createdBy = createdBy
            self.defaultVersionNumber = defaultVersionNumber
            self.latestVersionNumber = latestVersionNumber
            self._tags = XMLList(wrappedValue: tags)
        }

        enum CodingKeys: String, CodingKey {
            case launchTemplateId, launchTemplateName, createTime, createdBy, defaultVersionNumber, latestVersionNumber
            case tags = "tagSet"
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

        public init(
            launchTemplateId: String, launchTemplateName: String? = nil, versionNumber: Int,
            versionDescription: String? = nil, createTime: Date? = nil, createdBy: String? = nil,
            defaultVersion: Bool? = nil, launchTemplateData: EC2.ResponseLaunchTemplateData? = nil
        ) {
            self.launchTemplateId = launchTemplateId
            self.launchTemplateName = launchTemplateName
            self.versionNumber = versionNumber
            self.versionDescription = versionDescription
            self.createTime = createTime
            self.createdBy = createdBy
            self.defaultVersion = defaultVersion
            self.launchTemplateData = launchTemplateData
        }
    }

    /// `ResponseLaunchTemplateData`: what Kiln reads of a version.
    public struct ResponseLaunchTemplateData: Decodable, Sendable, Hashable {
        public var imageId: String?
        public var instanceType: String?
        public var keyName: String?
        public var iamInstanceProfile: LaunchTemplateIamInstanceProfile?
        @XMLList public var securityGroupIds: [String]

        public init(
            imageId: String? = nil, instanceType: String? = nil, keyName: String? = nil,
            iamInstanceProfile: EC2.LaunchTemplateIamInstanceProfile? = nil, securityGroupIds: [String] = []
        ) {
            self.imageId = imageId
            self.instanceType = instanceType
            self.keyName = keyName
            self.iamInstanceProfile = iamInstanceProfile
            self._securityGroupIds = XMLList(wrappedValue: securityGroupIds)
        }

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
            case launchTemplateIds = "launchTemplateId", launchTemplateNames = "launchTemplateName", filters = "filter"
            case maxResults, nextToken
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
        /// The template; nil asks about every template of the account (then `versions` may hold only `$Latest`
        /// and `$Default`).
        public var template: LaunchTemplateReference?
        public var versions: [TemplateVersion]?
        public var minVersion: Int?
        public var maxVersion: Int?
        public var filters: [Filter]?
        public var maxResults: Int?
        public var nextToken: String?

        /// All versions when `versions`, `minVersion` and `maxVersion` are `nil`.
        public init(
            template: LaunchTemplateReference?, versions: [TemplateVersion]? = nil, minVersion: Int? = nil,
            maxVersion: Int? = nil, filters: [Filter]? = nil, maxResults: Int? = nil
        ) {
            self.template = template
            self.versions = versions
            self.minVersion = minVersion
            self.maxVersion = maxVersion
            self.filters = filters
            self.maxResults = maxResults
        }

        /// The latest and the default version of every launch template in the account (`$Latest`, `$Default`, no
        /// template named), `maxResults` (1–200) a page.
        public static func latestAndDefaultOfAll(maxResults: Int? = nil) -> Self {
            Self(template: nil, versions: [.latest, .default], maxResults: maxResults)
        }

        enum CodingKeys: String, CodingKey {
            case versions = "launchTemplateVersion", minVersion, maxVersion, filters = "filter", maxResults, nextToken
        }

        public func encode(to encoder: any Encoder) throws {
            try template?.encode(to: encoder)
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
}
