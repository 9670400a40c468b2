import Foundation
import Git
import Manifest
import Planner

// MARK: - The daemon's settings

/// Everything `kiln daemon` needs to know, from a YAML file, `KILN_…` environment variables and flags (in
/// increasing precedence). `DaemonConfiguration.keys` lists every setting with its default, flag and variable.
public struct DaemonConfiguration: Sendable, Equatable {
    /// The repository and the paths inside it.
    public var repository = RepositorySettings()
    /// Credentials for the git remote, and who Kiln's status commits are by.
    public var git = GitSettings()
    /// AWS profile and extra regions.
    public var aws = AWSSettings()
    /// The `kiln:owner` of everything this controller creates; nil derives it from repository, branch and path.
    public var owner: String?
    /// When the loop wakes up.
    public var poll = PollSettings()
    /// At most this many bakes have a live builder at once.
    public var bakeConcurrency = 2
    /// The HTTP endpoints.
    public var http = HTTPSettings()
    /// Where mirrors of the repository are kept.
    public var cacheDirectory = GitManifestSource.defaultCacheDirectory
    /// Single-writer guarantee.
    public var lease = LeaseSettings()
    /// Log format and level.
    public var log = LogSettings()
    /// What manifests may reach: accounts, regions, launch templates, groups, parameters, instance profiles.
    public var guardrails = Guardrails()
    /// The prices of `kiln plan`'s cost estimates (`pricing:`).
    public var pricing = PriceTable.shipped
    /// Webhooks and SNS topics that are told what Kiln did.
    public var notify = NotifySettings()
    /// Roles in other accounts (`accounts:`), sorted by account id.
    public var accounts: [AccountRole] = []

    /// The defaults: no repository yet (it is required).
    public init() {}

    /// The owner to use: `owner`, or the one derived from the repository URL, branch and manifest path.
    public var resolvedOwner: String {
        owner ?? Owner.derive(repository: repository.url, branch: repository.branch, path: repository.manifestsPath)
    }

    /// The branch status commits go to: the status branch, or the tracked branch.
    public var statusTargetBranch: String { repository.statusBranch ?? repository.branch }
}

// MARK: - Groups

/// The repository and the paths inside it.
public struct RepositorySettings: Sendable, Equatable {
    /// The remote: `https://`, `ssh://`, `git://`, `file://` or `user@host:path`.
    public var url = ""
    /// The branch whose tip is reconciled.
    public var branch = "main"
    /// The manifest directory.
    public var manifestsPath = "manifests"
    /// The status directory Kiln writes.
    public var statusPath = "status"
    /// A separate branch for status commits; nil writes them to `branch`.
    public var statusBranch: String?
    /// Act on a branch moved to a commit that does not descend from the last one acted on; false stops and waits.
    public var allowRewrite = false
}

/// Credentials for the git remote and the identity of status commits.
public struct GitSettings: Sendable, Equatable {
    /// SSH: a private key file.
    public var sshKeyFile: String?
    /// SSH: a file holding the key's passphrase.
    public var sshKeyPassphraseFile: String?
    /// SSH: use the keys of the running ssh-agent.
    public var sshAgent = false
    /// SSH: the known_hosts file that must list the remote's host key.
    public var knownHostsFile: String?
    /// HTTPS: a file holding a token (read at each connection, never logged).
    public var tokenFile: String?
    /// HTTPS: the user name sent with the token.
    public var tokenUsername = "x-access-token"
    /// The author and committer name of status commits.
    public var authorName = "Kiln"
    /// The author and committer e-mail of status commits.
    public var authorEmail = "kiln@localhost"
    /// HTTPS: a PEM file of certificate authorities that replaces the system's for the remote.
    public var caFile: String?
    /// The deadline of each fetch and push.
    public var timeout: Duration = GitTransferSettings.defaultTimeout

    /// The TLS trust and deadline of transfers.
    public var transfer: GitTransferSettings { GitTransferSettings(caFile: caFile, timeout: timeout) }
    /// Signers a manifest commit must be signed by (none set: commits are not verified).
    public var verify = SignaturePolicy()
    /// An SSH private key (no passphrase) that signs Kiln's status commits; nil leaves them unsigned.
    public var signingKeyFile: String?

    /// The credentials these settings describe.
    public var credentials: GitCredentials {
        if let tokenFile { return .httpsToken(tokenFile: tokenFile, username: tokenUsername) }
        guard let knownHostsFile else { return .none }
        let identity: SSHCredentials.Identity =
            sshKeyFile.map { .keyFile(privateKey: $0, passphraseFile: sshKeyPassphraseFile) } ?? .agent
        return .ssh(SSHCredentials(identity: identity, knownHostsFile: knownHostsFile))
    }
}

/// AWS settings beyond the standard environment.
public struct AWSSettings: Sendable, Equatable {
    /// The shared-config profile (`AWS_PROFILE`); nil uses the environment's.
    public var profile: String?
    /// Regions observed besides those the manifests mention.
    public var regions: [String] = []
}

/// When the loop wakes up and how it backs off.
public struct PollSettings: Sendable, Equatable {
    /// How often the branch is fetched.
    public var interval: Duration = .seconds(60)
    /// Up to this much is added to or taken from each interval, at random; nil means `defaultJitter`.
    public var jitter: Duration?
    /// A full cycle runs at least this often even when nothing changed in git (level-triggered re-check).
    public var resync: Duration = .seconds(600)
    /// While a bake or rollout is in progress, the next cycle runs after at most this long.
    public var recheck: Duration = .seconds(20)
    /// The first wait after a failed cycle; doubled per consecutive failure. nil means `defaultBackoffInitial`.
    public var backoffInitial: Duration?
    /// The longest wait after failed cycles.
    public var backoffMax: Duration = .seconds(600)

    /// The spread in force: the configured jitter, else a tenth of the interval, at most 10 s, so a short
    /// interval gets a proportionate spread rather than one longer than itself.
    public var effectiveJitter: Duration { jitter ?? Self.defaultJitter(interval: interval) }

    /// The jitter used when none is configured: a tenth of `interval`, at most 10 s.
    public static func defaultJitter(interval: Duration) -> Duration { min(interval / 10, .seconds(10)) }

    /// The first backoff in force: the configured one, else 15 s, at most `backoffMax` (so a short `backoffMax`
    /// alone is a complete setting).
    public var effectiveBackoffInitial: Duration { backoffInitial ?? min(.seconds(15), backoffMax) }
}

/// The HTTP endpoints.
public struct HTTPSettings: Sendable, Equatable {
    /// The address the server listens on.
    public var listen = ListenAddress(host: "127.0.0.1", port: 8080)
    /// A file holding the GitHub webhook secret; without one, `/hooks/github` answers 404.
    public var webhookSecretFile: String?
    /// Larger webhook bodies are refused (413).
    public var maxBodyBytes = 1 << 20
    /// A connection without traffic is closed after this.
    public var idleTimeout: Duration = .seconds(60)
    /// A request (head and body) must arrive within this, else the connection is closed.
    public var readTimeout: Duration = .seconds(10)
    /// At most this many connections are open; further ones wait in the accept queue.
    public var maxConnections = 64
    /// Who may read the status page (`/`, `/images/<name>`, `/api/status`).
    public var pageAuth = StatusPageAuth.Scheme.none
    /// `pageAuth: basic`: a file holding one line `user:password`.
    public var basicAuthFile: String?
    /// `pageAuth: bearer`: a file holding the token.
    public var bearerTokenFile: String?
    /// The status page's history reads at most this many commits of the status branch.
    public var pageHistoryCommits = 200
}

/// A host and a port.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    /// `127.0.0.1:8080`.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

extension ListenAddress {
    /// Parses `host:port`, `[v6]:port` or `:port` (loopback).
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host.isEmpty ? "127.0.0.1" : host
        self.port = port
    }
}

/// The single-writer lease.
public struct LeaseSettings: Sendable, Equatable {
    /// A lock file held while the daemon runs (one host); default `<cacheDir>/kiln.lock`.
    public var lockFile: String?
    /// A DynamoDB table for a lease shared by several hosts (conditional writes).
    public var dynamodbTable: String?
    /// The region of `dynamodbTable`; default the AWS configuration's region, else the first of `aws.regions`.
    public var region: String?
    /// How long a DynamoDB lease lasts without renewal.
    public var duration: Duration = .seconds(60)
}

/// How logs are written.
public struct LogSettings: Sendable, Equatable {
    /// `auto` (JSON lines unless standard error is a terminal), `json` or `text`.
    public enum Format: String, Sendable, Equatable, CaseIterable {
        case auto, json, text
    }

    public var format = Format.auto
    /// `trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical`.
    public var level = "info"
}
