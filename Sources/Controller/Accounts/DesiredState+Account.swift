import Foundation
import Manifest
import Planner

// MARK: - The desired state as another account sees it

extension DesiredState {
    /// The accounts valid manifests copy into (`spec.distribute.copyTo`), sorted: the only ones Kiln calls.
    public var copyAccounts: [String] {
        Set(images.filter { !invalidImageNames.contains($0.name) }.flatMap { $0.distribute.copyTo.map(\.account) })
            .sorted()
    }

    /// The images copied into `account`, as that account's own images: its first copy region plays the build
    /// region, its other copy regions the distribute regions, its rollout targets are the launch templates, launch
    /// configurations and SSM parameter (`ssmParameters`) that name the account in the image's manifest (in
    /// `manifests`). Nothing is baked there: the source is an empty `ami` map, so a bake can never launch
    /// (it waits); the first copy comes from `AccountCopies`. Invalid manifests stay invalid (nothing of theirs is
    /// touched), and a manifest set that did not load completely deletes nothing there either.
    ///
    /// - Parameter present: the images whose copy exists in the account's first copy region; the others are left
    ///   out of the plan until it does (nil: every image copied into the account).
    public func projected(into account: String, manifests: ManifestSet?, present: Set<String>? = nil) -> DesiredState {
        var projected: [DesiredImage] = []
        for image in images {
            guard let copy = image.distribute.copyTo.first(where: { $0.account == account }),
                let primary = copy.primaryRegion, present?.contains(image.name) ?? true
            else { continue }
            var there = image
            there.source = .ami([:])
            there.build.region = primary
            there.distribute = Distribution(
                regions: Array(copy.regions.dropFirst()), regionKmsKeys: copy.kmsKeys ?? [:])
            let rollout = manifests?.image(named: image.name)?.spec.rollout
            there.rollout = RolloutTargets(
                launchTemplates: (rollout?.launchTemplates ?? []).filter { $0.account == account },
                launchConfigurations: (rollout?.launchConfigurations ?? []).filter { $0.account == account },
                ssmParameter: rollout?.accountParameters.first { $0.account == account }?.name)
            projected.append(there)
        }
        return DesiredState(
            images: projected, loadedCompletely: loadedCompletely, invalidImageNames: invalidImageNames, commit: commit,
            owner: owner)
    }
}
