// MARK: - spec.rollout

extension ManifestDecoder {
    static let rolloutKeys = ["launchTemplates", "launchConfigurations", "ssmParameter", "ssmParameters"]
    static let launchTemplateKeys = ["name", "region", "setDefault", "refresh", "account"]
    static let refreshKeys = ["autoScalingGroup", "minHealthyPercentage", "instanceWarmup"]
    static let launchConfigurationKeys = ["autoScalingGroup", "region", "account"]

    mutating func decodeRollout(
        _ node: Node, _ path: String, buildRegion: String?, distributeRegions: [String], copies: [AccountCopy] = []
    ) -> RolloutTargets? {
        guard let rollout = mapping(node, path, keys: Self.rolloutKeys) else { return nil }
        let regions = RegionScope(build: buildRegion, distribute: distributeRegions, copies: copies)
        var templates: [LaunchTemplateTarget] = []
        if let listNode = rollout["launchTemplates"], let elements = list(listNode, rollout.child("launchTemplates")) {
            templates = elements.compactMap { decodeLaunchTemplate($1, $0, regions: regions) }
        }
        var configurations: [LaunchConfigurationTarget] = []
        if let listNode = rollout["launchConfigurations"],
            let elements = list(listNode, rollout.child("launchConfigurations"))
        {
            configurations = elements.compactMap { decodeLaunchConfiguration($1, $0, regions: regions) }
        }
        let ssmParameter = rollout["ssmParameter"].flatMap {
            string($0, rollout.child("ssmParameter"), rule: .ssmParameter)
        }
        let accountParameters =
            rollout["ssmParameters"].map { decodeAccountParameters($0, rollout.child("ssmParameters"), regions) } ?? []
        return RolloutTargets(
            launchTemplates: templates, launchConfigurations: configurations, ssmParameter: ssmParameter,
            accountParameters: accountParameters)
    }

    private mutating func decodeLaunchTemplate(
        _ node: Node, _ path: String, regions: RegionScope
    ) -> LaunchTemplateTarget? {
        guard let target = mapping(node, path, keys: Self.launchTemplateKeys) else { return nil }
        let name = require(target, "name").flatMap { string($0, target.child("name"), rule: .launchTemplateName) }
        var account: String?
        if let node = target["account"] { account = accountTarget(node, target.child("account"), regions) }
        let region: String
        if let account {
            region = accountTargetRegion(target, account, regions)
        } else {
            region = targetRegion(target, regions)
        }
        let setDefault = target["setDefault"].flatMap { boolean($0, target.child("setDefault")) } ?? true
        let refresh = target["refresh"].flatMap { decodeRefresh($0, target.child("refresh")) }
        guard let name else { return nil }
        return LaunchTemplateTarget(
            name: name, region: region, setDefault: setDefault, refresh: refresh, account: account)
    }

    private mutating func decodeRefresh(_ node: Node, _ path: String) -> InstanceRefresh? {
        guard let refresh = mapping(node, path, keys: Self.refreshKeys) else { return nil }
        let group = require(refresh, "autoScalingGroup").flatMap {
            string($0, refresh.child("autoScalingGroup"), rule: .autoScalingGroup)
        }
        let minHealthy =
            refresh["minHealthyPercentage"].flatMap { integer($0, refresh.child("minHealthyPercentage"), in: 0...100) }
            ?? 90
        let warmup = refresh["instanceWarmup"].flatMap { duration($0, refresh.child("instanceWarmup")) }
        guard let group else { return nil }
        return InstanceRefresh(autoScalingGroup: group, minHealthyPercentage: minHealthy, instanceWarmup: warmup)
    }

    private mutating func decodeLaunchConfiguration(
        _ node: Node, _ path: String, regions: RegionScope
    ) -> LaunchConfigurationTarget? {
        guard let target = mapping(node, path, keys: Self.launchConfigurationKeys) else { return nil }
        let group = require(target, "autoScalingGroup").flatMap {
            string($0, target.child("autoScalingGroup"), rule: .autoScalingGroup)
        }
        var account: String?
        if let node = target["account"] { account = accountTarget(node, target.child("account"), regions) }
        let region = account.map { accountTargetRegion(target, $0, regions) } ?? targetRegion(target, regions)
        guard let group else { return nil }
        return LaunchConfigurationTarget(autoScalingGroup: group, region: region, account: account)
    }

    /// A rollout target's region: the build region by default; otherwise it must be where the image exists.
    private mutating func targetRegion(_ target: MappingReader, _ regions: RegionScope) -> String {
        guard let node = target["region"] else { return regions.build ?? "" }
        let path = target.child("region")
        guard let region = string(node, path, rule: .region) else { return "" }
        if let build = regions.build, region != build, !regions.distribute.contains(region) {
            error(
                node, "'\(path)': '\(region)' is neither the build region '\(build)' nor in 'spec.distribute.regions'")
        }
        return region
    }
}

/// The regions an image exists in, for the rollout region rule.
struct RegionScope {
    var build: String?
    var distribute: [String]
    /// `spec.distribute.copyTo`: the accounts (and their regions) a target may name.
    var copies: [AccountCopy] = []
}
