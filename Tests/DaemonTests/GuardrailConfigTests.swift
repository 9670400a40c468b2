import Foundation
import Manifest
import Testing

@testable import Controller

/// The `guardrails:` section of the daemon's configuration, and secret files in systemd's credentials directory.
@Suite struct GuardrailConfigTests {
    @Test func defaultsShareWithNoOneAndPublishUnderKiln() {
        let guardrails = DaemonConfiguration().guardrails
        #expect(guardrails.distributeAccounts.isEmpty)
        #expect(guardrails.regions.isEmpty)
        #expect(guardrails.ssmParameterPrefixes == ["/kiln/"])
        #expect(guardrails.launchTemplates == [.any] && guardrails.autoScalingGroups == [.any])
        #expect(guardrails.instanceProfiles == [.any])
        #expect(!guardrails.allowsAccount("210987654321"))
        #expect(!guardrails.allowsParameter("/prod/app/db-url"))
    }

    @Test func theFileEnvironmentAndFlagsSetThem() throws {
        var configuration = DaemonConfiguration()
        try configuration.apply(
            yaml: """
                guardrails:
                  distributeAccounts: ["210987654321", "123456789012"]
                  regions: [us-east-1]
                  launchTemplates: [web-*]
                  autoScalingGroups: [web-*, api]
                  ssmParameterPrefixes: [/kiln/, /images/]
                  instanceProfiles: [kiln-builder*]
                """, file: "kiln.yaml")
        let guardrails = configuration.guardrails
        #expect(guardrails.distributeAccounts == ["210987654321", "123456789012"])
        #expect(guardrails.regions == ["us-east-1"])
        #expect(guardrails.launchTemplates == [GlobPattern("web-*")])
        #expect(guardrails.allowsAutoScalingGroup("api") && !guardrails.allowsAutoScalingGroup("api-2"))
        #expect(guardrails.allowsParameter("/images/web"))
        #expect(guardrails.allowsInstanceProfile("kiln-builder-eu") && !guardrails.allowsInstanceProfile("admin"))

        try configuration.apply(environment: ["KILN_GUARDRAILS_DISTRIBUTE_ACCOUNTS": "111111111111,222222222222"])
        #expect(configuration.guardrails.distributeAccounts == ["111111111111", "222222222222"])
        let flagged = try DaemonConfiguration.load(
            file: nil, environment: ["KILN_REPOSITORY_URL": "file:///srv/images.git"],
            flags: [(path: "guardrails.launchTemplates", values: ["a", "b*"])])
        #expect(flagged.guardrails.launchTemplates == [GlobPattern("a"), GlobPattern("b*")])
        // An empty list allows none.
        try configuration.apply(yaml: "guardrails: {launchTemplates: []}", file: "kiln.yaml")
        #expect(!configuration.guardrails.allowsLaunchTemplate("web"))
    }

    @Test(arguments: [
        (
            "guardrails:\n  distributeAccounts: [\"21098765432\"]\n",
            "kiln.yaml:2:23: error: guardrails.distributeAccounts: '21098765432' is not a 12-digit account id"
        ),
        (
            "guardrails:\n  regions: [mars-1]\n",
            "kiln.yaml:2:12: error: guardrails.regions: 'mars-1' is not an AWS region name"
        ),
        ("guardrails:\n  launchTemplate: [web]\n", "kiln.yaml:2:3: error: unknown key 'guardrails.launchTemplate'"),
    ])
    func badValuesNameTheirPosition(document: String, expected: String) {
        var configuration = DaemonConfiguration()
        do {
            try configuration.apply(yaml: document, file: "kiln.yaml")
            Issue.record("accepted \(document)")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func readNeedsNoRepository() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-guardrails-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("kiln.yaml").path
        let text = "guardrails: {distributeAccounts: [\"210987654321\"]}\n"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let configuration = try DaemonConfiguration.read(file: file, environment: [:])
        #expect(configuration.guardrails.distributeAccounts == ["210987654321"])
        #expect(throws: ConfigError.self) { try DaemonConfiguration.load(file: file, environment: [:]) }
    }

    // MARK: - $CREDENTIALS_DIRECTORY

    @Test func secretFilesMayLiveInTheCredentialsDirectory() throws {
        let environment = [
            "KILN_REPOSITORY_URL": "https://example.test/images.git",
            "KILN_GIT_TOKEN_FILE": "${CREDENTIALS_DIRECTORY}/git-token",
            "KILN_HTTP_WEBHOOK_SECRET_FILE": "$CREDENTIALS_DIRECTORY/webhook-secret",
        ]
        var withDirectory = environment
        withDirectory["CREDENTIALS_DIRECTORY"] = "/run/credentials/kiln.service"
        let configuration = try DaemonConfiguration.load(file: nil, environment: withDirectory)
        #expect(configuration.git.tokenFile == "/run/credentials/kiln.service/git-token")
        #expect(configuration.http.webhookSecretFile == "/run/credentials/kiln.service/webhook-secret")
        do {
            _ = try DaemonConfiguration.load(file: nil, environment: environment)
            Issue.record("accepted $CREDENTIALS_DIRECTORY while it is unset")
        } catch {
            #expect(error.description.contains("git.tokenFile"), "\(error)")
            #expect(error.description.contains("CREDENTIALS_DIRECTORY"), "\(error)")
        }
    }
}
