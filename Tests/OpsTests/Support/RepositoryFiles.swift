import Foundation

/// Files of this repository, read where the tests run.
enum RepositoryFiles {
    /// The package root (tests run with `#filePath` under it).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A repository file's text.
    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// `deploy/iam/controller-policy.json`, parsed.
    static func controllerPolicy() throws -> [String: Any] {
        let data = Data(try text("deploy/iam/controller-policy.json").utf8)
        return try (JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    /// The statements of the controller policy, by `Sid`.
    static func controllerStatements() throws -> [String: [String: Any]] {
        let statements = try controllerPolicy()["Statement"] as? [[String: Any]] ?? []
        return Dictionary(statements.map { (($0["Sid"] as? String) ?? "", $0) }) { first, _ in first }
    }

    /// A statement's actions, whether written as a string or a list.
    static func actions(of statement: [String: Any]) -> [String] {
        if let one = statement["Action"] as? String { return [one] }
        return statement["Action"] as? [String] ?? []
    }
}
