import AWS
import Foundation
import Planner

// MARK: - Staged retirement: disable, re-enable, deregistration protection (fail closed)

extension Executor {
    /// DisableImage after the same re-checks as a deregistration (ours by evidence, not protected, not shared by
    /// hand, no instance, launch configuration or launch template uses it), then records the time in
    /// `kiln:disabled-at`. An image already disabled only gets the missing time.
    func disableImage(_ imageId: String, region: String) async throws -> Effect {
        guard let image = try await currentImage(imageId, region: region) else {
            return Effect(.alreadyDone, imageId: imageId, detail: "the image is gone")
        }
        let recorded = image.tags[tag: KilnTag.disabledAt] != nil
        if image.state == "disabled" {
            if let refusal = try await imageRefusal(image, region: region) {
                return Effect(.refused(refusal), imageId: imageId)
            }
            guard !recorded else { return Effect(.alreadyDone, imageId: imageId) }
        } else {
            if let refusal = try await retirementRefusal(image, region: region) {
                return Effect(.refused(refusal), imageId: imageId)
            }
            try await ec2(region).disableImage(imageId: imageId)
        }
        if !recorded {
            let now = Date().formatted(Date.ISO8601FormatStyle())
            try await ec2(region).createTags(
                resources: [imageId], tags: [KilnTag.disabledAt: now].ec2Tags)
        }
        return Effect(.done, imageId: imageId)
    }

    /// EnableImage of a disabled image of ours, then removes its `kiln:disabled-at`.
    func enableImage(_ imageId: String, region: String) async throws -> Effect {
        let (found, outcome) = try await ourImageForChange(imageId, region: region)
        guard let image = found else { return outcome ?? Effect(.alreadyDone, imageId: imageId) }
        let recorded = image.tags[tag: KilnTag.disabledAt] != nil
        guard image.state == "disabled" || recorded else {
            return Effect(.alreadyDone, imageId: imageId, detail: "the image is \(image.state ?? "unknown")")
        }
        if image.state == "disabled" { try await ec2(region).enableImage(imageId: imageId) }
        if recorded { try await ec2(region).deleteTags(resources: [imageId], keys: [KilnTag.disabledAt]) }
        return Effect(.done, imageId: imageId)
    }

    /// Enable or DisableImageDeregistrationProtection on an image of ours, when it is not already so.
    func setDeregistrationProtection(_ imageId: String, enabled: Bool, region: String) async throws -> Effect {
        let (found, outcome) = try await ourImageForChange(imageId, region: region)
        guard let image = found else { return outcome ?? Effect(.alreadyDone, imageId: imageId) }
        guard image.isDeregistrationProtected != enabled else { return Effect(.alreadyDone, imageId: imageId) }
        if enabled {
            try await ec2(region).enableImageDeregistrationProtection(imageId: imageId)
        } else {
            try await ec2(region).disableImageDeregistrationProtection(imageId: imageId)
        }
        return Effect(.done, imageId: imageId)
    }
}
