import Foundation

@testable import AWS

/// Recorded moto answers (`Tests/FuzzTests/Corpus/aws`, one file per action) and the decoder the client uses for
/// each: the seeds of the AWS fuzz tests.
enum AWSCorpus {
    /// A decoder as the client runs it: the bytes of a 2xx answer in, a value or a thrown error out.
    typealias Decode = @Sendable ([UInt8]) throws -> Void

    struct Body: Sendable {
        /// `service.Action[.status].kind`, the file's name.
        var name: String
        var service: AWSService
        var bytes: [UInt8]
        var isJSON: Bool
        /// The decoder of a success answer; nil for error answers and actions whose answer is not read.
        var decode: Decode?
    }

    static let bodies: [Body] = {
        let directory = RepositoryFiles.root.appendingPathComponent("Tests/FuzzTests/Corpus/aws")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path),
                let service = service(of: name)
            else { return nil }
            let action = name.split(separator: ".").dropFirst().first.map(String.init) ?? ""
            let isError = name.split(separator: ".").count == 4
            return Body(
                name: name, service: service, bytes: Array(data), isJSON: name.hasSuffix(".json"),
                decode: isError ? nil : decoders[action])
        }
    }()

    /// Success answers that the client decodes.
    static var decodable: [Body] { bodies.filter { $0.decode != nil } }

    private static func service(of name: String) -> AWSService? {
        switch name.split(separator: ".").first {
        case "ec2": .ec2
        case "autoscaling": .autoScaling
        case "ssm": .ssm
        case "sts": .sts
        default: nil
        }
    }

    // MARK: - Decoders

    private static func ec2<T: Decodable & SendableMetatype>(_ type: T.Type) -> Decode {
        { _ = try AWSXML.decode(type, from: $0, resultWrapped: false) }
    }

    private static func query<T: Decodable & SendableMetatype>(_ type: T.Type) -> Decode {
        { _ = try AWSXML.decode(type, from: $0, resultWrapped: true) }
    }

    private static func json<T: Decodable & SendableMetatype>(_ type: T.Type) -> Decode {
        { _ = try JSONProtocolCoding.decoder().decode(type, from: Data($0.isEmpty ? Array("{}".utf8) : $0)) }
    }

    private static let decoders: [String: Decode] = [
        "DescribeAutoScalingGroups": query(AutoScaling.DescribeAutoScalingGroupsResponse.self),
        "DescribeLaunchConfigurations": query(AutoScaling.DescribeLaunchConfigurationsResponse.self),
        "GetCallerIdentity": query(STS.CallerIdentity.self),
        "CreateImage": ec2(EC2.ImageIDResponse.self),
        "CreateLaunchTemplate": ec2(EC2.ModifyLaunchTemplateResponse.self),
        "CreateLaunchTemplateVersion": ec2(EC2.CreateLaunchTemplateVersionResponse.self),
        "DescribeImages": ec2(EC2.DescribeImagesResponse.self),
        "DescribeInstances": ec2(EC2.DescribeInstancesResponse.self),
        "DescribeLaunchTemplateVersions": ec2(EC2.DescribeLaunchTemplateVersionsResponse.self),
        "DescribeLaunchTemplates": ec2(EC2.DescribeLaunchTemplatesResponse.self),
        "DescribeSnapshots": ec2(EC2.DescribeSnapshotsResponse.self),
        "RunInstances": ec2(EC2.Reservation.self),
        "GetCommandInvocation": json(SSM.CommandInvocation.self),
        "GetParameter": json(SSM.GetParameterResponse.self),
        "PutParameter": json(SSM.PutParameterResponse.self),
        "SendCommand": json(SSM.SendCommandResponse.self),
    ]
}
