/// Which wire protocol each service speaks.
extension AWSService {
    enum WireProtocol: Sendable, Equatable {
        /// EC2's query dialect: capitalised `locationName`s, `Name.N` lists, XML without a result wrapper.
        case ec2
        /// The query protocol (Auto Scaling, STS): `Name.member.N` lists, XML in `<ActionResult>`.
        case query
        /// JSON with an `X-Amz-Target` of `<targetPrefix>.<Action>`.
        case json(version: String, targetPrefix: String)
    }

    var wireProtocol: WireProtocol {
        switch self {
        case .ec2: .ec2
        case .autoScaling, .sts, .sns: .query
        case .ssm: .json(version: "1.1", targetPrefix: "AmazonSSM")
        case .dynamoDB: .json(version: "1.0", targetPrefix: "DynamoDB_20120810")
        }
    }
}
