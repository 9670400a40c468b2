// MARK: - Source

/// `spec.source`: exactly one of a fixed AMI, a filter, or another Kiln image.
public enum ImageSource: Sendable, Hashable, Codable {
    /// A fixed AMI id, or one per region.
    case ami(AMIReference)
    /// The newest AMI matching a filter (by creation date, ties broken by image id).
    case filter(ImageFilter)
    /// Another Kiln image (by `metadata.name`), at its current `spec.version`.
    case image(String)

    /// The name of the Kiln image this one is layered on, if any.
    public var baseImage: String? {
        if case .image(let name) = self { return name }
        return nil
    }
}

/// `spec.source.ami`: one id, or one id per region.
public enum AMIReference: Sendable, Hashable, Codable {
    /// The same id wherever it is used (the build region).
    case single(String)
    /// Region → AMI id; always contains the build region.
    case byRegion([String: String])

    /// The AMI id to use in `region`, if there is one.
    public func id(in region: String) -> String? {
        switch self {
        case .single(let id): id
        case .byRegion(let ids): ids[region]
        }
    }

    /// The AMI id to use in `region`, if there is one (``id(in:)``).
    public subscript(region: String) -> String? { id(in: region) }
}

extension AMIReference: ExpressibleByDictionaryLiteral {
    /// A per-region reference written as a map literal, `[region: id]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        self = .byRegion(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

/// `spec.source.filter`: the newest image (by CreationDate, ties by image id) matching these.
public struct ImageFilter: Sendable, Hashable, Codable {
    /// A non-empty name glob.
    public var name: String
    /// Account ids or `amazon`, `self`, `aws-marketplace` (never empty), sorted.
    public var owners: [String]
    /// Default `x86_64`.
    public var architecture: Architecture

    /// Creates a filter; owners are sorted so that equal filters compare equal.
    public init(name: String, owners: [String], architecture: Architecture = .x86_64) {
        self.name = name
        self.owners = owners.sorted()
        self.architecture = architecture
    }
}

/// A CPU architecture of an AMI.
public enum Architecture: String, Sendable, Hashable, Codable, CaseIterable {
    case x86_64
    case arm64
}
