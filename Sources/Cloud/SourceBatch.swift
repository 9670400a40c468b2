import AWS
import Foundation
import Planner

// MARK: - Source questions asked together

/// One `DescribeImages` call that answers one or more source questions of a region.
struct SourceBatch: Sendable, CustomStringConvertible {
    enum Call: Sendable, Hashable {
        /// One AMI by id (`ImageId`, which cannot be paged).
        case imageId(String)
        /// Every AMI of `owners` and `architecture` whose name matches one of `names` (one `name` filter).
        case names(owners: [String], architecture: Architecture, names: [String])
    }

    let call: Call
    /// The questions whose answers are among this call's.
    let queries: [SourceQuery]

    /// The most values Kiln puts in one filter (EC2's limit per call).
    static let namesPerCall = 200

    /// The calls that answer `queries`: one per id, and per (owners, architecture) one per 200 name patterns.
    static func batches(for queries: [SourceQuery]) -> [SourceBatch] {
        var batches: [SourceBatch] = []
        var groups: [Group: [SourceQuery]] = [:]
        for query in Set(queries.map(\.normalized)) {
            switch query {
            case .imageId(let id):
                batches.append(SourceBatch(call: .imageId(id), queries: [query]))
            case .filter(let filter):
                groups[Group(owners: filter.owners, architecture: filter.architecture), default: []].append(query)
            }
        }
        for (group, members) in groups {
            let names = Set(members.compactMap(\.filterName)).sorted()
            for start in stride(from: 0, to: names.count, by: namesPerCall) {
                let chunk = Array(names[start..<min(start + namesPerCall, names.count)])
                let asked = Set(chunk)
                batches.append(
                    SourceBatch(
                        call: .names(owners: group.owners, architecture: group.architecture, names: chunk),
                        queries: members.filter { $0.filterName.map(asked.contains) == true }))
            }
        }
        return batches.sorted { $0.description < $1.description }
    }

    /// The images the call finds; an id that does not exist finds nothing.
    func lookUp(ec2: EC2, maxResults: Int) async throws -> [EC2.Image] {
        switch call {
        case .imageId(let id):
            do {
                return try await ec2.describeImages(.init(imageIds: [id]))
            } catch let error as AWSError
                where AWSCodes.imageNotFound.contains(error.code) || error.code == AWSCodes.imageMalformed
            {
                return []
            }
        case .names(let owners, let architecture, let names):
            return try await ec2.describeImages(
                .init(
                    owners: owners,
                    filters: [
                        .init(name: "name", values: names),
                        .init(name: "architecture", values: [architecture.rawValue]),
                    ], maxResults: maxResults))
        }
    }

    /// Whether an image found by this call answers `query`: for a filter, when its own pattern matches the name (the
    /// pattern is parsed once per query, not once per image).
    func answering(_ query: SourceQuery) -> @Sendable (ObservedImage) -> Bool {
        switch query {
        case .imageId(let id):
            return { $0.id == id }
        case .filter(let filter):
            let pattern = filter.namePattern
            return { pattern.matches($0.name) }
        }
    }

    var description: String {
        switch call {
        case .imageId(let id): "image \(id)"
        case .names(let owners, let architecture, let names):
            "names \(names.joined(separator: ", ")) of \(owners.joined(separator: ", ")) (\(architecture.rawValue))"
        }
    }

    private struct Group: Hashable {
        var owners: [String]
        var architecture: Architecture
    }
}

extension SourceQuery {
    /// The filter's name pattern; nil for an id.
    var filterName: String? {
        guard case .filter(let filter) = self else { return nil }
        return filter.name
    }
}
