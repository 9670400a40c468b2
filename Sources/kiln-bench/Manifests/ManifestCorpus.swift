import Foundation

/// Generates repositories' worth of manifests, varied from the examples in `manifests/`.
///
/// One image in twenty is a base built from a filter (`base-al2023.yaml`); the others are services layered on
/// the nearest base (`attendance-api.yaml`), each with its own name, version, tags, retention and one extra
/// provision step, so that every file (and every git blob) differs.
struct ManifestCorpus: Sendable {
    let baseTemplate: String
    let serviceTemplate: String

    /// Reads the two examples from `directory`.
    init(examples directory: String) throws {
        func read(_ name: String) throws -> String {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw BenchError("cannot read \(path): run kiln-bench from the repository root or pass --examples")
            }
            return text
        }
        baseTemplate = try read("base-al2023.yaml")
        serviceTemplate = try read("attendance-api.yaml")
    }

    /// The name of image `index`.
    static func name(_ index: Int) -> String {
        index % 20 == 0 ? String(format: "base-%05d", index) : String(format: "svc-%05d", index)
    }

    /// `manifests/<name>.yaml` → text, for `count` images.
    func files(count: Int) -> [String: String] {
        var files: [String: String] = [:]
        for index in 0..<count {
            files["manifests/\(Self.name(index)).yaml"] = manifest(index)
        }
        return files
    }

    /// The manifest of image `index`.
    func manifest(_ index: Int, revision: Int = 0) -> String {
        let name = Self.name(index)
        let keep = 2 + index % 4
        let extra = """
                - name: extra-\(index % 5)
                  run: |
                    set -euo pipefail
                    echo "\(name) revision \(revision)" > /etc/kiln-build-note
                    install -d -m 0750 /var/lib/\(name)

            """
        if index % 20 == 0 {
            let version = "2026.\(1 + index % 12).\(revision)"
            return
                baseTemplate
                .replacingOccurrences(of: "name: base-al2023", with: "name: \(name)")
                .replacingOccurrences(of: "version: 2026.11.0", with: "version: \(version)")
                .replacingOccurrences(of: "team: platform", with: "team: platform-\(index % 7)")
                .replacingOccurrences(of: "keep: 3", with: "keep: \(keep)")
                .replacingOccurrences(of: "  test:\n", with: extra + "  test:\n")
        }
        let base = Self.name(index / 20 * 20)
        let version = "\(1 + index % 4).\(index % 10).\(revision)"
        return
            serviceTemplate
            .replacingOccurrences(of: "image: base-al2023", with: "image: \(base)")
            .replacingOccurrences(of: "1.4.2", with: version)
            .replacingOccurrences(of: "attendance-api", with: name)
            .replacingOccurrences(of: "team: attendance", with: "team: team-\(index % 13)")
            .replacingOccurrences(of: "keep: 3", with: "keep: \(keep)")
            .replacingOccurrences(of: "  test:\n", with: extra + "  test:\n")
    }
}

/// A benchmark that cannot run, with the reason.
struct BenchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
