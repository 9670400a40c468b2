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
    ) { $0.wholeMatch(of: #/[a-z0-9-]{1,63}/#) != nil && !$0.hasPrefix("-") && !$0.hasSuffix("-") }

    static let stepName = Rule(
        what: "step name", expected: "1-63 characters a-z, 0-9 and '-', starting with a letter or digit"
    ) { $0.wholeMatch(of: #/[a-z0-9][a-z0-9-]{0,62}/#) != nil }

    static let region = Rule(what: "region", expected: "a region name such as us-east-1") {
        $0.wholeMatch(of: #/(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-[0-9]+/#) != nil
    }

    static let instanceType = Rule(what: "instance type", expected: "an instance type such as t3.small") {
        $0.wholeMatch(of: #/[a-z][a-z0-9-]*\.[a-z0-9]+/#) != nil
    }

    static let amiID = Rule(what: "AMI id", expected: "'ami-' and 8 or 17 hex digits") {
        $0.wholeMatch(of: #/ami-([0-9a-f]{8}|[0-9a-f]{17})/#) != nil
    }

    static let subnet = Rule(what: "subnet id", expected: "'subnet-' and 8 or 17 hex digits") {
        $0.wholeMatch(of: #/subnet-([0-9a-f]{8}|[0-9a-f]{17})/#) != nil
    }

    static let securityGroup = Rule(what: "security group id", expected: "'sg-' and 8 or 17 hex digits") {
        $0.wholeMatch(of: #/sg-([0-9a-f]{8}|[0-9a-f]{17})/#) != nil
    }

    static let instanceProfile = Rule(
        what: "instance profile", expected: "an instance profile name or its ARN"
    ) {
        $0.wholeMatch(of: #/[A-Za-z0-9_+=,.@-]{1,128}/#) != nil
            || $0.wholeMatch(of: #/arn:aws(-[a-z]+)*:iam::[0-9]{12}:instance-profile\/[A-Za-z0-9_+=,.@\/-]{1,512}/#)
                != nil
    }

    static let kmsKey = Rule(what: "KMS key", expected: "alias/NAME, a key id or a key ARN") { key in
        let id = #/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}/#
        let alias = #/alias\/[A-Za-z0-9\/_-]{1,250}/#
        let arn = #/arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:[0-9]{12}:(key\/.+|alias\/.+)/#
        if key.wholeMatch(of: id) != nil || key.wholeMatch(of: alias) != nil { return true }
        guard let match = key.wholeMatch(of: arn) else { return false }
        let resource = String(match.output.2)
        return resource.hasPrefix("alias/")
            ? resource.wholeMatch(of: alias) != nil
            : String(resource.dropFirst(4)).wholeMatch(of: id) != nil
    }

    static let accountID = Rule(what: "account id", expected: "a 12-digit account id") {
        $0.wholeMatch(of: #/[0-9]{12}/#) != nil
    }

    static let owner = Rule(
        what: "owner", expected: "a 12-digit account id, amazon, self or aws-marketplace"
    ) { ["amazon", "self", "aws-marketplace"].contains($0) || $0.wholeMatch(of: #/[0-9]{12}/#) != nil }

    static let launchTemplateName = Rule(
        what: "launch template name", expected: "3-128 characters a-z, A-Z, 0-9, '(', ')', '.', '-', '/', '_'"
    ) { $0.wholeMatch(of: #/[a-zA-Z0-9().\-\/_]{3,128}/#) != nil }

    static let autoScalingGroup = Rule(what: "Auto Scaling group name", expected: "1-255 characters") {
        (1...255).contains($0.count) && !$0.contains(where: \.isNewline)
    }

    static let ssmParameter = Rule(
        what: "SSM parameter name", expected: "'/' and up to 1010 characters a-z, A-Z, 0-9, '_', '.', '-', '/'"
    ) { $0.wholeMatch(of: #/\/[A-Za-z0-9_.\-\/]{1,1010}/#) != nil }
}
