import Foundation
import Testing

@testable import Controller

@Suite struct ConfigTests {
    static let full = """
        repository:
          url: https://github.com/acme/images.git
          branch: release
          manifestsPath: images
          statusPath: kiln-status
          statusBranch: kiln-status
        git:
          tokenFile: /run/secrets/git-token
          tokenUsername: oauth2
          authorName: Kiln Bot
          authorEmail: kiln@acme.test
        aws:
          profile: ops
          regions: [eu-west-1, us-west-2]
        owner: images-prod
        poll:
          interval: 2m
          jitter: 15s
          resync: 30m
          recheck: 10s
          backoffInitial: 5s
          backoffMax: 5m
        bake:
          concurrency: 4
        http:
          listen: 0.0.0.0:9090
          webhookSecretFile: /run/secrets/webhook
          maxBodyBytes: 2048
        cacheDir: /var/cache/kiln
        lease:
          lockFile: /run/kiln/lock
          dynamodbTable: kiln-leases
          duration: 2m
        log:
          format: json
          level: debug
        """

    @Test func readsEverySetting() throws {
        var configuration = DaemonConfiguration()
        try configuration.apply(yaml: Self.full, file: "kiln.yaml")
        #expect(configuration.repository.url == "https://github.com/acme/images.git")
        #expect(configuration.repository.branch == "release")
        #expect(configuration.repository.manifestsPath == "images")
        #expect(configuration.repository.statusPath == "kiln-status")
        #expect(configuration.repository.statusBranch == "kiln-status")
        #expect(configuration.git.credentials == .httpsToken(tokenFile: "/run/secrets/git-token", username: "oauth2"))
        #expect(configuration.git.authorName == "Kiln Bot")
        #expect(configuration.git.authorEmail == "kiln@acme.test")
        #expect(configuration.aws.profile == "ops")
        #expect(configuration.aws.regions == ["eu-west-1", "us-west-2"])
        #expect(configuration.owner == "images-prod")
        #expect(configuration.poll.interval == .seconds(120))
        #expect(configuration.poll.jitter == .seconds(15))
        #expect(configuration.poll.resync == .seconds(1800))
        #expect(configuration.poll.recheck == .seconds(10))
        #expect(configuration.poll.backoffInitial == .seconds(5))
        #expect(configuration.poll.backoffMax == .seconds(300))
        #expect(configuration.bakeConcurrency == 4)
        #expect(configuration.http.listen == ListenAddress(host: "0.0.0.0", port: 9090))
        #expect(configuration.http.webhookSecretFile == "/run/secrets/webhook")
        #expect(configuration.http.maxBodyBytes == 2048)
        #expect(configuration.cacheDirectory == "/var/cache/kiln")
        #expect(configuration.lease.lockFile == "/run/kiln/lock")
        #expect(configuration.lease.dynamodbTable == "kiln-leases")
        #expect(configuration.lease.duration == .seconds(120))
        #expect(configuration.log.format == .json)
        #expect(configuration.log.level == "debug")
        try configuration.validate()
    }

    @Test func defaultsNeedOnlyARepository() throws {
        let configuration = try DaemonConfiguration.load(
            file: nil, environment: [:], flags: [(path: "repository.url", values: ["git@github.com:acme/images.git"])])
        #expect(configuration.repository.branch == "main")
        #expect(configuration.repository.manifestsPath == "manifests")
        #expect(configuration.repository.statusPath == "status")
        #expect(configuration.repository.statusBranch == nil)
        #expect(configuration.statusTargetBranch == "main")
        #expect(configuration.http.listen.description == "127.0.0.1:8080")
        #expect(configuration.poll.interval == .seconds(60))
        #expect(configuration.git.authorName == "Kiln" && configuration.git.authorEmail == "kiln@localhost")
        #expect(configuration.git.credentials == .none)
        #expect(configuration.resolvedOwner.hasPrefix("images-"))
    }

    /// (document, expected `file:line:col: error: …`)
    static let fileErrors: [(String, String)] = [
        ("repository:\n  url: x\n  brnach: main\n", "kiln.yaml:3:3: error: unknown key 'repository.brnach'"),
        ("pol:\n  interval: 1m\n", "kiln.yaml:1:1: error: unknown key 'pol'"),
        (
            "poll:\n  interval: soon\n",
            "kiln.yaml:2:13: error: poll.interval: 'soon' is not a duration (e.g. 30s, 5m, 1h30m)"
        ),
        (
            "bake:\n  concurrency: 0\n",
            "kiln.yaml:2:16: error: bake.concurrency: '0' is not a whole number of at least 1"
        ),
        ("aws:\n  regions: eu-west-1x\n", "kiln.yaml:2:12: error: aws.regions: 'eu-west-1x' is not an AWS region name"),
        ("repository: [a, b]\n", "kiln.yaml:1:13: error: 'repository' must be a mapping"),
        ("http:\n  listen: {host: x}\n", "kiln.yaml:2:11: error: http.listen: expected a single value"),
        ("log:\n  format: xml\n", "kiln.yaml:2:11: error: log.format: 'xml' is not one of auto, json, text"),
        ("poll:\n  interval: 1m\n  interval: 2m\n", "kiln.yaml:3:3: error: duplicate key 'interval'"),
        ("repository:\n  url: [\n", "kiln.yaml:3:1: error: invalid YAML: did not find expected node content"),
    ]

    @Test(arguments: fileErrors)
    func fileErrorsNameTheirPosition(document: String, expected: String) {
        var configuration = DaemonConfiguration()
        #expect(throws: ConfigError.self) { try configuration.apply(yaml: document, file: "kiln.yaml") }
        do {
            try configuration.apply(yaml: document, file: "kiln.yaml")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func precedenceIsFileThenEnvironmentThenFlags() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-config-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("kiln.yaml").path
        try "repository: {url: file:///srv/images.git}\npoll: {interval: 5m, jitter: 1s}\nhttp: {listen: ':9000'}\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let configuration = try DaemonConfiguration.load(
            file: file,
            environment: [
                "KILN_POLL_INTERVAL": "3m", "KILN_HTTP_LISTEN": "127.0.0.1:9100",
                "KILN_AWS_REGIONS": "eu-west-1, us-east-2",
            ],
            flags: [(path: "poll.interval", values: ["90s"])])
        #expect(configuration.poll.interval == .seconds(90))
        #expect(configuration.poll.jitter == .seconds(1))
        #expect(configuration.http.listen == ListenAddress(host: "127.0.0.1", port: 9100))
        #expect(configuration.aws.regions == ["eu-west-1", "us-east-2"])
    }

    /// (environment or flags, expected description)
    @Test func environmentAndFlagErrorsNameTheirOrigin() {
        #expect(
            throws: ConfigError.invalidValue(
                "poll.jitter", "'x' is not a duration (e.g. 30s, 5m, 1h30m)", origin: "KILN_POLL_JITTER")
        ) {
            try DaemonConfiguration.load(
                file: nil, environment: ["KILN_REPOSITORY_URL": "file:///r", "KILN_POLL_JITTER": "x"])
        }
        #expect(throws: ConfigError.invalidValue("http.listen", "'nowhere' is not host:port", origin: "--listen")) {
            try DaemonConfiguration.load(
                file: nil, environment: ["KILN_REPOSITORY_URL": "file:///r"],
                flags: [(path: "http.listen", values: ["nowhere"])])
        }
        #expect(throws: ConfigError.unreadable("/nonexistent/kiln.yaml", "cannot read the configuration file")) {
            try DaemonConfiguration.load(file: "/nonexistent/kiln.yaml", environment: [:])
        }
    }

    /// (interval, expected jitter when none is set): a short interval gets a proportionate default spread.
    static let defaultJitters: [(String, Duration)] = [
        ("2s", .milliseconds(200)), ("30s", .seconds(3)), ("1m", .seconds(6)), ("5m", .seconds(10)),
    ]

    @Test(arguments: defaultJitters)
    func defaultJitterAdaptsToTheInterval(interval: String, expected: Duration) throws {
        let configuration = try DaemonConfiguration.load(
            file: nil, environment: ["KILN_REPOSITORY_URL": "file:///srv/images.git"],
            flags: [(path: "poll.interval", values: [interval])])
        #expect(configuration.poll.jitter == nil)
        #expect(configuration.poll.effectiveJitter == expected)
        #expect(configuration.poll.effectiveJitter < configuration.poll.interval)
    }

    @Test func aShortBackoffMaxAloneIsAccepted() throws {
        let configuration = try DaemonConfiguration.load(
            file: nil, environment: ["KILN_REPOSITORY_URL": "file:///srv/images.git"],
            flags: [(path: "poll.backoffMax", values: ["10s"])])
        #expect(configuration.poll.backoffInitial == nil)
        #expect(configuration.poll.effectiveBackoffInitial == .seconds(10))
        let defaults = try DaemonConfiguration.load(
            file: nil, environment: ["KILN_REPOSITORY_URL": "file:///srv/images.git"])
        #expect(defaults.poll.effectiveBackoffInitial == .seconds(15))
    }

    @Test func anExplicitJitterIsKept() throws {
        let configuration = try DaemonConfiguration.load(
            file: nil, environment: ["KILN_REPOSITORY_URL": "file:///srv/images.git"],
            flags: [(path: "poll.interval", values: ["2s"]), (path: "poll.jitter", values: ["1s"])])
        #expect(configuration.poll.effectiveJitter == .seconds(1))
    }

    /// (settings, part of the message)
    static let invalidCombinations: [([String: String], String)] = [
        ([:], "no repository"),
        (["KILN_GIT_TOKEN_FILE": "/t", "KILN_GIT_SSH_AGENT": "true", "KILN_GIT_KNOWN_HOSTS_FILE": "/k"], "not both"),
        (["KILN_GIT_SSH_KEY_FILE": "/id"], "knownHostsFile"),
        (["KILN_POLL_INTERVAL": "10s", "KILN_POLL_JITTER": "10s"], "jitter"),
        (["KILN_REPOSITORY_STATUS_BRANCH": "main"], "statusBranch"),
        (["KILN_REPOSITORY_STATUS_PATH": "manifests/status"], "statusPath"),
        (["KILN_POLL_BACKOFF_INITIAL": "20m"], "backoffInitial"),
    ]

    @Test(arguments: invalidCombinations)
    func combinationsAreChecked(settings: [String: String], message: String) {
        var environment = settings
        if message != "no repository" { environment["KILN_REPOSITORY_URL"] = "file:///srv/images.git" }
        do {
            _ = try DaemonConfiguration.load(file: nil, environment: environment)
            Issue.record("accepted \(settings)")
        } catch {
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func everySettingHasItsOwnFlagAndVariable() {
        let keys = DaemonConfiguration.keys
        #expect(Set(keys.map(\.flag)).count == keys.count)
        #expect(Set(keys.map(\.environment)).count == keys.count)
        #expect(DaemonConfiguration.key("poll.backoffInitial")?.environment == "KILN_POLL_BACKOFF_INITIAL")
        #expect(DaemonConfiguration.key("lease.dynamodbTable")?.environment == "KILN_LEASE_DYNAMODB_TABLE")
        for key in keys {
            #expect(key.environment.wholeMatch(of: /KILN_[A-Z0-9_]+/) != nil, "\(key.environment)")
        }
    }

    @Test func theExampleFileIsAValidConfiguration() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let example = root.appendingPathComponent("deploy/kiln.example.yaml").path
        let credentials = "/run/credentials/kiln.service"
        let configuration = try DaemonConfiguration.load(
            file: example, environment: ["CREDENTIALS_DIRECTORY": credentials])
        #expect(configuration.repository.url.isEmpty == false)
        #expect(configuration.git.sshKeyFile == credentials + "/deploy-key")
        let text = try String(contentsOfFile: example, encoding: .utf8)
        for key in DaemonConfiguration.keys {
            let leaf = String(key.path.split(separator: ".").last ?? "")
            #expect(text.contains(leaf + ":"), "the example documents \(key.path)")
            #expect(text.contains(key.environment), "the example names \(key.environment)")
            #expect(text.contains("--" + key.flag), "the example names --\(key.flag)")
        }
    }

    @Test func listenAddresses() {
        #expect(ListenAddress("127.0.0.1:8080") == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(ListenAddress(":0") == ListenAddress(host: "127.0.0.1", port: 0))
        #expect(ListenAddress("[::1]:80")?.description == "[::1]:80")
        #expect(ListenAddress("localhost") == nil)
        #expect(ListenAddress("x:70000") == nil)
    }
}
