import AWS
import Foundation
import Logging
import Redaction
import Testing

@testable import Controller

/// `accounts:` in the file, `KILN_ACCOUNTS` and `--account`: roles in other accounts, errors naming the key.
@Suite struct AccountConfigTests {
    static let file = """
        repository: {url: "https://github.com/acme/images.git"}
        accounts:
          "222222222222": {roleArn: "arn:aws:iam::222222222222:role/kiln-target", externalIdFile: /run/kiln/b-id}
          "333333333333":
            roleArn: arn:aws:iam::333333333333:role/path/kiln
        """

    @Test func readsTheFile() throws {
        var configuration = DaemonConfiguration()
        try configuration.apply(yaml: Self.file, file: "kiln.yaml")
        #expect(
            configuration.accounts == [
                AccountRole(
                    account: "222222222222", roleArn: "arn:aws:iam::222222222222:role/kiln-target",
                    externalIdFile: "/run/kiln/b-id"),
                AccountRole(account: "333333333333", roleArn: "arn:aws:iam::333333333333:role/path/kiln"),
            ])
        #expect(configuration.guardrails.roleAccounts == ["222222222222", "333333333333"])
    }

    @Test func readsTheVariableAndFlags() throws {
        let environment = [
            "KILN_REPOSITORY_URL": "https://github.com/acme/images.git",
            "KILN_ACCOUNTS": "222222222222=arn:aws:iam::222222222222:role/kiln;externalIdFile=/run/kiln/id",
        ]
        let fromVariable = try DaemonConfiguration.load(file: nil, environment: environment)
        #expect(
            fromVariable.accounts == [
                AccountRole(
                    account: "222222222222", roleArn: "arn:aws:iam::222222222222:role/kiln",
                    externalIdFile: "/run/kiln/id")
            ])
        let fromFlags = try DaemonConfiguration.load(
            file: nil, environment: environment,
            flags: [(path: "accounts", values: ["444444444444=arn:aws:iam::444444444444:role/kiln"])])
        #expect(fromFlags.accounts.map(\.account) == ["444444444444"], "flags replace the variable's list")
    }

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var yaml: String
        /// What the error must hold: the key and its position.
        var words: [String]
    }

    static let cases: [Case] = [
        Case(
            description: "an unquoted or short account id", yaml: "accounts:\n  \"2222\": {roleArn: x}\n",
            words: ["kiln.yaml:2:3", "accounts.2222", "12-digit"]),
        Case(
            description: "a role in another account",
            yaml: "accounts:\n  \"222222222222\": {roleArn: \"arn:aws:iam::333333333333:role/kiln\"}\n",
            words: ["kiln.yaml:2:29", "accounts.222222222222.roleArn", "333333333333, not 222222222222"]),
        Case(
            description: "not a role ARN",
            yaml: "accounts:\n  \"222222222222\": {roleArn: \"arn:aws:iam::222222222222:user/x\"}\n",
            words: ["accounts.222222222222.roleArn", "not an IAM role ARN"]),
        Case(
            description: "no role", yaml: "accounts:\n  \"222222222222\": {externalIdFile: /x}\n",
            words: ["accounts.222222222222.roleArn", "required"]),
        Case(
            description: "an unknown field",
            yaml: "accounts:\n  \"222222222222\": {roleArn: \"arn:aws:iam::222222222222:role/k\", sessionName: x}\n",
            words: ["kiln.yaml:2:65", "unknown key 'accounts.222222222222.sessionName'"]),
        Case(description: "a list", yaml: "accounts: [a, b]\n", words: ["kiln.yaml:1:11", "accounts", "mapping"]),
    ]

    @Test(arguments: cases)
    func refused(_ testCase: Case) {
        var configuration = DaemonConfiguration()
        #expect {
            try configuration.apply(yaml: testCase.yaml, file: "kiln.yaml")
        } throws: { error in
            let text = "\(error)"
            return testCase.words.allSatisfy { text.contains($0) }
        }
    }

    @Test func aVariableItemNeedsAnArn() {
        #expect(throws: ConfigError.self) {
            try DaemonConfiguration.load(
                file: nil,
                environment: ["KILN_REPOSITORY_URL": "https://x.test/r.git", "KILN_ACCOUNTS": "222222222222"])
        }
    }

    @Test func anExternalIdFileOpenToOthersIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-acct-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("id").path
        try Data("ext-secret-one".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let environment = [
            "KILN_REPOSITORY_URL": "https://x.test/r.git",
            "KILN_ACCOUNTS": "222222222222=arn:aws:iam::222222222222:role/k;externalIdFile=\(path)",
        ]
        #expect {
            try DaemonConfiguration.load(file: nil, environment: environment)
        } throws: { error in
            "\(error)".contains("accounts.222222222222.externalIdFile") && "\(error)".contains("0644")
        }
    }

    /// The id is read when it is needed (each AssumeRole, each cycle's check), not when the accounts are set up:
    /// a missing file is that account's failure then, and a file read is remembered by the redactor.
    @Test func theExternalIdIsReadWhenNeededAndRedacted() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-acct-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("id").path
        try Data("ext-secret-\(UUID().uuidString)\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let secret = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let client = AWSClient(
            credentialProvider: StaticCredentialProvider(Credentials(accessKeyID: "a", secretAccessKey: "b")),
            httpClient: .shared)
        let present = AccountRole(
            account: "222222222222", roleArn: "arn:aws:iam::222222222222:role/k", externalIdFile: path)
        let missing = AccountRole(
            account: "333333333333", roleArn: "arn:aws:iam::333333333333:role/k",
            externalIdFile: directory.appendingPathComponent("missing").path)
        let access = AccountAccess.make(
            roles: [present, missing], home: client, owner: "images-prod", parameterPrefixes: ["/kiln/"],
            stsRegion: "us-east-1", logger: Logger(label: "test"))
        #expect((try? access.worlds["222222222222"]?.get())?.role == present)
        #expect((try? access.worlds["333333333333"]?.get())?.role == missing, "nothing is read when set up")
        #expect(try present.readExternalID() == secret)
        #expect(!Redaction.redact("sent \(secret) to STS").contains(secret))
        #expect {
            try missing.readExternalID()
        } throws: { error in
            "\(error)".contains("333333333333") && "\(error)".contains("cannot read")
        }
        #expect(try AccountRole(account: "222222222222", roleArn: present.roleArn).readExternalID() == nil)
    }

    @Test func sessionNames() {
        #expect(AWSClient.roleSessionName(owner: "images-prod") == "kiln-images-prod")
        #expect(
            AWSClient.roleSessionName(owner: "github.com/acme/images#main:manifests")
                == "kiln-github.com-acme-images-main-manifests")
        #expect(AWSClient.roleSessionName(owner: String(repeating: "x", count: 100)).count == 64)
    }
}
