import Foundation

// MARK: - STS trust policies (moto ignores them)

extension FaultProxy {
    /// Answers `AssumeRole` of `roleArn` with STS's `AccessDenied` unless it carries `externalId`, as a trust policy
    /// with an `sts:ExternalId` condition does (moto grants every AssumeRole whatever the trust policy says).
    @discardableResult
    public func requireExternalId(_ externalId: String, forRole roleArn: String) -> ProxyHookID {
        rewriteResponses(on: .action("AssumeRole", of: "sts")) { call, response in
            guard call.parameters["RoleArn"] == roleArn, call.parameters["ExternalId"] != externalId else {
                return nil
            }
            return .awsError(
                for: call, status: 403, code: "AccessDenied",
                message: "User is not authorized to perform: sts:AssumeRole on resource: \(roleArn)")
        }
    }
}
