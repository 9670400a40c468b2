import Foundation
import Manifest

/// Access to the fixtures copied into the test bundle.
enum Fixtures {
    static var root: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil) ?? URL(fileURLWithPath: "/nonexistent")
    }

    /// The names of the directories under `Fixtures/<group>`, sorted.
    static func cases(_ group: String) -> [String] {
        let directory = root.appendingPathComponent(group)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The manifest files of one case, with paths relative to the case directory.
    static func files(_ group: String, _ name: String) throws -> [ManifestFile] {
        let directory = root.appendingPathComponent(group).appendingPathComponent(name)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        return try names.filter(ManifestFile.isManifestPath).sorted().map { name in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            return ManifestFile(path: name, contents: Array(data))
        }
    }

    /// The expected diagnostic lines of an invalid case.
    static func expected(_ name: String) throws -> [String] {
        let url = root.appendingPathComponent("invalid").appendingPathComponent(name)
            .appendingPathComponent("expected.txt")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// Loads one valid case.
    static func loadValid(_ name: String) throws -> ManifestSet {
        ManifestLoader.load(files: try files("valid", name))
    }
}

/// A small valid manifest to vary in tests.
enum Sample {
    static func manifest(name: String = "web", source: String = "ami: ami-0abc1234", region: String = "us-east-1")
        -> String
    {
        """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: \(name)
        spec:
          version: 1.0.0
          source:
            \(source)
          build:
            region: \(region)
            instanceType: t3.small
            instanceProfile: kiln-builder
          provision:
            - name: install
              run: |
                set -eu
                apt-get update

        """
    }

    static func load(_ texts: [String: String]) -> ManifestSet {
        ManifestLoader.load(files: texts.map { ManifestFile(path: $0.key, text: $0.value) })
    }
}
