// MARK: - Every AWS action the controller makes

extension ControllerPolicy {
    /// Every action Kiln's controller makes, with the grant that says on what and under which conditions. A new
    /// action is one line here; the statements follow from the grant.
    public static let actions: [(action: String, grant: Grant)] = [
        ("ec2:DescribeImages", .observe),
        ("ec2:DescribeImageAttribute", .observe),
        ("ec2:DescribeSnapshots", .observe),
        ("ec2:DescribeInstances", .observe),
        ("ec2:DescribeLaunchTemplates", .observe),
        ("ec2:DescribeLaunchTemplateVersions", .observe),
        ("autoscaling:DescribeAutoScalingGroups", .observe),
        ("autoscaling:DescribeLaunchConfigurations", .observe),
        ("autoscaling:DescribeInstanceRefreshes", .observe),
        ("ssm:DescribeInstanceInformation", .observe),
        ("ssm:ListCommandInvocations", .observe),
        ("sts:GetCallerIdentity", .observe),
        ("ssm:GetParameters", .readParameter),
        ("ssm:GetParametersByPath", .readParameter),
        ("ec2:RunInstances", .launchBuilder),
        ("ec2:CreateTags", .tagOnCreateOrOwned),
        ("ec2:DeleteTags", .ownedTagRemoval),
        ("ssm:SendCommand", .commandBuilder),
        ("ec2:StopInstances", .ownedBuilder),
        ("ec2:TerminateInstances", .ownedBuilder),
        ("iam:PassRole", .passBuilderRole),
        ("ec2:CreateImage", .imageFromBuilder),
        ("ec2:CopyImage", .copyImage),
        ("ec2:ModifyImageAttribute", .ownedImage),
        ("ec2:ModifySnapshotAttribute", .ownedImage),
        ("ec2:EnableImageDeprecation", .ownedImage),
        ("ec2:DisableImageDeprecation", .ownedImage),
        ("ec2:DisableImage", .ownedImage),
        ("ec2:EnableImage", .ownedImage),
        ("ec2:EnableImageDeregistrationProtection", .ownedImage),
        ("ec2:DisableImageDeregistrationProtection", .ownedImage),
        ("ec2:DeregisterImage", .ownedImage),
        ("ec2:DeleteSnapshot", .ownedImage),
        ("ec2:CreateLaunchTemplateVersion", .launchTemplate),
        ("ec2:ModifyLaunchTemplate", .launchTemplate),
        ("ec2:DeleteLaunchTemplateVersions", .launchTemplate),
        ("autoscaling:CreateLaunchConfiguration", .launchConfiguration),
        ("autoscaling:DeleteLaunchConfiguration", .launchConfiguration),
        ("autoscaling:UpdateAutoScalingGroup", .groupLaunchConfiguration),
        ("autoscaling:StartInstanceRefresh", .group),
        ("ssm:PutParameter", .writeParameter),
        ("dynamodb:GetItem", .lease),
        ("dynamodb:PutItem", .lease),
        ("dynamodb:UpdateItem", .lease),
        ("dynamodb:DeleteItem", .lease),
        ("sns:Publish", .publishNotifications),
        ("sts:AssumeRole", .assumeAccountRole),
    ]

    /// What an action may be done to, and when.
    public enum Grant: String, Sendable, CaseIterable {
        /// Read-only listings: every resource.
        case observe
        /// Parameter values under the allowed prefixes.
        case readParameter
        /// A builder instance: tagged for this owner on creation, IMDSv2 required, an allowed instance profile.
        case launchBuilder
        /// Tags written by Kiln's own create calls, or on resources already this owner's; `kiln:owner` and
        /// `kiln:role` never set to anything else.
        case tagOnCreateOrOwned
        /// Tags removed from resources of this owner only, never `kiln:owner` or `kiln:role`.
        case ownedTagRemoval
        /// The `AWS-RunShellScript` document on this owner's builders.
        case commandBuilder
        /// This owner's builders.
        case ownedBuilder
        /// The roles of the allowed builder instance profiles, passed to EC2 only.
        case passBuilderRole
        /// An image (and its snapshots) of this owner's builder, tagged for this owner on creation.
        case imageFromBuilder
        /// Copies of images into other regions.
        case copyImage
        /// This owner's images and snapshots (sharing, deprecation, disabling and re-enabling, deregistration
        /// protection, deregistration, deletion).
        case ownedImage
        /// Launch templates (their ARNs carry ids, not names: the guardrail bounds the names).
        case launchTemplate
        /// Kiln's launch configurations, by name prefix.
        case launchConfiguration
        /// The allowed Auto Scaling groups, pointed only at Kiln's launch configurations.
        case groupLaunchConfiguration
        /// The allowed Auto Scaling groups.
        case group
        /// Parameters under the allowed prefixes.
        case writeParameter
        /// The lease table.
        case lease
        /// The SNS topics of `notify.snsTopics`, by ARN.
        case publishNotifications
        /// The roles of the configuration's `accounts:`, by ARN.
        case assumeAccountRole

        /// Whether the grant changes, shares, deletes or commands something (everything but reading).
        public var isSensitive: Bool { self != .observe }
    }
}
