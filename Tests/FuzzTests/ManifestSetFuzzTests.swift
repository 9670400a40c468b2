import Foundation
import Synchronization
import Testing

@testable import Manifest

/// The repository-wide rules on generated sets of layered manifests, unchanged and mutated: the loader's verdict
/// matches an independent model of the rules (unique names, existing acyclic bases, the base available in the
/// build region, invalidity spreading to dependents), every diagnostic is placed, and the order of the files does
/// not matter.
@Suite struct ManifestSetFuzzTests {
    static let examples = RepositoryFiles.manifestSeeds.filter { $0.path.hasPrefix("manifests/") }
        .map { ManifestFile(path: $0.path, contents: $0.bytes) }

    /// Findings of the cross-file rules, by the words of their messages: each must occur in a CI run.
    static let rules = [
        "duplicate image name", "does not exist in the repository", "form a cycle",
        "is not available in the build region", "is invalid",
    ]

    @Test(arguments: [false, true])
    func layeredSetsMatchTheModel(mutated: Bool) async {
        let budget = FuzzBudget.current(default: 120)
        let mutator = ManifestMutator(donors: RepositoryFiles.manifestSeeds.map(\.bytes))
        let failures = Mutex<[String]>([])
        let seen = Mutex<[String: Int]>([:])
        let report = await Watchdog.run(count: budget.indexes.count, name: { budget.name(budget.indexes[$0]) }) {
            let index = budget.indexes[$0]
            var random = budget.generator(index)
            var files = LayeredSet.generate(examples: Self.examples, using: &random)
            var names: [String] = []
            if mutated {
                for _ in 0..<Int.random(in: 1...2, using: &random) {
                    let victim = Int.random(in: 0..<files.count, using: &random)
                    let (bytes, applied) = mutator.mutate(files[victim].contents, using: &random)
                    files[victim].contents = bytes
                    names += applied.map(\.rawValue)
                }
            }
            let set = ManifestLoader.load(files: files)
            var problems = ManifestFuzzTests.problems(loading: files) + Self.disagreements(set, files)
            files.shuffle(using: &random)
            if ManifestLoader.load(files: files) != set { problems.append("another file order, another result") }
            if budget.only != nil { ManifestFuzzTests.show(files) }
            seen.withLock { counts in
                for rule in Self.rules where set.diagnostics.contains(where: { $0.message.contains(rule) }) {
                    counts[rule, default: 0] += 1
                }
                let layered = set.images.contains { $0.spec.source.baseImage != nil }
                if layered { counts["layered", default: 0] += 1 }
            }
            guard let problem = problems.first else { return }
            failures.withLock {
                if $0.count < 20 { $0.append("\(budget.name(index)) \(names.joined(separator: "+")): \(problem)") }
            }
        }
        let counts = seen.withLock { $0 }
        print("manifest sets (mutated: \(mutated)): \(report.summary); findings \(counts.sorted { $0.key < $1.key })")
        #expect(report.hung == nil, "a case ran past its deadline: \(report.hung ?? "")")
        let found = failures.withLock { $0 }
        #expect(found.isEmpty, "\(found.count) failing cases, e.g.:\n\(found.joined(separator: "\n"))")
        if budget.only == nil, budget.iterations >= 100 {
            for rule in Self.rules + ["layered"] { #expect(counts[rule, default: 0] > 0, "never exercised: \(rule)") }
        }
    }

    // MARK: - The model

    /// How the loader's result differs from the model of the repository-wide rules, applied to each file's own
    /// decoding.
    static func disagreements(_ set: ManifestSet, _ files: [ManifestFile]) -> [String] {
        var seenPaths: Set<String> = []
        let outcomes = files.filter { seenPaths.insert($0.path).inserted }.map { ManifestLoader.decode($0) }
        let valid = validNames(outcomes)
        let allNames = Set(outcomes.compactMap { $0.rawName?.name })
        var problems: [String] = []
        let loaded = set.images.map(\.name)
        if Set(loaded) != valid || loaded.count != valid.count {
            problems.append("valid images \(loaded.sorted()), the model says \(valid.sorted()): \(set.diagnostics)")
        }
        if set.invalidNames != allNames.subtracting(valid) {
            problems.append("invalid names \(set.invalidNames.sorted()), the model says \(allNames.subtracting(valid))")
        }
        let validFiles = Set(set.images.map(\.file))
        if !validFiles.isDisjoint(with: set.invalidFiles) || validFiles.union(set.invalidFiles) != seenPaths {
            problems.append("files neither valid nor invalid, or both: \(set.invalidFiles.sorted())")
        }
        for (position, image) in set.images.enumerated() {
            guard let base = image.spec.source.baseImage else { continue }
            guard let basePosition = set.images.firstIndex(where: { $0.name == base }), basePosition < position else {
                problems.append("'\(image.name)' comes before its base '\(base)'")
                continue
            }
        }
        return problems
    }

    /// The names of the images that the rules leave valid.
    static func validNames(_ outcomes: [FileOutcome]) -> Set<String> {
        var uses: [String: Int] = [:]
        for outcome in outcomes { if let name = outcome.rawName?.name { uses[name, default: 0] += 1 } }
        var manifests: [String: ImageManifest] = [:]
        for outcome in outcomes {
            if let manifest = outcome.manifest, uses[manifest.name] == 1 { manifests[manifest.name] = manifest }
        }
        var known: [String: Bool] = [:]
        func isValid(_ name: String, visiting: Set<String>) -> Bool {
            if let answer = known[name] { return answer }
            guard let manifest = manifests[name], !visiting.contains(name) else { return false }
            var answer = true
            if let base = manifest.spec.source.baseImage {
                let region = manifest.spec.build.region
                answer =
                    isValid(base, visiting: visiting.union([name]))
                    && (manifests[base]?.spec.regions.contains(region) ?? false)
            }
            known[name] = answer
            return answer
        }
        return Set(manifests.keys.filter { isValid($0, visiting: []) })
    }
}
