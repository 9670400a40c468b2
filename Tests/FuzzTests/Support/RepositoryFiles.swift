import Foundation

/// Files of the package's own source tree (example manifests, test fixtures), read from disk.
enum RepositoryFiles {
    /// The package root: three levels above this file (`Tests/FuzzTests/Support`).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every `*.yaml`/`*.yml` file below `relative`, sorted by path, as (path relative to the root, bytes).
    static func yamlFiles(under relative: String) -> [(path: String, bytes: [UInt8])] {
        let base = root.appendingPathComponent(relative)
        guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return [] }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix(".yaml") || path.hasSuffix(".yml") { paths.append(path) }
        }
        return paths.sorted().compactMap { path in
            guard let data = FileManager.default.contents(atPath: base.appendingPathComponent(path).path) else {
                return nil
            }
            return ("\(relative)/\(path)", Array(data))
        }
    }

    /// The seeds of manifest fuzzing: the examples in `manifests/` and every manifest fixture.
    static let manifestSeeds: [(path: String, bytes: [UInt8])] =
        yamlFiles(under: "manifests") + yamlFiles(under: "Tests/ManifestTests/Fixtures")
}
