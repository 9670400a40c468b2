import Foundation
import Testing

@testable import Controller

/// Source AMIs for `source.filter: {name: "kiln-e2e-base-*", owners: [self]}`, made in moto from an instance of its
/// Amazon Linux image (so their architecture is x86_64), each at least a second newer than the last.
extension MotoWorld {
    /// Creates the source AMI `kiln-e2e-base-<suffix>`; returns its id.
    func makeSource(_ suffix: String) async throws -> String {
        let result = try await boto(
            """
            import time
            images = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name",
                "Values": ["al2023-ami-2023.*-kernel-6.1-x86_64"]}])["Images"]
            base = max(images, key=lambda i: i["CreationDate"])["ImageId"]
            instance = ec2.run_instances(ImageId=base, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
            time.sleep(1.1)
            out = ec2.create_image(InstanceId=instance, Name="kiln-e2e-base-\(suffix)")["ImageId"]
            ec2.terminate_instances(InstanceIds=[instance])
            """)
        return try #require(result as? String)
    }

    /// Deregisters a source AMI.
    func removeSource(_ id: String) async throws {
        _ = try await boto("ec2.deregister_image(ImageId=\"\(id)\")")
    }
}

/// The remote's update branches and their commits, through the git CLI.
extension Remote {
    /// The names of origin's `kiln/update/*` branches.
    func updateBranches() throws -> [String] {
        try origin.git("for-each-ref", "--format=%(refname:short)", "refs/heads/kiln/update/")
            .split(separator: "\n").map(String.init)
    }

    /// A pretty-format field of a revision of origin.
    func show(_ format: String, _ revision: String) throws -> String {
        try origin.git("log", "-1", "--format=\(format)", revision)
    }
}
