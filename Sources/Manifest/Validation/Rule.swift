/// A named rule for one kind of string value, with the hint shown when a value breaks it.
struct Rule: Sendable {
    /// What the value is, e.g. "region".
    let what: String
    /// What a valid value looks like, e.g. "a region name such as us-east-1".
    let expected: String
    /// Whether a value is valid.
    let test: @Sendable (String) -> Bool

    /// The message for an invalid `value` at `path`.
    func message(_ path: String, _ value: String) -> String {
        "'\(path)': invalid \(what) \(MessageText.quoted(value)) (expected \(expected))"
    }
}

// MARK: - The rules of the kiln/v1 Image manifest

extension Rule {
    static let imageName = Rule(
        what: "image name", expected: "1-63 characters a-z, 0-9 and '-', not starting or ending with '-'"
    ) { isLabel($0) && $0.utf8.first != UInt8(ascii: "-") && $0.utf8.last != UInt8(ascii: "-") }

    static let stepName = Rule(
        what: "step name", expected: "1-63 characters a-z, 0-9 and '-', starting with a letter or digit"
    ) { isLabel($0) && $0.utf8.first != UInt8(ascii: "-") }

    /// 1–63 bytes of `a-z`, `0-9` and `-`: checked byte by byte, as names are checked for every image and step.
    static func isLabel(_ value: String) -> Bool {
        (1...63).contains(value.utf8.count)
            && value.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }

    static let region = Rule(what: "region", expected: "a region name such as us-east-1") {
        ASCIIPatterns.region($0) ?? ($0.wholeMatch(of: Pattern.region) != nil)
    }

    static let instanceType = Rule(what: "instance type", expected: "an instance type such as t3.small") {
        ASCIIPatterns.instanceType($0) ?? ($0.wholeMatch(of: Pattern.instanceType) != nil)
    }

    static let amiID = Rule(what: "AMI id", expected: "'ami-' and 8 or 17 hex digits") {
        ASCIIPatterns.resourceID($0, prefix: "ami-") ?? ($0.wholeMatch(of: Pattern.amiID) != nil)
    }

    static let subnet = Rule(what: "subnet id", expected: "'subnet-' and 8 or 17 hex digits") {
        ASCIIPatterns.resourceID($0, prefix: "subnet-") ?? ($0.wholeMatch(of: Pattern.subnet) != nil)
    }

    static let securityGroup = Rule(what: "security group id", expected: "'sg-' and 8 or 17 hex digits") {
        ASCIIPatterns.resourceID($0, prefix: "sg-") ?? ($0.wholeMatch(of: Pattern.securityGroup) != nil)
    }

    static let instanceProfile = Rule(
        what: "instance profile", expected: "an instance profile name or its ARN"
    ) {
        ASCIIPatterns.instanceProfile($0)
            ?? ($0.wholeMatch(of: Pattern.instanceProfileName) != nil
                || $0.wholeMatch(of: Pattern.instanceProfileARN) != nil)
    }

    static let kmsKey = Rule(what: "KMS key", expected: "alias/NAME, a key id or a key ARN") { key in
        if let answer = ASCIIPatterns.kmsKey(key) { return answer }
        let (id, alias, arn) = (Pattern.kmsKeyID, Pattern.kmsAlias, Pattern.kmsARN)
        if key.wholeMatch(of: id) != nil || key.wholeMatch(of: alias) != nil { return true }
        guard let match = key.wholeMatch(of: arn) else { return false }
        let resource = String(match.output.2)
        return resource.hasPrefix("alias/")
            ? resource.wholeMatch(of: alias) != nil
            : String(resource.dropFirst(4)).wholeMatch(of: id) != nil
    }

    static let accountID = Rule(what: "account id", expected: "a 12-digit account id") {
        ASCIIPatterns.accountID($0) ?? ($0.wholeMatch(of: Pattern.accountID) != nil)
    }

    static let owner = Rule(
        what: "owner", expected: "a 12-digit account id, amazon, self or aws-marketplace"
    ) {
        ["amazon", "self", "aws-marketplace"].contains($0)
            || (ASCIIPatterns.accountID($0) ?? ($0.wholeMatch(of: Pattern.accountID) != nil))
    }

    static let launchTemplateName = Rule(
        what: "launch template name", expected: "3-128 characters a-z, A-Z, 0-9, '(', ')', '.', '-', '/', '_'"
    ) { ASCIIPatterns.launchTemplateName($0) ?? ($0.wholeMatch(of: Pattern.launchTemplateName) != nil) }

    static let autoScalingGroup = Rule(what: "Auto Scaling group name", expected: "1-255 characters") {
        (1...255).contains($0.count) && !$0.contains(where: \.isNewline)
    }

    static let ssmParameter = Rule(
        what: "SSM parameter name", expected: "'/' and up to 1010 characters a-z, A-Z, 0-9, '_', '.', '-', '/'"
    ) { ASCIIPatterns.ssmParameter($0) ?? ($0.wholeMatch(of: Pattern.ssmParameter) != nil) }
}

// MARK: - Patterns, compiled once

/// The rules' regular expressions: a literal evaluated inside a rule would be parsed again on every call. Internal so
/// that the tests compare the byte-by-byte matchers with these very expressions.
enum Pattern {
    nonisolated(unsafe) static let region = #/(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-[0-9]+/#
    nonisolated(unsafe) static let instanceType = #/[a-z][a-z0-9-]*\.[a-z0-9]+/#
    nonisolated(unsafe) static let amiID = #/ami-([0-9a-f]{8}|[0-9a-f]{17})/#
    nonisolated(unsafe) static let subnet = #/subnet-([0-9a-f]{8}|[0-9a-f]{17})/#
    nonisolated(unsafe) static let securityGroup = #/sg-([0-9a-f]{8}|[0-9a-f]{17})/#
    nonisolated(unsafe) static let instanceProfileName = #/[A-Za-z0-9_+=,.@-]{1,128}/#
    nonisolated(unsafe) static let instanceProfileARN =
        #/arn:aws(-[a-z]+)*:iam::[0-9]{12}:instance-profile\/[A-Za-z0-9_+=,.@\/-]{1,512}/#
    nonisolated(unsafe) static let kmsKeyID =
        #/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}/#
    nonisolated(unsafe) static let kmsAlias = #/alias\/[A-Za-z0-9\/_-]{1,250}/#
    nonisolated(unsafe) static let kmsARN = #/arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:[0-9]{12}:(key\/.+|alias\/.+)/#
    nonisolated(unsafe) static let accountID = #/[0-9]{12}/#
    nonisolated(unsafe) static let launchTemplateName = #/[a-zA-Z0-9().\-\/_]{3,128}/#
    nonisolated(unsafe) static let ssmParameter = #/\/[A-Za-z0-9_.\-\/]{1,1010}/#
}
