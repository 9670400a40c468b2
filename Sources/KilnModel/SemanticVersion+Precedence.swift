// MARK: - Precedence (SemVer 2.0.0 item 11)

extension SemanticVersion {
    /// Equal precedence: build metadata is ignored.
    public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        lhs.major == rhs.major && lhs.minor == rhs.minor && lhs.patch == rhs.patch
            && lhs.prerelease == rhs.prerelease
    }

    /// Hashes the parts that take part in precedence.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease)
    }

    /// SemVer 2.0.0 precedence.
    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if lhs.major != rhs.major { return lhs.major < rhs.major }
        if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
        if lhs.patch != rhs.patch { return lhs.patch < rhs.patch }
        switch (lhs.prerelease.isEmpty, rhs.prerelease.isEmpty) {
        case (true, _): return false
        case (false, true): return true
        case (false, false): break
        }
        for (left, right) in zip(lhs.prerelease, rhs.prerelease) where left != right {
            return identifierPrecedes(left, right)
        }
        return lhs.prerelease.count < rhs.prerelease.count
    }

    /// Whether pre-release identifier `left` has lower precedence than a different identifier `right`.
    ///
    /// Numeric identifiers compare as numbers of any length: SemVer forbids their leading zeros, so the
    /// shorter digit string is the smaller number and equal lengths compare digit by digit. Numeric ones are
    /// lower than alphanumeric ones, which compare in ASCII order.
    static func identifierPrecedes(_ left: String, _ right: String) -> Bool {
        let leftNumeric = left.allSatisfy(\.isASCIIDigit)
        let rightNumeric = right.allSatisfy(\.isASCIIDigit)
        switch (leftNumeric, rightNumeric) {
        case (true, true):
            if left.utf8.count != right.utf8.count { return left.utf8.count < right.utf8.count }
            return left.utf8.lexicographicallyPrecedes(right.utf8)
        case (true, false): return true
        case (false, true): return false
        case (false, false): return left.utf8.lexicographicallyPrecedes(right.utf8)
        }
    }
}
