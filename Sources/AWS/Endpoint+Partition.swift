/// Region names and the DNS suffix of the partition each belongs to.
enum EndpointPartition {
    /// Region prefixes of the partitions other than `aws`, with their DNS suffixes (botocore's
    /// `partitions.json`). Longer prefixes come first.
    static let suffixes: [(prefix: String, dnsSuffix: String)] = [
        ("us-gov-", "amazonaws.com"),  // aws-us-gov
        ("us-isob-", "sc2s.sgov.gov"),  // aws-iso-b
        ("us-isof-", "csp.hci.ic.gov"),  // aws-iso-f
        ("us-iso-", "c2s.ic.gov"),  // aws-iso
        ("eu-isoe-", "cloud.adc-e.uk"),  // aws-iso-e
        ("eusc-", "amazonaws.eu"),  // aws-eusc
        ("cn-", "amazonaws.com.cn"),  // aws-cn
    ]

    /// The DNS suffix for a well-formed region; regions of no other partition (new ones included) are `aws`.
    static func dnsSuffix(for region: String) -> String {
        suffixes.first { region.hasPrefix($0.prefix) }?.dnsSuffix ?? "amazonaws.com"
    }

    /// `us-east-1`, `us-gov-west-1`, `cn-north-1`, `eusc-de-east-1`: lower-case words joined by single hyphens,
    /// the last one a number, at most 63 characters (a DNS label).
    static func isWellFormed(_ region: String) -> Bool {
        let words = region.split(separator: "-", omittingEmptySubsequences: false)
        guard region.utf8.count <= 63, words.count >= 3, let number = words.last else { return false }
        let lettersOnly = words.dropLast().allSatisfy { word in
            !word.isEmpty && word.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
        }
        let digitsOnly =
            !number.isEmpty && number.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        return lettersOnly && digitsOnly
    }
}
