// MARK: - spec.distribute.copyTo

extension ManifestDecoder {
    static let copyToKeys = ["account", "regions", "kmsKey"]

    /// `copyTo: [{account: "222222222222", regions: [eu-west-1, …], kmsKey: alias/kiln}]`: unique accounts, at least
    /// one region each, an optional KMS key for the copies there.
    mutating func decodeCopyTo(_ node: Node, _ path: String) -> [AccountCopy] {
        guard let elements = list(node, path) else { return [] }
        var copies: [AccountCopy] = []
        for (elementPath, element) in elements {
            guard let entry = mapping(element, elementPath, keys: Self.copyToKeys) else { continue }
            let account = require(entry, "account").flatMap { accountNode -> String? in
                let accountPath = entry.child("account")
                guard let value = string(accountNode, accountPath, hint: Self.accountHint) else { return nil }
                guard Rule.accountID.test(value) else {
                    error(accountNode, Rule.accountID.message(accountPath, value))
                    return nil
                }
                if copies.contains(where: { $0.account == value }) {
                    error(accountNode, "'\(accountPath)': duplicate account \(MessageText.quoted(value))")
                    return nil
                }
                return value
            }
            let regions = require(entry, "regions").flatMap { regionsNode -> [String]? in
                guard let values = strings(regionsNode, entry.child("regions"), rule: .region) else { return nil }
                if values.isEmpty, case .sequence = regionsNode {
                    error(regionsNode, "'\(entry.child("regions"))' must name at least one region")
                    return nil
                }
                return values
            }
            guard let account, let regions, !regions.isEmpty else { continue }
            let kmsKeys = entry["kmsKey"].flatMap { decodeCopyKey($0, entry.child("kmsKey"), regions: regions) }
            copies.append(AccountCopy(account: account, regions: regions, kmsKeys: kmsKeys))
        }
        return copies
    }
}
