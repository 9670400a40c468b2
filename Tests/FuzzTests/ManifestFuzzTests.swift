import Foundation
import Manifest
import Synchronization
import Testing

/// The manifest decoder and validator on many mutated manifests: no crash, no hang, and every diagnostic points
/// at a real position of a file that was loaded.
@Suite struct ManifestFuzzTests {
    private static let seeds = RepositoryFiles.manifestSeeds

    @Test func corpusIsPresent() {
        #expect(Self.seeds.count >= 50, "expected the example manifests and the fixtures")
        #expect(Self.seeds.contains { $0.path == "manifests/attendance-api.yaml" })
    }

    @Test func mutatedManifestsNeverCrashAndEveryDiagnosticIsPlaced() async {
        let budget = FuzzBudget.current(default: 250)
        let seeds = Self.seeds
        let mutator = ManifestMutator(donors: seeds.map(\.bytes))
        let failures = Mutex<[String]>([])
        let report = await Watchdog.run(count: budget.indexes.count, name: { budget.name(budget.indexes[$0]) }) {
            let index = budget.indexes[$0]
            var random = budget.generator(index)
            guard let seed = seeds.randomElement(using: &random) else { return }
            let (bytes, mutations) = mutator.mutate(seed.bytes, using: &random)
            var files = [ManifestFile(path: "manifests/fuzzed.yaml", contents: bytes)]
            if Bool.random(using: &random), let other = seeds.randomElement(using: &random) {
                files.append(ManifestFile(path: "manifests/other.yaml", contents: other.bytes))
            }
            let problems = Self.problems(loading: files, checkDeterminism: index % 10 == 0)
            if budget.only != nil { Self.show(files) }
            guard !problems.isEmpty else { return }
            let names = mutations.map(\.rawValue).joined(separator: "+")
            failures.withLock {
                if $0.count < 20 { $0.append("\(budget.name(index)) (\(seed.path), \(names)): \(problems[0])") }
            }
        }
        print("manifest fuzz: \(report.summary)")
        #expect(report.hung == nil, "a case ran past its deadline: \(report.hung ?? "")")
        let found = failures.withLock { $0 }
        #expect(found.isEmpty, "\(found.count) failing cases, e.g.:\n\(found.joined(separator: "\n"))")
    }

    /// Each mutation alone on the examples in `manifests/` and on a rotating sample of fixtures.
    @Test func everyMutationAloneOnExamplesAndFixtures() async {
        let seeds = Self.seeds
        let examples = seeds.indices.filter { seeds[$0].path.hasPrefix("manifests/") }
        let fixtures = seeds.indices.filter { !seeds[$0].path.hasPrefix("manifests/") }
        let mutations = ManifestMutation.allCases
        let perMutation = examples.count + 4
        let mutator = ManifestMutator(donors: seeds.map(\.bytes))
        let failures = Mutex<[String]>([])
        let seedOfCase = (0..<(mutations.count * perMutation)).map { index in
            let (mutation, slot) = index.quotientAndRemainder(dividingBy: perMutation)
            return slot < examples.count ? examples[slot] : fixtures[(mutation * 4 + slot) % max(1, fixtures.count)]
        }
        let report = await Watchdog.run(count: seedOfCase.count, name: { "\(seeds[seedOfCase[$0]].path) #\($0)" }) {
            index in
            let path = seeds[seedOfCase[index]].path
            let mutation = mutations[index / perMutation]
            var random = SeededGenerator(seed: UInt64(index))
            var bytes = seeds[seedOfCase[index]].bytes
            mutator.apply(mutation, to: &bytes, using: &random)
            let problems = Self.problems(loading: [ManifestFile(path: "m.yaml", contents: bytes)])
            if let first = problems.first {
                let name = "single-mutation case \(index) (\(path), \(mutation.rawValue))"
                failures.withLock { $0.append("\(name): \(first)") }
            }
        }
        print("single mutations: \(report.summary)")
        #expect(report.hung == nil, "a case ran past its deadline: \(report.hung ?? "")")
        let found = failures.withLock { $0 }
        #expect(found.isEmpty, "\(found.count) failing cases, e.g.:\n\(found.prefix(20).joined(separator: "\n"))")
    }

    // MARK: - Checks

    /// Prints a replayed case: its files and what the loader said.
    static func show(_ files: [ManifestFile]) {
        for file in files {
            print("--- \(file.path)\n\(String(decoding: file.contents.prefix(4_000), as: UTF8.self))")
        }
        print("--- diagnostics")
        for diagnostic in ManifestLoader.load(files: files).diagnostics { print(diagnostic) }
    }

    /// What is wrong with loading `files`: malformed diagnostics, an invalid file yielding an image, or a
    /// result that differs between two loads.
    static func problems(loading files: [ManifestFile], checkDeterminism: Bool = false) -> [String] {
        let set = ManifestLoader.load(files: files)
        let bounds = Dictionary(files.map { ($0.path, PositionBounds($0.contents)) }, uniquingKeysWith: { a, _ in a })
        var problems = set.diagnostics.compactMap { $0.malformation(in: bounds) }
        // An invalid file has an error of its own, or a note under another file's error (a duplicate name).
        for file in set.invalidFiles where !set.diagnostics.contains(where: { $0.file == file }) {
            problems.append("\(file) is invalid without a diagnostic")
        }
        if set.errorCount > 0, set.invalidFiles.isEmpty {
            problems.append("errors reported but no file is invalid: \(set.diagnostics)")
        }
        if checkDeterminism, ManifestLoader.load(files: files.reversed()) != set {
            problems.append("loading the same files twice gave different results")
        }
        return problems
    }
}
