import Foundation

// MARK: - Disabling, re-enabling and protecting images

extension EC2 {
    /// `DisableImage`: the AMI can no longer launch instances and is listed only with `IncludeDisabled`; it can be
    /// re-enabled.
    public func disableImage(imageId: String) async throws {
        _ = try await call("DisableImage", ImageIDRequest(imageId: imageId), output: EmptyResponse.self)
    }

    /// `EnableImage`: a disabled AMI becomes available again.
    public func enableImage(imageId: String) async throws {
        _ = try await call("EnableImage", ImageIDRequest(imageId: imageId), output: EmptyResponse.self)
    }

    /// `EnableImageDeregistrationProtection` (without the 24-hour cooldown): DeregisterImage fails until it is
    /// disabled.
    public func enableImageDeregistrationProtection(imageId: String) async throws {
        let request = DeregistrationProtectionRequest(imageId: imageId, withCooldown: false)
        _ = try await call("EnableImageDeregistrationProtection", request, output: EmptyResponse.self)
    }

    /// `DisableImageDeregistrationProtection`.
    public func disableImageDeregistrationProtection(imageId: String) async throws {
        let request = DeregistrationProtectionRequest(imageId: imageId, withCooldown: nil)
        _ = try await call("DisableImageDeregistrationProtection", request, output: EmptyResponse.self)
    }
}

// MARK: - Shapes

extension EC2 {
    /// `DisableImageRequest` and `EnableImageRequest`.
    struct ImageIDRequest: Encodable, Sendable {
        var imageId: String
    }

    /// `EnableImageDeregistrationProtectionRequest` and `DisableImageDeregistrationProtectionRequest`.
    struct DeregistrationProtectionRequest: Encodable, Sendable {
        var imageId: String
        var withCooldown: Bool?
    }
}

extension EC2.Image {
    /// Deregistration protection is on (`enabled-…`).
    public var isDeregistrationProtected: Bool { deregistrationProtection?.hasPrefix("enabled") ?? false }
}
