// MARK: - The statements of each grant

extension ControllerPolicy {
    /// The statements that give `actions` under `grant`.
    func statements(_ grant: Grant, _ actions: [String]) -> [PolicyStatement] {
        switch grant {
        case .observe:
            [PolicyStatement("Observe", actions: actions, resources: ["*"])]
        case .readParameter:
            [
                PolicyStatement(
                    "ReadParameters", actions: actions.filter { $0 != "ssm:GetParameters" || readsParametersByName },
                    resources: parameterARNs)
            ]
        case .writeParameter:
            [PolicyStatement("PublishParameters", actions: actions, resources: parameterARNs)]
        case .launchBuilder:
            launchBuilder(actions)
        case .tagOnCreateOrOwned:
            tags(actions)
        case .ownedTagRemoval:
            [
                PolicyStatement(
                    "UntagOwned", actions: actions, resources: ["*"],
                    conditions: [ownerTag, PolicyCondition("ForAllValues:StringNotEquals", "aws:TagKeys", roleKeys)])
            ]
        case .commandBuilder:
            [
                PolicyStatement(
                    "CommandDocument", actions: actions,
                    resources: ["arn:aws:ssm:*:*:document/\(Self.commandDocument)"]),
                PolicyStatement(
                    "CommandBuilders", actions: actions, resources: [ec2("instance/*")],
                    conditions: [ownerTag, builderTag]),
            ]
        case .ownedBuilder:
            [
                PolicyStatement(
                    "StopBuilders", actions: actions, resources: [ec2("instance/*")],
                    conditions: [ownerTag, builderTag])
            ]
        case .passBuilderRole:
            [
                PolicyStatement(
                    "PassBuilderRole", actions: actions,
                    resources: guardrails.instanceProfiles.map { "arn:aws:iam::\(accountPart):role/\($0.text)" },
                    conditions: [PolicyCondition("StringEquals", "iam:PassedToService", ["ec2.amazonaws.com"])])
            ]
        default:
            rollout(grant, actions)
        }
    }

    /// `kiln:owner` and `kiln:role`: the tags that say whose a resource is.
    var roleKeys: [String] { ["kiln:owner", "kiln:role"] }

    private func launchBuilder(_ actions: [String]) -> [PolicyStatement] {
        let profiles = guardrails.instanceProfiles.map { "arn:aws:iam::\(accountPart):instance-profile/\($0.text)" }
        return [
            PolicyStatement(
                "RunBuilders", actions: actions, resources: [ec2("instance/*")],
                conditions: [
                    ownerRequestTag, PolicyCondition("StringEquals", "aws:RequestTag/kiln:role", ["builder"]),
                    PolicyCondition("StringEquals", "ec2:MetadataHttpTokens", ["required"]),
                    PolicyCondition("ArnLike", "ec2:InstanceProfile", profiles),
                ]),
            PolicyStatement(
                "RunBuildersWith", actions: actions,
                resources: [
                    ec2("image/*", account: false), ec2("volume/*"), ec2("network-interface/*"), ec2("subnet/*"),
                    ec2("security-group/*"),
                ]),
        ]
    }

    private func tags(_ actions: [String]) -> [PolicyStatement] {
        [
            PolicyStatement(
                "TagOnCreate", actions: actions, resources: ["*"],
                conditions: [PolicyCondition("StringEquals", "ec2:CreateAction", Self.createActions), ownerRequestTag]),
            PolicyStatement(
                "TagOwned", actions: actions, resources: ["*"],
                conditions: [
                    ownerTag, PolicyCondition("StringEqualsIfExists", "aws:RequestTag/kiln:owner", [owner]),
                    PolicyCondition("StringEqualsIfExists", "aws:RequestTag/kiln:role", ["builder"]),
                ]),
        ]
    }

    private func rollout(_ grant: Grant, _ actions: [String]) -> [PolicyStatement] {
        switch grant {
        case .imageFromBuilder:
            [
                PolicyStatement(
                    "ImageFromBuilders", actions: actions, resources: [ec2("instance/*")],
                    conditions: [ownerTag, builderTag]),
                PolicyStatement(
                    "ImagesCreated", actions: actions,
                    resources: [ec2("image/*", account: false), ec2("snapshot/*", account: false)],
                    conditions: [ownerRequestTag]),
            ]
        case .copyImage:
            [
                PolicyStatement(
                    "CopyImages", actions: actions,
                    resources: [ec2("image/*", account: false), ec2("snapshot/*", account: false)])
            ]
        case .ownedImage:
            [PolicyStatement("OwnedImages", actions: actions, resources: ["*"], conditions: [ownerTag])]
        case .launchTemplate:
            [PolicyStatement("LaunchTemplates", actions: actions, resources: [ec2("launch-template/*")])]
        case .launchConfiguration:
            [
                PolicyStatement(
                    "LaunchConfigurations", actions: actions,
                    resources: [
                        "arn:aws:autoscaling:*:\(accountPart):launchConfiguration:*:launchConfigurationName/"
                            + Self.launchConfigurationNames
                    ])
            ]
        case .groupLaunchConfiguration:
            [
                PolicyStatement(
                    "GroupsToKilnConfigurations", actions: actions, resources: groupARNs,
                    conditions: [
                        PolicyCondition(
                            "StringLike", "autoscaling:LaunchConfigurationName", [Self.launchConfigurationNames])
                    ])
            ]
        case .group:
            [PolicyStatement("Groups", actions: actions, resources: groupARNs)]
        case .lease:
            [
                PolicyStatement(
                    "Lease", actions: actions, resources: ["arn:aws:dynamodb:*:\(accountPart):table/\(leaseTable)"])
            ]
        case .assumeAccountRole:
            accountRoleStatements(actions)
        case .publishNotifications:
            notificationTopics.isEmpty
                ? [] : [PolicyStatement("PublishNotifications", actions: actions, resources: notificationTopics)]
        default:
            []
        }
    }
}
