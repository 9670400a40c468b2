import AWS
import Foundation
import Planner

// MARK: - Ownership re-checked at call time (the same evidence as the planner's)

/// The account the executor's credentials belong to, asked of STS once.
actor CallerAccount {
    private var account: String?

    init(_ account: String? = nil) { self.account = account }

    func get(_ fetch: @Sendable () async throws -> String) async throws -> String {
        if let account { return account }
        let fetched = try await fetch()
        account = fetched
        return fetched
    }
}

extension Executor {
    /// The account Kiln runs in (STS GetCallerIdentity, once per executor).
    func accountId(region: String) async throws -> String {
        let client = self.client
        return try await callerAccount.get { try await STS(client: client, region: region).getCallerIdentity().account }
    }

    /// The image re-read now, or nil when it is gone (or deregistered).
    func currentImage(_ imageId: String, region: String) async throws -> EC2.Image? {
        do {
            let found = try await ec2(region).describeImages(.init(imageIds: [imageId], includeDisabled: true)).first {
                $0.imageId == imageId
            }
            guard let found, found.state != "deregistered" else { return nil }
            return found
        } catch let error as AWSError where AWSCodes.imageNotFound.contains(error.code) {
            return nil
        }
    }

    /// Why `image` is not ours by evidence (tags naming this owner, the immutable name they imply, the account),
    /// or nil when it is.
    func imageRefusal(_ image: EC2.Image, region: String) async throws -> String? {
        let tags = image.tags.dictionary
        if let refusal = refusal(ownerTag: tags[KilnTag.owner], what: "image \(image.imageId)") { return refusal }
        let account = try await accountId(region: region)
        guard
            Ownership.isOurImage(
                name: image.name ?? "", ownerId: image.ownerId, tags: tags, owner: owner, account: account)
        else {
            return "image \(image.imageId) (\(image.name ?? "no name"), account \(image.ownerId ?? "unknown")) "
                + "carries Kiln's tags but its name or account does not prove Kiln made it"
        }
        return nil
    }

    /// Re-reads an image and checks it is ours by evidence before a change to it (tag, share, deprecate):
    /// nil and the image when it may be changed, else the outcome to return.
    func ourImageForChange(_ imageId: String, region: String) async throws -> (EC2.Image?, Effect?) {
        guard let image = try await currentImage(imageId, region: region) else {
            return (nil, Effect(.alreadyDone, imageId: imageId, detail: "the image is gone"))
        }
        if let refusal = try await imageRefusal(image, region: region) {
            return (nil, Effect(.refused(refusal), imageId: imageId))
        }
        return (image, nil)
    }

    /// Why the instance is not a builder of ours by evidence (tags and Kiln's client token), or nil.
    func builderRefusal(_ instance: EC2.Instance) -> String? {
        let tags = instance.tags.dictionary
        if let refusal = refusal(ownerTag: tags[KilnTag.owner], what: "instance \(instance.instanceId)") {
            return refusal
        }
        guard tags[KilnTag.role] == "builder" else {
            return "instance \(instance.instanceId) is not tagged \(KilnTag.role)=builder"
        }
        guard Ownership.isOurBuilder(tags: tags, clientToken: instance.clientToken, owner: owner) else {
            return "instance \(instance.instanceId) is tagged as a builder but was not launched with Kiln's "
                + "client token"
        }
        return nil
    }

    /// Why the snapshot is not ours by evidence (it is, or was, the snapshot of an AMI of ours), or nil.
    func snapshotRefusal(_ snapshot: EC2.Snapshot, images: [EC2.Image], region: String) async throws -> String? {
        let tags = snapshot.tags.dictionary
        if let refusal = refusal(ownerTag: tags[KilnTag.owner], what: "snapshot \(snapshot.snapshotId)") {
            return refusal
        }
        let account = try await accountId(region: region)
        func ours(_ image: EC2.Image) -> Bool {
            Ownership.isOurImage(
                name: image.name ?? "", ownerId: image.ownerId, tags: image.tags.dictionary, owner: owner,
                account: account)
        }
        let live = images.filter { $0.state != "deregistered" }
        let listed = live.contains { ours($0) && $0.snapshotIds.contains(snapshot.snapshotId) }
        let byId = Dictionary(live.map { ($0.imageId, $0) }) { first, _ in first }
        let evidence = Ownership.isOurSnapshot(
            id: snapshot.snapshotId, description: snapshot.description, tags: tags, owner: owner,
            listedByOurImage: listed,
            image: { id in
                byId[id].map {
                    ObservedImage(
                        id: $0.imageId, region: region, name: $0.name ?? "", state: .available,
                        creationDate: Date(), tags: $0.tags.dictionary, ownerId: $0.ownerId)
                }
            },
            isOurs: { Ownership.isOurs($0, owner: owner, account: account) })
        guard evidence else {
            return "snapshot \(snapshot.snapshotId) carries Kiln's tags but is not the snapshot of an AMI Kiln made"
        }
        return nil
    }
}
