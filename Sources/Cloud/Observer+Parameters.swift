import AWS
import Foundation
import Planner

// MARK: - SSM parameters

extension RegionObserver {
    /// The parameters under the guardrail prefixes here, a page of `GetParametersByPath` at a time, plus any
    /// desired parameter no such prefix covers (ten names per `GetParameters` call; none when every manifest keeps
    /// to the guardrails). Values are dropped here, at the source: a parameter keeps the id of the image it names
    /// when that is an AMI with this owner's tag in this region, and nothing else, so no value can reach a plan, a
    /// status file or a log.
    func observeParameters(images: [ObservedImage]) async throws -> [ObservedParameter] {
        let known = Set(images.filter { $0.tags[KilnTag.owner] == owner }.map(\.id))
        let prefixes = Self.pathPrefixes(observer.configuration.parameterPrefixes)
        let ssm = self.ssm
        let region = self.region
        let perPage = observer.configuration.pageSizes.parameters
        @Sendable func observed(_ parameter: SSM.Parameter) -> ObservedParameter {
            let value = parameter.value.trimmingCharacters(in: .whitespaces)
            return ObservedParameter(name: parameter.name, region: region, imageId: known.contains(value) ? value : nil)
        }
        let underPaths = try await concurrentMap(prefixes, limit: limit) { prefix in
            try await ssm.getParametersByPath(
                .init(path: prefix, recursive: true, maxResults: perPage)
            ).filter { $0.name.hasPrefix(prefix) }.map(observed)
        }
        let uncovered = Set(desiredHere.compactMap(\.rollout.ssmParameter))
            .filter { name in !prefixes.contains { name.hasPrefix($0) } }.sorted()
        let batches = stride(from: 0, to: uncovered.count, by: Self.parametersPerCall).map {
            Array(uncovered[$0..<min($0 + Self.parametersPerCall, uncovered.count)])
        }
        let named = try await concurrentMap(batches, limit: limit) { batch in
            try await ssm.getParameters(names: batch).parameters.map(observed)
        }
        var seen: Set<String> = []
        return (underPaths.flatMap { $0 } + named.flatMap { $0 }).filter { seen.insert($0.name).inserted }
            .sorted { $0.name < $1.name }
    }

    /// The prefixes that end a path level (`/kiln/`), without those another of them covers. Each is asked for as the
    /// path itself, so IAM checks `parameter/kiln/`, inside the grant on `parameter/kiln/*`. A prefix that does not
    /// end a level (`/kiln/app-`) is not read by path: the path above it would reach parameters the guardrails do
    /// not.
    static func pathPrefixes(_ prefixes: [String]) -> [String] {
        let levels = Set(prefixes.filter { $0.hasPrefix("/") && $0.hasSuffix("/") }).sorted()
        return levels.filter { prefix in !levels.contains { $0 != prefix && prefix.hasPrefix($0) } }
    }

    /// The most names `GetParameters` accepts.
    static let parametersPerCall = 10
}
