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
    ///
    /// Flat in the number of images: equal questions are asked once, and filters that differ only in their name
    /// pattern (same owners, same architecture) share one paged `DescribeImages` whose `name` filter carries all
    /// their patterns (EC2 ORs the values of one filter, up to 200 a call); each filter then keeps the answers its
    /// own pattern matches (`ImageFilter.matches(name:)`, EC2's wildcards).
    func lookUpSources(
        images: [ObservedImage], instances: [ObservedInstance], into result: inout RegionObservation
    ) async throws {
        let queries = sourceQueries(images: images, instances: instances)
        guard !queries.isEmpty else { return }
        let batches = SourceBatch.batches(for: queries)
        let ec2 = self.ec2
        let region = self.region
        let now = observer.now()
        let maxResults = pages.images
        let answers = try await concurrentMap(batches, limit: limit) { batch -> Result<[ObservedImage], CloudError> in
            do {
                let found = try await batch.lookUp(ec2: ec2, maxResults: maxResults)
                return .success(
                    found.map { image in
                        ObservedImage(
                            id: image.imageId, region: region, name: image.name ?? "",
                            state: ImageState(rawValue: image.state ?? "unknown"),
                            creationDate: Timestamp.parse(image.creationDate) ?? now, tags: image.tags.dictionary,
                            snapshotIds: image.snapshotIds, deprecationTime: Timestamp.parse(image.deprecationTime),
                            rootDeviceName: image.rootDeviceName)
                    })
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                return .failure(CloudError.wrap(error, operation: "look up source \(batch)", region: region))
            }
        }
        var found: [SourceQuery: [ObservedImage]] = [:]
        var failed: [SourceQuery: CloudError] = [:]
        for (batch, answer) in zip(batches, answers) {
            for query in batch.queries {
                switch answer {
                case .success(let candidates):
                    found[query, default: []] += candidates.filter(batch.answering(query))
                case .failure(let error):
                    failed[query] = failed[query] ?? error
                }
            }
        }
        for query in queries {
            if let error = failed[query] {
                result.lookupFailures.append(SourceLookupFailure(region: region, query: query, error: error))
            } else {
                var seen: Set<String> = []
                let candidates = (found[query] ?? []).filter { seen.insert($0.id).inserted }
                result.sourceLookups.append(SourceLookup(region: region, query: query, candidates: candidates))
            }
        }
    }
}
