import Foundation

/// A set of AWS credentials. Its descriptions never show the secret key or the session token.
public struct Credentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// When temporary credentials stop working; `nil` for long-term keys.
    public var expiration: Date?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }
}

extension Credentials: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        var text = "Credentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>"
        if sessionToken != nil { text += ", sessionToken: <redacted>" }
        if let expiration { text += ", expiration: \(expiration)" }
        return text + ")"
    }

    public var debugDescription: String { description }
}

extension Credentials: CustomReflectable {
    /// `dump` and debuggers see the same redacted fields as `description`.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": accessKeyID,
                "secretAccessKey": "<redacted>",
                "sessionToken": sessionToken == nil ? "nil" : "<redacted>",
                "expiration": expiration.map { "\($0)" } ?? "nil",
            ])
    }
}

/// Something that can produce credentials, possibly refreshing them.
public protocol CredentialProvider: Sendable {
    /// Valid credentials for the next request.
    func credentials() async throws -> Credentials
}

/// Always returns the same credentials.
public struct StaticCredentialProvider: CredentialProvider {
    private let value: Credentials

    public init(_ credentials: Credentials) {
        self.value = credentials
    }

    public func credentials() async throws -> Credentials { value }
}
