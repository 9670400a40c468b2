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

    /// Whether Foundation's `XMLParser` (on Linux) would terminate the process on these bytes: it force-unwraps
    /// the UTF-8 conversion of element and attribute names, so one invalid byte in a name traps
    /// (swift-corelibs-foundation issue 5534; `AWSHostileBodyTests` keeps a reproducer). The fuzz tests skip the
    /// XML decoders for such bodies, as the AWS module should (reject a body that is not UTF-8 before parsing it),
    /// so that they keep finding other failures.
    ///
    /// XMLCoder, for its part, walks the element tree recursively: 10,000 nested elements overflow an 8 MiB stack
    /// (a debug build; `AWSHostileBodyTests` again). AWS answers nest a dozen levels; the module should refuse
    /// bodies nested deeper than a few hundred. The fuzz tests skip those over 1,000 levels.
    static func trapsXMLParser(_ bytes: [UInt8]) -> Bool {
        let first = bytes.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        guard first == UInt8(ascii: "<") else { return false }
        return String(validating: bytes, as: UTF8.self) == nil || elementDepth(bytes) > 1_000
    }

    /// The deepest element nesting of an XML text, counting `<name` opens and `</` or `/>` closes.
    static func elementDepth(_ bytes: [UInt8]) -> Int {
        var depth = 0
        var deepest = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "<") || bytes[index] == UInt8(ascii: ">") {
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            if bytes[index] == UInt8(ascii: "<") {
                if next == UInt8(ascii: "/") {
                    depth -= 1
                } else if next != UInt8(ascii: "?"), next != UInt8(ascii: "!") {
                    depth += 1
                    deepest = max(deepest, depth)
                }
            } else if index > 0, bytes[index - 1] == UInt8(ascii: "/") {
                depth -= 1
            }
        }
        return deepest
    }

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

    /// Thrown instead of parsing a body that would terminate the process.
    struct WouldTrap: Error {}

    private static func ec2<T: Decodable>(_ type: T.Type) -> Decode {
        { bytes in
            guard !trapsXMLParser(bytes) else { throw WouldTrap() }
            _ = try AWSXML.decode(type, from: bytes, resultWrapped: false)
        }
    }

    private static func query<T: Decodable>(_ type: T.Type) -> Decode {
        { bytes in
            guard !trapsXMLParser(bytes) else { throw WouldTrap() }
            _ = try AWSXML.decode(type, from: bytes, resultWrapped: true)
        }
    }

    private static func json<T: Decodable>(_ type: T.Type) -> Decode {
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
