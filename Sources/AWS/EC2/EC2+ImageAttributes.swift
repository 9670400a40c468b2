import Foundation

// MARK: - Image attributes

extension EC2 {
    /// `DescribeImageAttribute` `launchPermission`: every account and group that may launch the image.
    public func describeLaunchPermissions(imageId: String) async throws -> [LaunchPermission] {
        let request = DescribeImageAttributeRequest(imageId: imageId, attribute: "launchPermission")
        return try await call("DescribeImageAttribute", request, output: ImageAttributeResponse.self).launchPermissions
    }

    struct DescribeImageAttributeRequest: Encodable, Sendable {
        var imageId: String
        var attribute: String
    }

    struct ImageAttributeResponse: Decodable, Sendable {
        @XMLList var launchPermissions: [LaunchPermission]

        enum CodingKeys: String, CodingKey {
            case launchPermissions = "launchPermission"
        }
    }
}
