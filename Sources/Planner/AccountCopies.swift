import Foundation

// MARK: - Copies into other accounts

/// The first copy of each image into another account (`spec.distribute.copyTo`): CopyImage, made with the
/// account's role, from the AMI in the build region into the account's first copy region.
///
/// Pure. Everything after that first copy (copies to the account's other regions, rollout and prune there) is the
/// ordinary plan of that account's projection: the copy is a Kiln AMI owned by that account, by the same evidence.
public enum AccountCopies {
    /// The CopyImage actions (and waits) that bring each desired version into `account`.
    ///
    /// - Parameters:
    ///   - desired: the desired state of the account Kiln runs in.
    ///   - home: what was observed there (the source AMIs, their launch permissions).
    ///   - target: what was observed in `account` (its regions, Kiln's AMIs there).
    public static func plan(
        account: String, desired: DesiredState, home: ActualState, target: ActualState
    ) -> [Action] {
        let source = Inventory(home, owner: desired.owner)
        let there = Inventory(target, owner: desired.owner)
        var actions: [Action] = []
        for image in desired.images.sorted(by: { $0.name < $1.name })
        where !image.retired && !desired.invalidImageNames.contains(image.name) {
            guard let copy = image.distribute.copyTo.first(where: { $0.account == account }),
                let region = copy.primaryRegion
            else { continue }
            let key = BakeKey(image: image.name, version: image.version, recipe: image.recipe)
            func wait(_ reason: String) {
                actions.append(
                    Action(
                        .wait(for: "account \(account): \(reason)", until: nil),
                        reason: "account \(account): \(reason)", image: image.name, version: image.version,
                        region: region))
            }
            guard there.isKnown(region) else {
                wait("region \(region) could not be observed")
                continue
            }
            if there.bakeImages(key)[region] != nil { continue }
            let ami = source.bakeImages(key)[image.build.region]
            guard let ami, ami.state == .available, source.isKnown(image.build.region) else {
                wait("waiting for \(image.name) \(image.version) to be available in \(image.build.region)")
                continue
            }
            guard ami.launchPermissionAccounts.contains(account) else {
                wait("waiting for \(ami.id) to be shared with the account")
                continue
            }
            let token = ClientToken(
                input: "kiln-account-copy|\(desired.owner)|\(account)|\(key.image)|\(key.version)|\(key.recipe)|"
                    + region)
            let kmsKey = copy.kmsKey(in: region)
            let copyImage = CopyImage(of: ami, key: key, image: image, kmsKeyId: kmsKey, clientToken: token)
            actions.append(
                Action(
                    .copyImage(copy: copyImage),
                    reason: "account \(account): \(region) has no copy of \(ami.id)", image: image.name,
                    version: image.version, region: region))
        }
        return actions
    }
}
