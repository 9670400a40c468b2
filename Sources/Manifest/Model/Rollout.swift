/// `spec.rollout`: what points at the new AMI.
public struct Rollout: Sendable, Equatable {
    /// Launch templates to give a new version.
    public var launchTemplates: [LaunchTemplateTarget]
    /// Auto Scaling groups whose launch configuration is replaced.
    public var launchConfigurations: [LaunchConfigurationTarget]
    /// SSM parameter name published in every region the image exists in.
    public var ssmParameter: String?
    /// SSM parameters in other accounts (`ssmParameters`), one per account.
    public var accountParameters: [AccountParameter]

    /// Creates a rollout; default nothing.
    public init(
        launchTemplates: [LaunchTemplateTarget] = [], launchConfigurations: [LaunchConfigurationTarget] = [],
        ssmParameter: String? = nil, accountParameters: [AccountParameter] = []
    ) {
        self.launchTemplates = launchTemplates
        self.launchConfigurations = launchConfigurations
        self.ssmParameter = ssmParameter
        self.accountParameters = accountParameters
    }

    /// Whether nothing is rolled out.
    public var isEmpty: Bool {
        launchTemplates.isEmpty && launchConfigurations.isEmpty && ssmParameter == nil && accountParameters.isEmpty
    }
}
