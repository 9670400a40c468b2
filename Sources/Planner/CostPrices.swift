import Foundation

// MARK: - Prices for the plan's cost estimates

/// The prices `kiln plan` estimates with: a dated table shipped in the source, overridable in configuration
/// (`pricing:`). Estimates only: real bills depend on the account's discounts, snapshot increments and time.
public struct PriceTable: Sendable, Equatable, Codable {
    /// When the shipped prices were read (`YYYY-MM`), or `configuration` once overridden.
    public var asOf: String
    /// Where they come from.
    public var source: String
    /// On-demand Linux $/hour: by `region/type` where a region differs, else by `type` (us-east-1 prices).
    public var instanceHourUSD: [String: Double]
    /// EBS snapshot (standard tier) $/GB-month: by region, else `*`.
    public var snapshotGBMonthUSD: [String: Double]
    /// Seconds a bake's builder typically runs (the estimate beside the upper bound from the timeouts).
    public var typicalBakeSeconds: TimeInterval

    /// Creates a price table.
    public init(
        asOf: String, source: String, instanceHourUSD: [String: Double], snapshotGBMonthUSD: [String: Double],
        typicalBakeSeconds: TimeInterval = 20 * 60
    ) {
        self.asOf = asOf
        self.source = source
        self.instanceHourUSD = instanceHourUSD
        self.snapshotGBMonthUSD = snapshotGBMonthUSD
        self.typicalBakeSeconds = typicalBakeSeconds
    }

    /// The on-demand $/hour of `type` in `region`, nil when the table has no price for it.
    public func instanceHour(_ type: String, region: String) -> Double? {
        instanceHourUSD["\(region)/\(type)"] ?? instanceHourUSD[type]
    }

    /// The snapshot $/GB-month in `region`.
    public func snapshotGBMonth(region: String) -> Double {
        snapshotGBMonthUSD[region] ?? snapshotGBMonthUSD["*"] ?? 0.05
    }
}

extension PriceTable {
    /// Common instance types (us-east-1 on-demand Linux, with the regions that differ) and EBS snapshot storage,
    /// as AWS's public price lists gave them on the stated date.
    public static let shipped = PriceTable(
        asOf: "2025-06",
        source: "AWS public price lists: EC2 On-Demand (Linux) and Amazon EBS snapshots (standard tier)",
        instanceHourUSD: [
            "t3.micro": 0.0104, "t3.small": 0.0208, "t3.medium": 0.0416, "t3.large": 0.0832, "t3.xlarge": 0.1664,
            "t3a.small": 0.0188, "t3a.medium": 0.0376, "t4g.small": 0.0168, "t4g.medium": 0.0336,
            "m5.large": 0.096, "m5.xlarge": 0.192, "m6i.large": 0.096, "m6i.xlarge": 0.192, "m6g.large": 0.077,
            "m7i.large": 0.1008, "m7g.large": 0.0816, "c5.large": 0.085, "c5.xlarge": 0.17, "c6i.large": 0.085,
            "c6g.large": 0.068, "c7g.large": 0.0725, "r5.large": 0.126, "r6i.large": 0.126,
            "eu-west-1/t3.micro": 0.0114, "eu-west-1/t3.small": 0.0228, "eu-west-1/t3.medium": 0.0456,
            "eu-west-1/m5.large": 0.107, "eu-west-1/c5.large": 0.096,
            "eu-central-1/t3.micro": 0.012, "eu-central-1/t3.small": 0.024, "eu-central-1/t3.medium": 0.048,
            "eu-central-1/m5.large": 0.115, "eu-central-1/c5.large": 0.097,
            "ap-southeast-2/t3.small": 0.0264, "ap-southeast-2/t3.medium": 0.0528, "ap-southeast-2/m5.large": 0.12,
            "ap-northeast-1/t3.small": 0.0272, "ap-northeast-1/t3.medium": 0.0544, "ap-northeast-1/m5.large": 0.124,
        ],
        snapshotGBMonthUSD: [
            "*": 0.05, "eu-central-1": 0.054, "ap-southeast-2": 0.055, "sa-east-1": 0.068,
        ])
}
