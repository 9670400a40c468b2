// MARK: - What the Cloud layer must observe

/// One source lookup the planner needs (see `ActualState.sourceLookups`).
public struct SourceLookupRequest: Sendable, Hashable, Codable {
    public var region: String
    public var query: SourceQuery
}

extension DesiredState {
    /// Every region a valid image is built in, distributed to or rolled out to.
    public var regions: Set<String> {
        var regions: Set<String> = []
        for image in images where !invalidImageNames.contains(image.name) {
            regions.formUnion(image.regions)
            regions.formUnion(image.rollout.launchTemplates.map(\.region))
            regions.formUnion(image.rollout.launchConfigurations.map(\.region))
        }
        return regions
    }

    /// The filters and fixed AMIs to look up, in each build region (`image` sources need none: they
    /// resolve to Kiln AMIs, which are observed anyway). Sorted, without duplicates.
    public var sourceLookupRequests: [SourceLookupRequest] {
        var requests: Set<SourceLookupRequest> = []
        for image in images where !invalidImageNames.contains(image.name) {
            let region = image.build.region
            switch image.source {
            case .filter(let filter):
                requests.insert(SourceLookupRequest(region: region, query: SourceQuery.filter(filter).normalized))
            case .ami(let ids):
                if let id = ids[region] { requests.insert(SourceLookupRequest(region: region, query: .imageId(id))) }
            case .image:
                break
            }
        }
        return requests.sorted { ($0.region, "\($0.query)") < ($1.region, "\($1.query)") }
    }
}
