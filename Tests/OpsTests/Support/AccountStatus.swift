import Controller
import Foundation
import KilnTestSupport

/// Status files written back into the test repository the way the daemon does (rendered over the previous
/// documents, read back by the next cycle through git), without a remote.
final class AccountStatus: @unchecked Sendable {
    let repository: GitFixture.Repository
    private(set) var documents: [String: StatusDocument] = [:]

    init(repository: GitFixture.Repository) {
        self.repository = repository
    }

    /// Renders `report` over the last documents and commits them under `status/`.
    @discardableResult
    func publish(_ report: CycleReport) throws -> [String: StatusDocument] {
        let renderer = StatusRenderer(observedCommit: report.commit, now: report.finishedAt, previous: documents)
        documents = renderer.documents(for: report)
        var files: [String: String] = [:]
        for (name, document) in documents {
            files["status/\(name).yaml"] = String(decoding: try document.yaml(), as: UTF8.self)
        }
        try repository.commit(files, message: "status")
        return documents
    }
}

extension AccountManifests {
    /// An image copied into the target account's us-east-1 (no rollout there), with an optional `kmsKey`.
    static func copied(_ name: String, version: String = "1.0.0", kmsKey: String? = nil) -> String {
        let key = kmsKey.map { ", kmsKey: \($0)" } ?? ""
        return """
            apiVersion: kiln/v1
            kind: Image
            metadata:
              name: \(name)
            spec:
              version: \(version)
              source:
                filter: {name: "al2023-ami-2023.*-kernel-6.1-x86_64", owners: [amazon]}
              build: {region: us-east-1, instanceType: t3.micro, instanceProfile: kiln-builder}
              provision:
                - {name: install, run: echo installing}
              distribute:
                copyTo: [{account: "\(AccountsWorld.target)", regions: [us-east-1]\(key)}]
              retention: {keep: 1, minAge: 1s}

            """
    }
}

extension AccountsWorld {
    /// The builder's instance profile in the home account, once.
    func ensureInstanceProfile() async throws {
        try await inHome(
            """
            iam = client('iam')
            if not iam.list_instance_profiles()['InstanceProfiles']:
                iam.create_instance_profile(InstanceProfileName='kiln-builder')
            """)
    }
}
