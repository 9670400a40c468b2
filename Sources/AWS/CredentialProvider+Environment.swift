import Foundation

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optionally `AWS_SESSION_TOKEN`
/// (and `AWS_CREDENTIAL_EXPIRATION`), read from the environment dictionary it is given.
public struct EnvironmentCredentialProvider: CredentialProvider {
    private let environment: [String: String]

    /// Reads from `environment` (pass `ProcessInfo.processInfo.environment` at the edge of the program).
    public init(environment: [String: String]) {
        self.environment = environment
    }

    public func credentials() async throws -> Credentials {
        let source = "environment"
        let keyID = environment.awsValue("AWS_ACCESS_KEY_ID")
        let secret = environment.awsValue("AWS_SECRET_ACCESS_KEY")
        switch (keyID, secret) {
        case (nil, nil):
            throw CredentialError.notConfigured(source, "AWS_ACCESS_KEY_ID is not set")
        case (nil, _):
            throw CredentialError.invalid(source, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (_, nil):
            throw CredentialError.invalid(source, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case let (keyID?, secret?):
            var expiration: Date?
            if let text = environment.awsValue("AWS_CREDENTIAL_EXPIRATION") {
                guard let date = CredentialDate.parse(text) else {
                    throw CredentialError.invalid(source, "AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 date")
                }
                expiration = date
            }
            return Credentials(
                accessKeyID: keyID, secretAccessKey: secret,
                sessionToken: environment.awsValue("AWS_SESSION_TOKEN"), expiration: expiration)
        }
    }
}

extension Dictionary where Key == String, Value == String {
    /// The value of `name`, or `nil` when unset or empty (as the AWS SDKs treat empty variables).
    func awsValue(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// Whether `name` is set to `true` (case-insensitive).
    func awsFlag(_ name: String) -> Bool {
        awsValue(name)?.lowercased() == "true"
    }
}

/// Parses the ISO 8601 timestamps credential sources return (`2024-01-02T03:04:05Z`, fractions, offsets).
enum CredentialDate {
    static func parse(_ text: String) -> Date? {
        try? Date(text.trimmingCharacters(in: .whitespaces), strategy: .iso8601)
    }
}
