import Foundation
import Testing

@testable import AWS

@Suite("Query encoder")
struct QueryEncoderTests {
    struct Inner: Encodable {
        var volumeSize: Int
        var encrypted: Bool?
    }

    struct Request: Encodable {
        var name: String
        var items: [Inner]
        var values: [String]?
        var missing: String?
        var flag: Bool
        var when: Date

        enum CodingKeys: String, CodingKey {
            case name = "Name", items = "blockDeviceMapping", values = "Value", missing, flag, when
        }
    }

    static let request = Request(
        name: "a b", items: [Inner(volumeSize: 8, encrypted: true), Inner(volumeSize: 16, encrypted: nil)],
        values: ["x", "y"], missing: nil, flag: false, when: Date(timeIntervalSince1970: 1_893_553_445.75))

    static func dictionary(_ pairs: [(name: String, value: String)]) -> [String: String] {
        Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    @Test("EC2 style: capitalised names, Name.N lists, nil left out")
    func ec2Style() throws {
        let pairs = try QueryEncoder(style: .ec2).encode(Self.request)
        #expect(
            Self.dictionary(pairs) == [
                "Name": "a b", "BlockDeviceMapping.1.VolumeSize": "8", "BlockDeviceMapping.1.Encrypted": "true",
                "BlockDeviceMapping.2.VolumeSize": "16", "Value.1": "x", "Value.2": "y", "Flag": "false",
                "When": "2030-01-02T03:04:05Z",
            ])
        #expect(pairs.count == 8)
    }

    @Test("query style: capitalised names, Name.member.N lists, empty lists sent empty")
    func queryStyle() throws {
        var request = Self.request
        request.values = []
        let pairs = try QueryEncoder(style: .query).encode(request)
        #expect(
            Self.dictionary(pairs) == [
                "Name": "a b", "BlockDeviceMapping.member.1.VolumeSize": "8",
                "BlockDeviceMapping.member.1.Encrypted": "true", "BlockDeviceMapping.member.2.VolumeSize": "16",
                "Value": "", "Flag": "false", "When": "2030-01-02T03:04:05Z",
            ])
    }

    @Test(
        "form encoding keeps unreserved characters, writes a space as +, escapes the rest",
        arguments: [
            ("a b", "a+b"), ("kiln/api/1.0.0", "kiln%2Fapi%2F1.0.0"), ("~_-.", "~_-."), ("x=y&z", "x%3Dy%26z"),
            ("a+b", "a%2Bb"), ("é", "%C3%A9"), ("*", "%2A"), ("", ""),
        ])
    func formEncoding(_ text: String, _ encoded: String) {
        #expect(QueryEncoder.formEncode(text) == encoded)
    }

    @Test("the body starts with Action and Version")
    func body() {
        let body = QueryEncoder.formBody(action: "DescribeImages", version: "2016-11-15", pairs: [("Owner.1", "self")])
        #expect(body == "Action=DescribeImages&Version=2016-11-15&Owner.1=self")
    }
}
