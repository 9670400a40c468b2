// MARK: - Judging manifests

extension Guardrails {
    /// Every value of `image` outside the guardrails, as errors at the value (or, when its position is not
    /// known, at the nearest enclosing one), each naming the guardrail.
    public func violations(of image: ImageManifest) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let spec = image.spec
        let positions = image.valuePositions
        func refuse(_ path: String, _ fallback: SourceLocation, _ message: String) {
            findings.append(Diagnostic(.error, at: positions[path] ?? fallback, "'\(path)': \(message)"))
        }
        if !allowsRegion(spec.build.region) {
            refuse("spec.build.region", image.location, regionMessage(spec.build.region))
        }
        for (index, region) in spec.distribute.regions.enumerated() where !allowsRegion(region) {
            refuse("spec.distribute.regions[\(index)]", image.location, regionMessage(region))
        }
        for (index, account) in spec.distribute.accounts.enumerated() where !allowsAccount(account) {
            let allowed =
                distributeAccounts.isEmpty
                ? "none are allowed: sharing needs an explicit allow"
                : "allowed: \(distributeAccounts.joined(separator: ", "))"
            refuse(
                "spec.distribute.accounts[\(index)]", image.location,
                "account '\(account)' is not in the guardrail guardrails.distributeAccounts (\(allowed))")
        }
        findings += copyViolations(of: image)
        if !allowsInstanceProfile(spec.build.instanceProfile) {
            refuse(
                "spec.build.instanceProfile", image.location,
                "instance profile '\(spec.build.instanceProfile)' does not match the guardrail "
                    + "guardrails.instanceProfiles (\(Self.list(instanceProfiles)))")
        }
        checkRollout(of: image, refuse: refuse)
        return findings
    }

    private func checkRollout(of image: ImageManifest, refuse: (String, SourceLocation, String) -> Void) {
        let rollout = image.spec.rollout
        let positions = image.valuePositions
        for (index, target) in rollout.launchTemplates.enumerated() {
            let path = "spec.rollout.launchTemplates[\(index)]"
            let location = positions[path] ?? image.location
            if !allowsLaunchTemplate(target.name) {
                refuse(
                    "\(path).name", location,
                    "launch template '\(target.name)' does not match the guardrail guardrails.launchTemplates "
                        + "(\(Self.list(launchTemplates)))")
            }
            if !allowsRegion(target.region) { refuse("\(path).region", location, regionMessage(target.region)) }
            if let group = target.refresh?.autoScalingGroup, !allowsAutoScalingGroup(group) {
                refuse("\(path).refresh.autoScalingGroup", location, groupMessage(group))
            }
        }
        for (index, target) in rollout.launchConfigurations.enumerated() {
            let path = "spec.rollout.launchConfigurations[\(index)]"
            let location = positions[path] ?? image.location
            if !allowsAutoScalingGroup(target.autoScalingGroup) {
                refuse("\(path).autoScalingGroup", location, groupMessage(target.autoScalingGroup))
            }
            if !allowsRegion(target.region) { refuse("\(path).region", location, regionMessage(target.region)) }
        }
        if let parameter = rollout.ssmParameter, !allowsParameter(parameter) {
            refuse(
                "spec.rollout.ssmParameter", image.location,
                "parameter '\(parameter)' is outside the guardrail guardrails.ssmParameterPrefixes "
                    + "(\(ssmParameterPrefixes.isEmpty ? "none" : ssmParameterPrefixes.joined(separator: ", ")))")
        }
        for (index, parameter) in rollout.accountParameters.enumerated() where !allowsParameter(parameter.name) {
            let path = "spec.rollout.ssmParameters[\(index)]"
            refuse(
                "\(path).name", positions[path] ?? image.location,
                "parameter '\(parameter.name)' is outside the guardrail guardrails.ssmParameterPrefixes "
                    + "(\(ssmParameterPrefixes.isEmpty ? "none" : ssmParameterPrefixes.joined(separator: ", ")))")
        }
    }

    private func regionMessage(_ region: String) -> String {
        "region '\(region)' is not in the guardrail guardrails.regions (\(regions.joined(separator: ", ")))"
    }

    private func groupMessage(_ group: String) -> String {
        "Auto Scaling group '\(group)' does not match the guardrail guardrails.autoScalingGroups "
            + "(\(Self.list(autoScalingGroups)))"
    }

    private static func list(_ patterns: [GlobPattern]) -> String {
        patterns.isEmpty ? "none" : patterns.map(\.text).joined(separator: ", ")
    }
}

extension ManifestSet {
    /// The set with every image outside `guardrails` made invalid, like any invalid manifest: its name joins
    /// `invalidNames` (never baked, rolled out or pruned), its file `invalidFiles`, and images layered on it are
    /// invalid too. The other images go on.
    public func checked(against guardrails: Guardrails) -> ManifestSet {
        var result = self
        var refused: [String: ImageManifest] = [:]
        for image in images {
            let findings = guardrails.violations(of: image)
            guard !findings.isEmpty else { continue }
            result.diagnostics += findings
            refused[image.name] = image
        }
        guard !refused.isEmpty else { return self }
        var changed = true
        while changed {
            changed = false
            for image in images where refused[image.name] == nil {
                guard let base = image.spec.source.baseImage, refused[base] != nil else { continue }
                let message = "'spec.source.image': image '\(base)' is invalid"
                result.diagnostics.append(Diagnostic(.error, at: image.spec.sourceLocation, message))
                refused[image.name] = image
                changed = true
            }
        }
        result.images = images.filter { refused[$0.name] == nil }
        result.invalidNames.formUnion(refused.keys)
        result.invalidFiles.formUnion(refused.values.map(\.file))
        result.diagnostics = Diagnostic.sorted(result.diagnostics)
        return result
    }
}
