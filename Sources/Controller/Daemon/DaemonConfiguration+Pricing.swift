import Foundation
import Planner

// MARK: - pricing.*: the prices of `kiln plan`'s cost estimates

extension DaemonConfiguration {
    static let pricingKeys: [ConfigKey] = [
        ConfigKey(
            "pricing.instanceUSD", flag: "price-instance", default: "[] (the shipped table)", list: true,
            "On-demand $/hour for bake estimates: TYPE=PRICE (every region) or REGION/TYPE=PRICE."
        ) { configuration, values in
            for (key, price) in try Self.prices(ConfigValue.list(values)) {
                guard key.wholeMatch(of: /([a-z]{2}(-[a-z]+)+-\d+\/)?[a-z0-9-]+\.[a-z0-9-]+/) != nil else {
                    throw ConfigValueError("'\(key)' is not an instance type or REGION/TYPE")
                }
                configuration.pricing.instanceHourUSD[key] = price
            }
            configuration.pricing.markOverridden()
        },
        ConfigKey(
            "pricing.snapshotUSD", flag: "price-snapshot", default: "[] (the shipped table)", list: true,
            "EBS snapshot $/GB-month: REGION=PRICE, or *=PRICE for every region."
        ) { configuration, values in
            for (key, price) in try Self.prices(ConfigValue.list(values)) {
                guard key == "*" || Self.isRegionName(key) else {
                    throw ConfigValueError("'\(key)' is not a region name or *")
                }
                configuration.pricing.snapshotGBMonthUSD[key] = price
            }
            configuration.pricing.markOverridden()
        },
        ConfigKey(
            "pricing.typicalBake", flag: "price-typical-bake", default: "20m",
            "How long a bake's builder typically runs, for the estimate beside the upper bound."
        ) { configuration, values in
            let duration = try ConfigValue.positiveDuration(values)
            configuration.pricing.typicalBakeSeconds = Double(duration.components.seconds)
            configuration.pricing.markOverridden()
        },
    ]

    /// `KEY=PRICE` entries; a price is a non-negative decimal number of dollars.
    static func prices(_ entries: [String]) throws(ConfigValueError) -> [(String, Double)] {
        var prices: [(String, Double)] = []
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let price = Double(parts[1]), price >= 0, price.isFinite
            else {
                throw ConfigValueError("'\(entry)' is not KEY=PRICE with a price in dollars")
            }
            prices.append((parts[0], price))
        }
        return prices
    }
}

extension PriceTable {
    /// Records that the configuration changed the shipped prices.
    mutating func markOverridden() {
        let suffix = " with overrides from the configuration"
        if !source.hasSuffix(suffix) { source += suffix }
    }
}
