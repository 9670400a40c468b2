/// Manifests the tests commit.
enum Manifests {
    /// An image built from moto's Amazon Linux 2023, with one provision step, rolled out where asked.
    static func image(
        _ name: String = "web", version: String, keep: Int = 3, minAge: String = "7d", maxAttempts: Int = 3,
        provision: String = "echo provisioning", launchTemplate: String? = nil, refreshGroup: String? = nil,
        legacyGroup: String? = nil, region: String = "us-east-1", extra: String = ""
    ) -> String {
        var rollout = ""
        if launchTemplate != nil || legacyGroup != nil {
            rollout += "  rollout:\n"
            if let launchTemplate {
                let refresh = refreshGroup.map { ", refresh: {autoScalingGroup: \($0)}" } ?? ""
                rollout += "    launchTemplates: [{name: \(launchTemplate), region: \(region)\(refresh)}]\n"
            }
            if let legacyGroup {
                rollout += "    launchConfigurations: [{autoScalingGroup: \(legacyGroup), region: \(region)}]\n"
            }
        }
        return """
            apiVersion: kiln/v1
            kind: Image
            metadata:
              name: \(name)
            spec:
              version: \(version)
              source:
                filter: {name: "al2023-ami-2023.*-kernel-6.1-x86_64", owners: [amazon]}
              build:
                region: \(region)
                instanceType: t3.micro
                instanceProfile: kiln-builder
                maxAttempts: \(maxAttempts)
              provision:
                - name: install
                  run: \(provision)
            \(rollout)  retention: {keep: \(keep), minAge: \(minAge)}
            \(extra)
            """
    }
}
