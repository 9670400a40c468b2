// MARK: - Rollout targets in another account

extension ManifestDecoder {
    /// A target's `account`: a 12-digit id that `spec.distribute.copyTo` copies the image into.
    mutating func accountTarget(_ node: Node, _ path: String, _ regions: RegionScope) -> String? {
        guard let account = string(node, path, hint: Self.accountHint) else { return nil }
        guard Rule.accountID.test(account) else {
            error(node, Rule.accountID.message(path, account))
            return nil
        }
        guard regions.copies.contains(where: { $0.account == account }) else {
            error(
                node, "'\(path)': account '\(account)' is not in 'spec.distribute.copyTo': the image has no copy there")
            return nil
        }
        return account
    }

    /// `ssmParameters: [{account: "222222222222", name: /kiln/web/ami}]`: one parameter per account the image is
    /// copied into (the account Kiln runs in has `ssmParameter`).
    mutating func decodeAccountParameters(_ node: Node, _ path: String, _ regions: RegionScope) -> [AccountParameter] {
        guard let elements = list(node, path) else { return [] }
        var parameters: [AccountParameter] = []
        for (elementPath, element) in elements {
            guard let entry = mapping(element, elementPath, keys: ["account", "name"]) else { continue }
            let account = require(entry, "account").flatMap { accountNode -> String? in
                guard let account = accountTarget(accountNode, entry.child("account"), regions) else { return nil }
                if parameters.contains(where: { $0.account == account }) {
                    error(
                        accountNode,
                        "'\(entry.child("account"))': duplicate account \(MessageText.quoted(account)) (one parameter "
                            + "per account)")
                    return nil
                }
                return account
            }
            let name = require(entry, "name").flatMap { string($0, entry.child("name"), rule: .ssmParameter) }
            guard let account, let name else { continue }
            parameters.append(AccountParameter(account: account, name: name))
        }
        return parameters
    }

    /// A target's region in another account: the account's first copy region by default; otherwise one of its
    /// copy regions.
    mutating func accountTargetRegion(_ target: MappingReader, _ account: String, _ regions: RegionScope) -> String {
        let copyRegions = regions.copies.first { $0.account == account }?.regions ?? []
        guard let node = target["region"] else { return copyRegions.first ?? "" }
        let path = target.child("region")
        guard let region = string(node, path, rule: .region) else { return "" }
        if !copyRegions.contains(region) {
            error(
                node,
                "'\(path)': '\(region)' is not a region 'spec.distribute.copyTo' copies the image to in account "
                    + "'\(account)'")
        }
        return region
    }
}
