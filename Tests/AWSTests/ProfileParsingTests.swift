import Foundation
import Testing

@testable import AWS

/// Parsing of `~/.aws/config` and `~/.aws/credentials`, and where the files are.
struct ProfileParsingTests {
    static let config = """
        # a comment
        ; another comment
        [default]
        region = eu-west-1

        [ profile   ci ]   # comment after a header
        region=us-east-1
          # an indented comment
        Role_ARN = arn:aws:iam::123456789012:role/ci ; trailing comment
        url = http://host/#fragment;kept
        s3 =
          max_concurrent_requests = 10
          endpoint_url = http://s3.local

        [profile multi]
        note = first
          second line

        [sso-session corp]
        sso_region = us-east-1

        [services local]
        ec2 =
          endpoint_url = http://127.0.0.1:5000
        auto_scaling =
          endpoint_url = http://127.0.0.1:5001

        [not-a-profile]
        region = ap-south-1

        [profile bad name!]
        region = us-west-2

        [profile ci]
        output = json
        """

    static let credentials =
        "[ci]\r\naws_access_key_id = AKIAFILE\r\naws_secret_access_key = file/secret+key\r\n"
        + "region = sa-east-1\r\n[profile ignored]\r\naws_access_key_id = X\r\n"

    @Test func parsesSectionsCommentsAndWhitespace() throws {
        let set = try ProfileSet(config: Self.config, credentials: Self.credentials)
        #expect(Set(set.profiles.keys) == ["default", "ci", "multi"])
        #expect(set.profile(named: "default")?["region"] == "eu-west-1")
        let ci = try #require(set.profile(named: "ci"))
        #expect(ci["role_arn"] == "arn:aws:iam::123456789012:role/ci")  // names are case-insensitive
        #expect(ci["ROLE_ARN"] == "arn:aws:iam::123456789012:role/ci")
        #expect(ci["url"] == "http://host/#fragment;kept")  // `#`/`;` without whitespace before are kept
        #expect(ci["output"] == "json")  // repeated sections merge
        #expect(ci["region"] == "sa-east-1")  // the credentials file wins
        #expect(ci["aws_access_key_id"] == "AKIAFILE")  // CRLF line ends
        #expect(ci.subProperties(of: "s3") == ["max_concurrent_requests": "10", "endpoint_url": "http://s3.local"])
        #expect(set.profile(named: "multi")?["note"] == "first\nsecond line")
        #expect(set.sections["sso-session corp"]?["sso_region"] == "us-east-1")
        #expect(
            set.services(for: Profile(name: "x", properties: ["services": "local"]))["auto_scaling"]
                == ["endpoint_url": "http://127.0.0.1:5001"])
    }

    @Test func prefixedDefaultWinsInTheConfigFile() throws {
        let set = try ProfileSet(
            config: "[profile default]\nregion = us-east-2\n[default]\nregion = us-west-1\noutput = text\n",
            credentials: "")
        #expect(set.profile(named: "default")?.properties == ["region": "us-east-2"])
    }

    @Test func credentialsFileSectionsAreBareNames() throws {
        let set = try ProfileSet(config: "", credentials: "[default]\na = 1\n[profile x]\nb = 2\n[y]\nc = 3\n")
        #expect(Set(set.profiles.keys) == ["default", "y"])
    }

    @Test(arguments: [
        ("[default\nregion = x", 1),
        ("region = us-east-1\n[default]", 1),
        ("[default]\naws_secret_access_key \(Secret.key)", 2),
        ("[default]\n = \(Secret.key)", 2),
        ("[default]\n\n   \(Secret.token) continued", 3),
    ])
    func malformedLinesNameTheLineButNotItsText(_ text: String, _ line: Int) {
        let error = #expect(throws: ConfigurationError.malformedFile) {
            try ProfileSet(config: "", credentials: text, credentialsPath: "/home/k/.aws/credentials")
        }
        #expect(error?.description.hasPrefix("/home/k/.aws/credentials:\(line):") == true)
        Secret.expectAbsent(in: String(describing: error))
    }

    @Test func filePathsFollowTheEnvironment() {
        let defaults = ProfileSet.FilePaths(environment: ["HOME": "/home/kiln"])
        #expect(defaults == .init(config: "/home/kiln/.aws/config", credentials: "/home/kiln/.aws/credentials"))
        let overridden = ProfileSet.FilePaths(environment: [
            "HOME": "/home/kiln", "AWS_CONFIG_FILE": "~/conf/aws", "AWS_SHARED_CREDENTIALS_FILE": "/etc/kiln/creds",
        ])
        #expect(overridden == .init(config: "/home/kiln/conf/aws", credentials: "/etc/kiln/creds"))
    }

    @Test func loadsFilesAndTreatsMissingOnesAsEmpty() throws {
        let directory = try TemporaryDirectory()
        let config = try directory.write("config", "[profile p]\nregion = eu-north-1\n")
        let loaded = try ProfileSet.load(environment: [
            "AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": directory.url.path + "/missing",
        ])
        #expect(loaded.profile(named: "p")?["region"] == "eu-north-1")
        #expect(try ProfileSet.load(environment: ["HOME": directory.url.path]) == ProfileSet())
    }
}

/// Device files such as /dev/null (a common way to switch the shared files off) read as empty.
@Test func deviceFilesReadAsEmptyProfiles() throws {
    let profiles = try ProfileSet.load(
        environment: ["AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"])
    #expect(profiles.profile(named: "default") == nil)
}
