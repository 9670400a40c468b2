/// Where a profile's credentials come from, decided from the files alone (nothing is run or fetched).
indirect enum ProfileCredentialPlan: Sendable, Equatable {
    /// `role_arn` with its options, as a profile states them.
    struct RoleSettings: Sendable, Equatable {
        var roleARN: String
        var sessionName: String?
        var externalID: String?
        var durationSeconds: Int?
        var profile: String
    }

    case staticKeys(Credentials)
    case process(command: String)
    case webIdentity(RoleSettings, tokenFile: String)
    /// `credential_source`: `Environment`, `Ec2InstanceMetadata` or `EcsContainer`.
    case credentialSource(String)
    case assumeRole(RoleSettings, source: ProfileCredentialPlan)

    /// Whether carrying out the plan calls STS.
    var needsSTS: Bool {
        switch self {
        case .webIdentity, .assumeRole: true
        case .staticKeys, .process, .credentialSource: false
        }
    }
}

extension ProfileSet {
    static let credentialSources: Set<String> = ["Environment", "Ec2InstanceMetadata", "EcsContainer"]

    /// Resolves a profile the way the AWS SDKs do: `role_arn` (with `source_profile`, `credential_source` or
    /// `web_identity_token_file`) first, then static keys, then `credential_process`. A source profile with
    /// static keys uses them even if it also has a `role_arn`; a profile may name itself as its source only when
    /// it has static keys; any other loop is an error.
    func credentialPlan(for name: String) throws -> ProfileCredentialPlan {
        try plan(name, visited: [])
    }

    private func plan(_ name: String, visited: [String]) throws -> ProfileCredentialPlan {
        let label = "profile \(name)"
        guard let profile = profiles[name] else {
            let detail = "is not defined in the shared config or credentials file"
            if name == "default" { throw CredentialError.notConfigured(label, detail) }
            throw CredentialError.invalid(label, detail)
        }
        guard let roleARN = profile["role_arn"] else {
            if let keys = try Self.staticKeys(profile) { return .staticKeys(keys) }
            if let command = profile["credential_process"] { return .process(command: command) }
            if profile["sso_session"] != nil || profile["sso_start_url"] != nil {
                throw CredentialError.invalid(
                    label, "IAM Identity Center (sso_*) profiles are not supported; use credential_process")
            }
            throw CredentialError.notConfigured(label, "has no credentials")
        }
        let settings = try Self.roleSettings(profile, roleARN: roleARN)
        if let sourceName = profile["source_profile"] {
            guard profile["credential_source"] == nil else {
                throw CredentialError.invalid(label, "sets both source_profile and credential_source")
            }
            let chain = visited + [name]
            if sourceName == name {
                guard let keys = try Self.staticKeys(profile) else { throw CredentialError.cycle(chain + [name]) }
                return .assumeRole(settings, source: .staticKeys(keys))
            }
            guard !chain.contains(sourceName) else { throw CredentialError.cycle(chain + [sourceName]) }
            guard let sourceProfile = profiles[sourceName] else {
                throw CredentialError.invalid(label, "source_profile \(sourceName) is not defined")
            }
            if let keys = try Self.staticKeys(sourceProfile) { return .assumeRole(settings, source: .staticKeys(keys)) }
            do {
                return .assumeRole(settings, source: try plan(sourceName, visited: chain))
            } catch let error as CredentialError where error.isNotConfigured {
                throw CredentialError.invalid(label, "source_profile \(sourceName) has no credentials")
            }
        }
        if let source = profile["credential_source"] {
            guard Self.credentialSources.contains(source) else {
                throw CredentialError.invalid(
                    label, "credential_source must be one of " + Self.credentialSources.sorted().joined(separator: ", ")
                )
            }
            return .assumeRole(settings, source: .credentialSource(source))
        }
        if let tokenFile = profile["web_identity_token_file"] {
            return .webIdentity(settings, tokenFile: tokenFile)
        }
        throw CredentialError.invalid(
            label, "role_arn needs source_profile, credential_source or web_identity_token_file")
    }

    /// `aws_access_key_id` + `aws_secret_access_key` (+ `aws_session_token`); one without the other is an error.
    private static func staticKeys(_ profile: Profile) throws -> Credentials? {
        let keyID = profile["aws_access_key_id"]
        let secret = profile["aws_secret_access_key"]
        switch (keyID, secret) {
        case (nil, nil):
            return nil
        case let (keyID?, secret?):
            return Credentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: profile["aws_session_token"])
        default:
            throw CredentialError.invalid(
                "profile \(profile.name)", "needs both aws_access_key_id and aws_secret_access_key")
        }
    }

    private static func roleSettings(_ profile: Profile, roleARN: String) throws -> ProfileCredentialPlan.RoleSettings {
        var duration: Int?
        if let text = profile["duration_seconds"] {
            guard let seconds = Int(text), seconds > 0 else {
                throw CredentialError.invalid("profile \(profile.name)", "duration_seconds must be a positive integer")
            }
            duration = seconds
        }
        return .init(
            roleARN: roleARN, sessionName: profile["role_session_name"], externalID: profile["external_id"],
            durationSeconds: duration, profile: profile.name)
    }
}
