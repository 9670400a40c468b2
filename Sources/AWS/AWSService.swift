/// The AWS services Kiln talks to, with the names each part of the protocol needs.
public enum AWSService: String, Sendable, CaseIterable, Hashable {
    case ec2
    case autoScaling
    case ssm
    case sts
    case dynamoDB
    case sns

    /// The name in the SigV4 credential scope.
    public var signingName: String {
        switch self {
        case .ec2: "ec2"
        case .autoScaling: "autoscaling"
        case .ssm: "ssm"
        case .sts: "sts"
        case .dynamoDB: "dynamodb"
        case .sns: "sns"
        }
    }

    /// The SDK service id, as used in `AWS_ENDPOINT_URL_<ID>` (upper-cased, spaces as underscores).
    public var serviceID: String {
        switch self {
        case .ec2: "EC2"
        case .autoScaling: "Auto Scaling"
        case .ssm: "SSM"
        case .sts: "STS"
        case .dynamoDB: "DynamoDB"
        case .sns: "SNS"
        }
    }

    /// The first label of the regional hostname: for every service Kiln speaks to, its signing name.
    public var endpointPrefix: String { signingName }

    /// The API version sent by query-protocol services.
    public var apiVersion: String {
        switch self {
        case .ec2: "2016-11-15"
        case .autoScaling: "2011-01-01"
        case .ssm: "2014-11-06"
        case .sts: "2011-06-15"
        case .dynamoDB: "2012-08-10"
        case .sns: "2010-03-31"
        }
    }
}
