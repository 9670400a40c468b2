import AWS
import Foundation
import Planner

// MARK: - Source lookups, only for bakes that need one

extension RegionObserver {
    /// The source questions of desired images built here whose desired version has no AMI of ours here
    /// and no live builder, and the filters of images with `autoUpdate`: in a steady state there are only those.
    func sourceQueries(images: [ObservedImage], instances: [ObservedInstance]) -> [SourceQuery] {
        var queries: Set<SourceQuery> = []
        let liveBuilders = builders(in: instances).filter {
            !$0.state.isEnding && $0.tags[KilnTag.phase] != BuilderPhaseTag.failedKept
        }
        for image in desired.images
        where image.build.region == region && !image.retired && !desired.invalidImageNames.contains(image.name) {
            let baked = images.contains {
                isOurs($0) && $0.tags[KilnTag.image] == image.name
                    && $0.tags[KilnTag.version].flatMap(SemanticVersion.init) == image.version
                    && !$0.state.isFailed && $0.state != .deregistered
            }
            let building = liveBuilders.contains {
                $0.tags[KilnTag.image] == image.name
                    && $0.tags[KilnTag.version].flatMap(SemanticVersion.init) == image.version
                    && $0.tags[KilnTag.recipe] == image.recipe
            }
            // An image with `autoUpdate` looks its filter up even when baked: a newer match is a proposed bump.
            var watched = false
            if case .filter = image.source, image.autoUpdate != .none { watched = true }
            guard (!baked && !building) || watched else { continue }
            switch image.source {
            case .ami(let ids):
                if let id = ids[region] { queries.insert(.imageId(id)) }
            case .filter(let filter):
                queries.insert(SourceQuery.filter(filter).normalized)
            case .image:
                break
            }
        }
        return queries.sorted { "\($0)" < "\($1)" }
    }

    /// Looks up every source question; a failed lookup is kept as a lookup failure, not a region failure.
    func lookUpSources(
        images: [ObservedImage], instances: [ObservedInstance], into result: inout RegionObservation
    ) async throws {
        let queries = sourceQueries(images: images, instances: instances)
        guard !queries.isEmpty else { return }
        let ec2 = self.ec2
        let region = self.region
        let now = observer.now()
        let answers = try await concurrentMap(queries, limit: limit) { query -> Result<SourceLookup, CloudError> in
            do {
                let found = try await Self.lookUp(query, ec2: ec2)
                let candidates = found.map { image in
                    ObservedImage(
                        id: image.imageId, region: region, name: image.name ?? "",
                        state: ImageState(rawValue: image.state ?? "unknown"),
                        creationDate: Timestamp.parse(image.creationDate) ?? now, tags: image.tags.dictionary,
                        snapshotIds: image.snapshotIds, deprecationTime: Timestamp.parse(image.deprecationTime),
                        rootDeviceName: image.rootDeviceName)
                }
                return .success(SourceLookup(region: region, query: query, candidates: candidates))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                return .failure(CloudError.wrap(error, operation: "look up source \(query)", region: region))
            }
        }
        for (query, answer) in zip(queries, answers) {
            switch answer {
            case .success(let lookup): result.sourceLookups.append(lookup)
            case .failure(let error):
                result.lookupFailures.append(SourceLookupFailure(region: region, query: query, error: error))
            }
        }
    }

    /// The images a source question matches; an id that does not exist matches nothing.
    static func lookUp(_ query: SourceQuery, ec2: EC2) async throws -> [EC2.Image] {
        switch query {
        case .imageId(let id):
            do {
                return try await ec2.describeImages(.init(imageIds: [id]))
            } catch let error as AWSError
                where AWSCodes.imageNotFound.contains(error.code) || error.code == AWSCodes.imageMalformed
            {
                return []
            }
        case .filter(let filter):
            return try await ec2.describeImages(
                .init(
                    owners: filter.owners,
                    filters: [
                        .init(name: "name", values: [filter.name]),
                        .init(name: "architecture", values: [filter.architecture.rawValue]),
                    ]))
        }
    }
}
