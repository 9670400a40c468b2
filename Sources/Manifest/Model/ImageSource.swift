/// `spec.source`: exactly one of a fixed AMI, a filter, or another Kiln image.
public enum ImageSource: Sendable, Equatable {
    /// A fixed AMI id.
    case ami(AMIReference)
    /// The newest AMI matching a filter.
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
public enum AMIReference: Sendable, Equatable {
    /// The same id everywhere it is used (the build region).
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
}

/// `spec.source.filter`: the newest image (by CreationDate, ties by image id) matching these.
public struct ImageFilter: Sendable, Equatable {
    /// A non-empty name glob.
    public var name: String
    /// Account ids or `amazon`, `self`, `aws-marketplace` (never empty).
    public var owners: [String]
    /// Default `x86_64`.
    public var architecture: Architecture

    /// Creates a filter.
    public init(name: String, owners: [String], architecture: Architecture = .x86_64) {
        self.name = name
        self.owners = owners
        self.architecture = architecture
    }
}

/// A CPU architecture of an AMI.
public enum Architecture: String, Sendable, Equatable, CaseIterable {
    case x86_64
    case arm64
}
