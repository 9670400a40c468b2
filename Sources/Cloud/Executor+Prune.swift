import AWS
import Foundation
import Planner

// MARK: - Prune: deprecate, deregister, delete snapshots and template versions (fail closed)

extension Executor {
    /// EnableImageDeprecation at `at`; nil cancels a deprecation (DisableImageDeprecation): the version is desired
    /// again.
    func deprecateImage(_ imageId: String, at: Date?, region: String) async throws -> Effect {
        let (found, outcome) = try await ourImageForChange(imageId, region: region)
        guard found != nil else { return outcome ?? Effect(.alreadyDone, imageId: imageId) }
        if let at {
            try await ec2(region).enableImageDeprecation(imageId: imageId, deprecateAt: at)
        } else {
            try await ec2(region).disableImageDeprecation(imageId: imageId)
        }
        return Effect(.done, imageId: imageId)
    }

    /// DeregisterImage after re-reading the image (ours by evidence, not deregistered) and checking, with fresh
    /// listings, that no instance but a terminated one, no launch configuration, no default or latest
    /// launch-template version, no version a group pins (its own, its mixed-instances policy's and the
    /// overrides') uses it, and that it has no launch permission Kiln did not grant.
    func deregisterImage(_ imageId: String, region: String) async throws -> Effect {
        let ec2 = ec2(region)
        let found: EC2.Image?
        do {
            found = try await ec2.describeImages(.init(imageIds: [imageId], includeDisabled: true)).first {
                $0.imageId == imageId
            }
        } catch let error as AWSError where AWSCodes.imageNotFound.contains(error.code) {
            return Effect(.alreadyDone, imageId: imageId, detail: "the image is gone")
        }
        guard let image = found, image.state != "deregistered" else {
            return Effect(.alreadyDone, imageId: imageId, detail: "the image is gone")
        }
        if let refusal = try await retirementRefusal(image, region: region) {
            return Effect(.refused(refusal), imageId: imageId)
        }
        do {
            try await ec2.deregisterImage(.init(imageId: imageId))
        } catch let error as AWSError where AWSCodes.imageNotFound.contains(error.code) {
            return Effect(.alreadyDone, imageId: imageId, detail: "the image is gone")
        }
        return Effect(.done, imageId: imageId)
    }

    /// DeleteSnapshot after re-reading the snapshot (ours) and checking, with a fresh listing of the
    /// account's images, that no image uses it.
    func deleteSnapshot(_ snapshotId: String, region: String) async throws -> Effect {
        let ec2 = ec2(region)
        let found: EC2.Snapshot?
        do {
            found = try await ec2.describeSnapshots(.init(snapshotIds: [snapshotId])).first {
                $0.snapshotId == snapshotId
            }
        } catch let error as AWSError where error.code == AWSCodes.snapshotNotFound {
            return Effect(.alreadyDone, detail: "snapshot \(snapshotId) is gone")
        }
        guard let snapshot = found else { return Effect(.alreadyDone, detail: "snapshot \(snapshotId) is gone") }
        let images = try await ec2.describeImages(.init(owners: ["self"], includeDisabled: true))
        if let refusal = try await snapshotRefusal(snapshot, images: images, region: region) {
            return Effect(.refused(refusal))
        }
        if let user = images.first(where: { $0.state != "deregistered" && $0.snapshotIds.contains(snapshotId) }) {
            return Effect(.refused("image \(user.imageId) uses snapshot \(snapshotId)"))
        }
        do {
            try await ec2.deleteSnapshot(snapshotId: snapshotId)
        } catch let error as AWSError where error.code == AWSCodes.snapshotNotFound {
            return Effect(.alreadyDone, detail: "snapshot \(snapshotId) is gone")
        } catch let error as AWSError where error.code == AWSCodes.snapshotInUse {
            return Effect(.refused("AWS reports snapshot \(snapshotId) in use: \(error.message)"))
        }
        return Effect(.done)
    }

    // MARK: - Launch template versions

    /// DeleteLaunchTemplateVersions of the versions that, read afresh, Kiln created (`kiln:` description),
    /// that are neither default, latest nor pinned by a group, and whose image is not another owner's;
    /// any other version is refused.
    func deleteLaunchTemplateVersions(
        templateId: String, versions: [Int], region: String
    ) async throws -> Effect {
        let ec2 = ec2(region)
        guard let template = try await ec2.describeLaunchTemplates(.init(launchTemplateIds: [templateId])).first else {
            return Effect(.alreadyDone, detail: "launch template \(templateId) is gone")
        }
        let guards = try await VersionGuards.read(template: template, ec2: ec2, autoScaling: autoScaling(region))
        var deletable: [Int] = []
        var refusals: [String] = []
        for number in Set(versions).sorted() {
            guard let version = guards.versions.first(where: { $0.versionNumber == number }) else { continue }
            if let refusal = guards.refusal(version, owner: owner) {
                refusals.append(refusal)
            } else {
                deletable.append(number)
            }
        }
        if !deletable.isEmpty {
            let result = try await ec2.deleteLaunchTemplateVersions(
                .id(templateId), versions: deletable.map { .number($0) })
            try Self.checkDeleted(result, asked: deletable, templateId: templateId, region: region)
        }
        if !refusals.isEmpty {
            let deleted = deletable.isEmpty ? "" : " (deleted \(deletable.map(String.init).joined(separator: ", ")))"
            return Effect(.refused(refusals.joined(separator: "; ") + deleted))
        }
        return Effect(deletable.isEmpty ? .alreadyDone : .done)
    }
}

/// What keeps a launch template version, read afresh before deleting it.
struct VersionGuards: Sendable {
    var versions: [EC2.LaunchTemplateVersion]
    var defaultVersion: Int?
    var latestVersion: Int?
    /// Version strings groups name for this template (`$Default`, `$Latest` resolve to default and latest).
    var pinned: Set<String>
    /// `kiln:owner` of every image of the account, by image id (nil value: no owner tag).
    var imageOwners: [String: String?]

    static func read(
        template: EC2.LaunchTemplate, ec2: EC2, autoScaling: AutoScaling
    ) async throws -> VersionGuards {
        let versions = try await ec2.describeLaunchTemplateVersions(.init(template: .id(template.launchTemplateId)))
        let groups = try await autoScaling.describeAutoScalingGroups(.init())
        let images = try await ec2.describeImages(.init(owners: ["self"], includeDisabled: true))
        let pinned = Set(
            groups.flatMap(\.launchTemplates)
                .filter {
                    $0.launchTemplateId == template.launchTemplateId
                        || ($0.launchTemplateName != nil && $0.launchTemplateName == template.launchTemplateName)
                }
                .compactMap(\.version))
        return VersionGuards(
            versions: versions,
            defaultVersion: template.defaultVersionNumber
                ?? versions.first { $0.defaultVersion == true }?.versionNumber,
            latestVersion: template.latestVersionNumber ?? versions.map(\.versionNumber).max(),
            pinned: pinned,
            imageOwners: Dictionary(images.map { ($0.imageId, $0.tags[tag: KilnTag.owner]) }) { first, _ in first })
    }

    /// Why `version` must stay, or nil when Kiln may delete it.
    func refusal(_ version: EC2.LaunchTemplateVersion, owner: String) -> String? {
        let number = version.versionNumber
        guard version.versionDescription?.hasPrefix("kiln:") ?? false else {
            return "version \(number) was not created by Kiln"
        }
        if number == defaultVersion || version.defaultVersion == true { return "version \(number) is the default" }
        if number == latestVersion { return "version \(number) is the latest" }
        if pinned.contains(String(number)) { return "version \(number) is pinned by an Auto Scaling group" }
        if let image = version.launchTemplateData?.imageId, let imageOwner = imageOwners[image], imageOwner != owner {
            return "version \(number) uses image \(image), which is not owned by this controller"
        }
        return nil
    }
}

// MARK: - Partial answers fail closed

extension Executor {
    /// A `DeleteLaunchTemplateVersions` answer is a success only when every version asked for is listed as
    /// deleted (or as already gone); any other failure, or a version the answer does not mention, is an error
    /// with the reason AWS gave.
    static func checkDeleted(
        _ result: EC2.DeleteLaunchTemplateVersionsResponse, asked: [Int], templateId: String, region: String
    ) throws {
        let operation = "deleteLaunchTemplateVersions \(templateId)"
        let failed = result.unsuccessfullyDeleted.filter {
            $0.responseError?.code != "launchTemplateVersionDoesNotExist"
        }
        if let first = failed.first {
            throw CloudError.unexpected(
                "version \(first.versionNumber.map(String.init) ?? "?") was not deleted: "
                    + "\(first.responseError?.code ?? "unknown") \(first.responseError?.message ?? "")",
                operation: operation, region: region)
        }
        let answered = Set((result.successfullyDeleted + result.unsuccessfullyDeleted).compactMap(\.versionNumber))
        let missing = Set(asked).subtracting(answered).sorted()
        if !missing.isEmpty {
            throw CloudError.unexpected(
                "AWS did not confirm the deletion of version(s) \(missing.map(String.init).joined(separator: ", "))",
                operation: operation, region: region)
        }
    }
}
