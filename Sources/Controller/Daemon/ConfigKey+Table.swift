import Foundation

// MARK: - Every setting

extension DaemonConfiguration {
    /// Every setting, in the order of the reference.
    public static let keys: [ConfigKey] =
        repositoryKeys + gitKeys + awsKeys + accountKeys + loopKeys + httpKeys + otherKeys + guardrailKeys + pricingKeys
        + notifyKeys

    /// The setting at a dotted path.
    public static func key(_ path: String) -> ConfigKey? {
        keys.first { $0.path == path }
    }

    private static let repositoryKeys: [ConfigKey] = [
        ConfigKey("repository.url", flag: "repo", default: "(required)", "The git remote to reconcile.") {
            $0.repository.url = try ConfigValue.text($1)
        },
        ConfigKey("repository.branch", flag: "branch", default: "main", "The branch whose tip is reconciled.") {
            $0.repository.branch = try ConfigValue.text($1)
        },
        ConfigKey("repository.manifestsPath", flag: "path", default: "manifests", "The manifest directory.") {
            $0.repository.manifestsPath = try ConfigValue.text($1)
        },
        ConfigKey("repository.statusPath", flag: "status-path", default: "status", "The directory Kiln writes.") {
            $0.repository.statusPath = try ConfigValue.text($1)
        },
        ConfigKey(
            "repository.statusBranch", flag: "status-branch", default: "(the tracked branch)",
            "A separate branch for status commits."
        ) { $0.repository.statusBranch = try ConfigValue.optionalText($1) },
        ConfigKey(
            "repository.allowRewrite", flag: "allow-rewrite", default: "false",
            "Act when the branch no longer descends from the commit last acted on (a force-push)."
        ) { $0.repository.allowRewrite = try ConfigValue.boolean($1) },
    ]

    private static let gitKeys: [ConfigKey] = [
        ConfigKey("git.sshKeyFile", flag: "ssh-key", default: "(none)", "SSH: a private key file.") {
            $0.git.sshKeyFile = try ConfigValue.optionalText($1)
        },
        ConfigKey(
            "git.sshKeyPassphraseFile", flag: "ssh-key-passphrase-file", default: "(none)",
            "SSH: a file holding the key's passphrase."
        ) { $0.git.sshKeyPassphraseFile = try ConfigValue.optionalText($1) },
        ConfigKey("git.sshAgent", flag: "ssh-agent", default: "false", "SSH: use the ssh-agent's keys.") {
            $0.git.sshAgent = try ConfigValue.boolean($1)
        },
        ConfigKey(
            "git.knownHostsFile", flag: "known-hosts", default: "(none)",
            "SSH: the known_hosts file that must list the remote's host key (required with SSH)."
        ) { $0.git.knownHostsFile = try ConfigValue.optionalText($1) },
        ConfigKey(
            "git.tokenFile", flag: "git-token-file", default: "(none)",
            "HTTPS: a file holding an access token; read at each connection, never logged."
        ) { $0.git.tokenFile = try ConfigValue.optionalText($1) },
        ConfigKey(
            "git.tokenUsername", flag: "git-token-username", default: "x-access-token",
            "HTTPS: the user name sent with the token."
        ) { $0.git.tokenUsername = try ConfigValue.text($1) },
        ConfigKey("git.authorName", flag: "git-author-name", default: "Kiln", "Author of status commits.") {
            $0.git.authorName = try ConfigValue.text($1)
        },
        ConfigKey(
            "git.authorEmail", flag: "git-author-email", default: "kiln@localhost", "E-mail of status commits."
        ) { $0.git.authorEmail = try ConfigValue.text($1) },
        ConfigKey(
            "git.caFile", flag: "git-ca-file", default: "(the system's)",
            "HTTPS: a PEM file of certificate authorities that replaces the system's trust store."
        ) { $0.git.caFile = try ConfigValue.optionalText($1) },
        ConfigKey("git.timeout", flag: "git-timeout", default: "2m", "The deadline of each fetch and push.") {
            $0.git.timeout = try ConfigValue.positiveDuration($1)
        },
        // Signed commits
        ConfigKey(
            "git.verify.allowedSignersFile", flag: "allowed-signers", default: "(none)",
            "Act only on manifest commits SSH-signed by a key in this OpenSSH allowed_signers file."
        ) { $0.git.verify.allowedSignersFile = try ConfigValue.optionalText($1) },
        ConfigKey(
            "git.verify.gpgKeyring", flag: "gpg-keyring", default: "(none)",
            "Act only on manifest commits OpenPGP-signed by a key in this keyring."
        ) { $0.git.verify.gpgKeyring = try ConfigValue.optionalText($1) },
        ConfigKey(
            "git.signingKeyFile", flag: "git-signing-key", default: "(none: unsigned)",
            "An SSH private key that signs Kiln's status commits."
        ) { $0.git.signingKeyFile = try ConfigValue.optionalText($1) },
    ]

    private static let awsKeys: [ConfigKey] = [
        ConfigKey("aws.profile", flag: "aws-profile", default: "(AWS_PROFILE)", "The AWS shared-config profile.") {
            $0.aws.profile = try ConfigValue.optionalText($1)
        },
        ConfigKey(
            "aws.regions", flag: "region", default: "[]", list: true,
            "Regions observed besides those the manifests mention."
        ) { $0.aws.regions = try ConfigValue.regions($1) },
    ]

    private static let loopKeys: [ConfigKey] = [
        ConfigKey("poll.interval", flag: "interval", default: "1m", "How often the branch is fetched.") {
            $0.poll.interval = try ConfigValue.positiveDuration($1)
        },
        ConfigKey(
            "poll.jitter", flag: "jitter", default: "interval/10, at most 10s", "Random spread added to each interval."
        ) {
            $0.poll.jitter = try ConfigValue.duration($1)
        },
        ConfigKey(
            "poll.resync", flag: "resync", default: "10m",
            "A full cycle runs at least this often, even when git is unchanged."
        ) { $0.poll.resync = try ConfigValue.positiveDuration($1) },
        ConfigKey(
            "poll.recheck", flag: "recheck", default: "20s",
            "While a bake or rollout is in progress, the longest pause between cycles."
        ) { $0.poll.recheck = try ConfigValue.positiveDuration($1) },
        ConfigKey(
            "poll.backoffInitial", flag: "backoff-initial", default: "15s, at most poll.backoffMax",
            "The first pause after a failed cycle (doubled per failure)."
        ) { $0.poll.backoffInitial = try ConfigValue.positiveDuration($1) },
        ConfigKey("poll.backoffMax", flag: "backoff-max", default: "10m", "The longest pause after failures.") {
            $0.poll.backoffMax = try ConfigValue.positiveDuration($1)
        },
        ConfigKey(
            "bake.concurrency", flag: "max-concurrent-bakes", default: "2",
            "At most this many bakes have a builder at once."
        ) { $0.bakeConcurrency = try ConfigValue.integer($1, atLeast: 1) },
    ]

    private static let httpKeys: [ConfigKey] = [
        ConfigKey(
            "http.listen", flag: "listen", default: "127.0.0.1:8080",
            "The address of the status page, /hooks/github, /healthz, /readyz and /metrics."
        ) { configuration, values in
            let text = try ConfigValue.text(values)
            guard let address = ListenAddress(text) else { throw ConfigValueError("'\(text)' is not host:port") }
            configuration.http.listen = address
        },
        ConfigKey(
            "http.webhookSecretFile", flag: "webhook-secret-file", default: "(none: webhook off)",
            "A file holding the GitHub webhook secret."
        ) { $0.http.webhookSecretFile = try ConfigValue.optionalText($1) },
        ConfigKey(
            "http.maxBodyBytes", flag: "max-body-bytes", default: "1048576", "Larger webhook bodies are refused."
        ) { $0.http.maxBodyBytes = try ConfigValue.integer($1, atLeast: 1024) },
        ConfigKey(
            "http.idleTimeout", flag: "http-idle-timeout", default: "60s", "An idle connection is closed after this."
        ) { $0.http.idleTimeout = try ConfigValue.positiveDuration($1) },
        ConfigKey(
            "http.readTimeout", flag: "http-read-timeout", default: "10s",
            "A request must arrive whole within this; slower clients are disconnected."
        ) { $0.http.readTimeout = try ConfigValue.positiveDuration($1) },
        ConfigKey(
            "http.maxConnections", flag: "http-max-connections", default: "64",
            "At most this many open connections; more wait to be accepted."
        ) { $0.http.maxConnections = try ConfigValue.integer($1, atLeast: 1) },
        ConfigKey(
            "http.pageAuth", flag: "page-auth", default: "none",
            "Who may read the status page: none (whoever reaches the listener), basic or bearer."
        ) { configuration, values in
            let text = try ConfigValue.text(values)
            guard let scheme = StatusPageAuth.Scheme(rawValue: text) else {
                throw ConfigValueError("'\(text)' is not one of none, basic, bearer")
            }
            configuration.http.pageAuth = scheme
        },
        ConfigKey(
            "http.basicAuthFile", flag: "basic-auth-file", default: "(none)",
            "pageAuth basic: a file holding one line user:password (mode 600)."
        ) { $0.http.basicAuthFile = try ConfigValue.optionalText($1) },
        ConfigKey(
            "http.bearerTokenFile", flag: "bearer-token-file", default: "(none)",
            "pageAuth bearer: a file holding the token (mode 600)."
        ) { $0.http.bearerTokenFile = try ConfigValue.optionalText($1) },
        ConfigKey(
            "http.pageHistoryCommits", flag: "page-history-commits", default: "200",
            "The status page's history reads at most this many status-branch commits."
        ) { $0.http.pageHistoryCommits = try ConfigValue.integer($1, atLeast: 1) },
    ]

    private static let otherKeys: [ConfigKey] = [
        ConfigKey(
            "owner", flag: "owner", default: "(derived)",
            "The kiln:owner of what this controller creates; default derived from repository, branch and path."
        ) { configuration, values in
            let owner = try ConfigValue.optionalText(values)
            if let owner, !Self.isTagSafe(owner) {
                throw ConfigValueError("1 to 128 letters, digits, spaces and + - = . _ : / @")
            }
            configuration.owner = owner
        },
        ConfigKey(
            "cacheDir", flag: "cache-dir", default: "~/.cache/kiln/repositories", "Where the mirror is kept."
        ) { $0.cacheDirectory = try ConfigValue.text($1) },
        ConfigKey(
            "lease.lockFile", flag: "lease-lock-file", default: "<cacheDir>/kiln.lock",
            "A lock file held while the daemon runs: one writer per host."
        ) { $0.lease.lockFile = try ConfigValue.optionalText($1) },
        ConfigKey(
            "lease.dynamodbTable", flag: "lease-dynamodb-table", default: "(none)",
            "A DynamoDB table for a lease shared by several hosts."
        ) { $0.lease.dynamodbTable = try ConfigValue.optionalText($1) },
        ConfigKey(
            "lease.region", flag: "lease-region", default: "AWS_REGION, else the first of aws.regions",
            "The region of the lease table."
        ) { configuration, values in
            let region = try ConfigValue.optionalText(values)
            if let region, !Self.isRegionName(region) {
                throw ConfigValueError("'\(region)' is not an AWS region name")
            }
            configuration.lease.region = region
        },
        ConfigKey("lease.duration", flag: "lease-duration", default: "60s", "How long a lease lasts unrenewed.") {
            $0.lease.duration = try ConfigValue.positiveDuration($1)
        },
        ConfigKey("log.format", flag: "log-format", default: "auto", "auto, json or text.") {
            configuration, values in
            let text = try ConfigValue.text(values)
            guard let format = LogSettings.Format(rawValue: text) else {
                throw ConfigValueError("'\(text)' is not one of auto, json, text")
            }
            configuration.log.format = format
        },
        ConfigKey("log.level", flag: "log-level", default: "info", "trace, debug, info, notice, warning, error.") {
            configuration, values in
            let text = try ConfigValue.text(values)
            let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            guard levels.contains(text) else { throw ConfigValueError("'\(text)' is not a log level") }
            configuration.log.level = text
        },
    ]

    /// AWS region names, e.g. `us-east-1`.
    static func isRegionName(_ text: String) -> Bool {
        text.wholeMatch(of: /[a-z]{2}(-[a-z]+)+-\d+/) != nil
    }

    /// A `kiln:owner` value: 1 to 128 letters, digits, spaces and `+ - = . _ : / @` (AWS tag values allow 256).
    public static func isTagSafe(_ text: String) -> Bool {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: " +-=._:/@"))
        return (1...128).contains(text.count) && text.unicodeScalars.allSatisfy { allowed.contains($0) }
    }
}
