import Foundation

/// The JSON credential documents that `credential_process`, the container endpoint and the instance metadata
/// service return. Decoding errors say which field is wrong, never what the document held.
enum CredentialDocument {
    /// The field names of one kind of document.
    struct Fields {
        var sessionToken: String

        /// `credential_process` output (`SessionToken`).
        static let process = Fields(sessionToken: "SessionToken")
        /// Container and instance-metadata documents (`Token`).
        static let metadata = Fields(sessionToken: "Token")
    }

    static func decode(_ data: some Collection<UInt8>, fields: Fields, source: String) throws -> Credentials {
        guard let object = try? JSONSerialization.jsonObject(with: Data(data)),
            let document = object as? [String: Any]
        else {
            throw CredentialError.invalid(source, "returned a document that is not a JSON object")
        }
        func string(_ key: String, required: Bool) throws -> String? {
            switch document[key] {
            case let value as String where !value.isEmpty: return value
            case nil where !required: return nil
            default: throw CredentialError.invalid(source, "returned a document without a valid \(key)")
            }
        }
        guard let keyID = try string("AccessKeyId", required: true),
            let secret = try string("SecretAccessKey", required: true)
        else { throw CredentialError.invalid(source, "returned incomplete credentials") }
        var expiration: Date?
        if let text = try string("Expiration", required: false) {
            guard let date = CredentialDate.parse(text) else {
                throw CredentialError.invalid(source, "returned an Expiration that is not an ISO 8601 date")
            }
            expiration = date
        }
        return Credentials(
            accessKeyID: keyID, secretAccessKey: secret,
            sessionToken: try string(fields.sessionToken, required: false), expiration: expiration)
    }

    /// The integer `Version` of a `credential_process` document, if any.
    static func version(_ data: some Collection<UInt8>) -> Int? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(data)) as? [String: Any] else { return nil }
        return object["Version"] as? Int
    }
}
