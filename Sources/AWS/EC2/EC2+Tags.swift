// MARK: - Operations

extension EC2 {
    /// `CreateTags`: adds or overwrites tags on resources.
    public func createTags(resources: [String], tags: [Tag]) async throws {
        let request = CreateTagsRequest(resources: resources, tags: tags)
        _ = try await call("CreateTags", request, output: EmptyResponse.self)
    }

    /// `DeleteTags`: removes the tags with these keys, whatever their values.
    public func deleteTags(resources: [String], keys: [String]) async throws {
        let request = DeleteTagsRequest(resources: resources, tags: keys.map { TagKey(key: $0, value: nil) })
        _ = try await call("DeleteTags", request, output: EmptyResponse.self)
    }

    /// `DeleteTags`: removes these tags where key and value both match.
    public func deleteTags(resources: [String], tags: [Tag]) async throws {
        let request = DeleteTagsRequest(resources: resources, tags: tags.map { TagKey(key: $0.key, value: $0.value) })
        _ = try await call("DeleteTags", request, output: EmptyResponse.self)
    }
}

// MARK: - Shapes

extension EC2 {
    struct CreateTagsRequest: Encodable, Sendable {
        var resources: [String]
        var tags: [Tag]

        enum CodingKeys: String, CodingKey {
            case resources = "resourceId", tags = "tag"
        }
    }

    struct DeleteTagsRequest: Encodable, Sendable {
        var resources: [String]
        var tags: [TagKey]

        enum CodingKeys: String, CodingKey {
            case resources = "resourceId", tags = "tag"
        }
    }

    /// A tag whose value may be left out (`DeleteTags` matches any value then).
    struct TagKey: Encodable, Sendable {
        var key: String
        var value: String?
    }
}
