import Foundation

// MARK: - Operations

extension SSM {
    /// `GetParameter`. A `SecureString` value is a secret: never log it.
    public func getParameter(name: String, withDecryption: Bool? = nil) async throws -> Parameter {
        let request = GetParameterRequest(name: name, withDecryption: withDecryption)
        return try await call("GetParameter", request, output: GetParameterResponse.self).parameter
    }

    /// `GetParameters`: at most 10 names per call; names with no parameter come back in `invalidParameters`.
    public func getParameters(names: [String], withDecryption: Bool? = nil) async throws -> GetParametersResult {
        let request = GetParametersRequest(names: names, withDecryption: withDecryption)
        return try await call("GetParameters", request, output: GetParametersResult.self)
    }

    /// `PutParameter`: returns the new version.
    @discardableResult
    public func putParameter(_ request: PutParameterRequest) async throws -> Int {
        try await call("PutParameter", request, output: PutParameterResponse.self).version
    }
}

// MARK: - Shapes

extension SSM {
    /// `Parameter`. Its description leaves the value out.
    public struct Parameter: Decodable, Sendable, Hashable, CustomStringConvertible {
        public var name: String
        /// `String`, `StringList`, `SecureString`.
        public var type: String?
        public var value: String
        public var version: Int?
        public var lastModifiedDate: Date?
        public var arn: String?
        /// `text` or `aws:ec2:image`.
        public var dataType: String?

        public var description: String {
            "Parameter(name: \(name), type: \(type ?? "?"), version: \(version.map(String.init) ?? "?"))"
        }

        enum CodingKeys: String, CodingKey {
            case name, type, value, version, lastModifiedDate, arn = "ARN", dataType
        }
    }

    /// `PutParameterRequest`.
    public struct PutParameterRequest: Encodable, Sendable {
        public var name: String
        public var value: String
        /// `String` (the default), `StringList`, `SecureString`.
        public var type: String?
        public var description: String?
        public var overwrite: Bool?
        /// `aws:ec2:image` makes the service check the value is an AMI id.
        public var dataType: String?

        public init(
            name: String, value: String, type: String? = "String", description: String? = nil,
            overwrite: Bool? = nil, dataType: String? = nil
        ) {
            self.name = name
            self.value = value
            self.type = type
            self.description = description
            self.overwrite = overwrite
            self.dataType = dataType
        }

        /// An AMI id parameter (`DataType` `aws:ec2:image`), overwritten if it exists.
        public static func imageID(name: String, imageId: String) -> Self {
            Self(name: name, value: imageId, type: "String", overwrite: true, dataType: "aws:ec2:image")
        }
    }

    struct GetParameterRequest: Encodable, Sendable {
        var name: String
        var withDecryption: Bool?
    }

    struct GetParametersRequest: Encodable, Sendable {
        var names: [String]
        var withDecryption: Bool?
    }

    /// The answer of `GetParameters`.
    public struct GetParametersResult: Decodable, Sendable {
        /// The parameters found.
        public var parameters: [Parameter]
        /// The names asked for that have no parameter.
        public var invalidParameters: [String]

        enum CodingKeys: String, CodingKey {
            case parameters, invalidParameters
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            parameters = try container.decodeIfPresent([Parameter].self, forKey: .parameters) ?? []
            invalidParameters = try container.decodeIfPresent([String].self, forKey: .invalidParameters) ?? []
        }
    }

    struct GetParameterResponse: Decodable, Sendable {
        var parameter: Parameter
    }

    struct PutParameterResponse: Decodable, Sendable {
        var version: Int
    }
}
