import AWS
import Foundation

// MARK: - Tags

extension Array where Element == EC2.Tag {
    /// The tags as a dictionary (EC2 never repeats a key on one resource).
    var dictionary: [String: String] {
        reduce(into: [:]) { $0[$1.key] = $1.value }
    }
}

extension Dictionary where Key == String, Value == String {
    /// The tags as EC2 tags, sorted by key (stable requests).
    var ec2Tags: [EC2.Tag] { [EC2.Tag](self) }
}

// MARK: - Timestamps

/// Parses the ISO 8601 timestamps AWS sends as text (`2024-05-01T12:00:00.000Z`, with or without fractions).
enum Timestamp {
    private static let withFractions = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFractions = Date.ISO8601FormatStyle()

    /// The date of `text`, or nil when it is empty or not ISO 8601.
    static func parse(_ text: String?) -> Date? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let date = try? withFractions.parse(text) { return date }
        return try? withoutFractions.parse(text)
    }

    /// ISO 8601 text with milliseconds, as EC2 writes it.
    static func format(_ date: Date) -> String {
        withFractions.format(date)
    }
}

// MARK: - AWS error codes Kiln reads

/// AWS error codes that mean "already so" or "not there".
enum AWSCodes {
    static let imageNotFound: Set<String> = ["InvalidAMIID.NotFound", "InvalidAMIID.Unavailable"]
    static let imageMalformed = "InvalidAMIID.Malformed"
    static let duplicateImageName = "InvalidAMIName.Duplicate"
    static let instanceNotFound = "InvalidInstanceID.NotFound"
    static let incorrectInstanceState = "IncorrectInstanceState"
    static let snapshotNotFound = "InvalidSnapshot.NotFound"
    static let snapshotInUse = "InvalidSnapshot.InUse"
    static let invocationDoesNotExist = "InvocationDoesNotExist"
    static let alreadyExists = "AlreadyExists"
    static let refreshInProgress = "InstanceRefreshInProgress"
    static let resourceInUse = "ResourceInUse"
    static let validation = "ValidationError"
}

extension Error {
    /// The AWS error code, when this is an `AWSError`.
    var awsCode: String? { (self as? AWSError)?.code }
}
