// MARK: - Copies into other accounts

extension Guardrails {
    /// Every `spec.distribute.copyTo` entry outside the guardrails: an account Kiln has no role for
    /// (`accounts:`), an account `guardrails.distributeAccounts` does not allow (a copy needs the share), or a
    /// region outside `guardrails.regions`.
    func copyViolations(of image: ImageManifest) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let positions = image.valuePositions
        for (index, copy) in image.spec.distribute.copyTo.enumerated() {
            let path = "spec.distribute.copyTo[\(index)]"
            let entry = positions[path] ?? image.location
            let accountPath = "\(path).account"
            let at = positions[accountPath] ?? entry
            if !roleAccounts.contains(copy.account) {
                let configured =
                    roleAccounts.isEmpty ? "none are configured" : "configured: \(roleAccounts.joined(separator: ", "))"
                findings.append(
                    Diagnostic(
                        .error, at: at,
                        "'\(accountPath)': account '\(copy.account)' is not in the configuration's accounts: "
                            + "(\(configured)); Kiln has no role to act there"))
            }
            if !allowsAccount(copy.account) {
                let allowed =
                    distributeAccounts.isEmpty
                    ? "none are allowed: sharing needs an explicit allow"
                    : "allowed: \(distributeAccounts.joined(separator: ", "))"
                findings.append(
                    Diagnostic(
                        .error, at: at,
                        "'\(accountPath)': account '\(copy.account)' is not in the guardrail "
                            + "guardrails.distributeAccounts (\(allowed))"))
            }
            for (regionIndex, region) in copy.regions.enumerated() where !allowsRegion(region) {
                let regionPath = "\(path).regions[\(regionIndex)]"
                findings.append(
                    Diagnostic(
                        .error, at: positions[regionPath] ?? entry,
                        "'\(regionPath)': region '\(region)' is not in the guardrail guardrails.regions "
                            + "(\(regions.joined(separator: ", ")))"))
            }
        }
        return findings
    }
}
