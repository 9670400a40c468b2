import ArgumentParser
import Controller

/// One flag per setting of `DaemonConfiguration` (see `DaemonConfiguration.keys` for defaults and variables).
struct DaemonFlags: ParsableArguments {
    // MARK: Repository
    @Option(help: "The git remote to reconcile (repository.url).") var repo: String?
    @Option(name: [.customLong("branch"), .customLong("ref")], help: "The branch to reconcile (default main).")
    var branch: String?
    @Option(help: "The manifest directory (default manifests).") var path: String?
    @Option(help: "The status directory (default status).") var statusPath: String?
    @Option(help: "A separate branch for status commits.") var statusBranch: String?

    // MARK: Git
    @Option(help: "SSH: a private key file.") var sshKey: String?
    @Option(help: "SSH: a file holding the key's passphrase.") var sshKeyPassphraseFile: String?
    @Option(help: "SSH: use the ssh-agent (true/false).") var sshAgent: String?
    @Option(help: "SSH: the known_hosts file.") var knownHosts: String?
    @Option(help: "HTTPS: a file holding an access token.") var gitTokenFile: String?
    @Option(help: "HTTPS: the user name sent with the token.") var gitTokenUsername: String?
    @Option(help: "Author name of status commits (default Kiln).") var gitAuthorName: String?
    @Option(help: "Author e-mail of status commits (default kiln@localhost).") var gitAuthorEmail: String?
    @Option(help: "HTTPS: a PEM file of CAs replacing the system's.") var gitCaFile: String?
    @Option(help: "The deadline of each fetch and push (default 2m).") var gitTimeout: String?

    // MARK: Securing the source
    @Option(help: "Act when the branch was rewritten (true/false, default false).") var allowRewrite: String?
    @Option(help: "Act only on commits signed by a key in this allowed_signers file.") var allowedSigners: String?
    @Option(help: "Act only on commits signed by a key in this OpenPGP keyring.") var gpgKeyring: String?
    @Option(help: "An SSH private key that signs status commits.") var gitSigningKey: String?
    @Option(help: "Close idle HTTP connections after this (default 60s).") var httpIdleTimeout: String?
    @Option(help: "A request must arrive whole within this (default 10s).") var httpReadTimeout: String?
    @Option(help: "At most this many HTTP connections (default 64).") var httpMaxConnections: String?

    // MARK: AWS
    @Option(help: "The AWS shared-config profile.") var awsProfile: String?
    @Option(help: "A region to observe besides the manifests' (repeatable).") var region: [String] = []
    @Option(help: "The kiln:owner of what this controller creates.") var owner: String?
    @Option(help: "ACCOUNT=ROLE_ARN[;externalIdFile=PATH]: a role Kiln acts through in that account (repeatable).")
    var account: [String] = []

    // MARK: Loop
    @Option(help: "How often the branch is fetched (default 1m).") var interval: String?
    @Option(help: "Random spread of the interval (default: a tenth of the interval, at most 10s).") var jitter: String?
    @Option(help: "A full cycle at least this often (default 10m).") var resync: String?
    @Option(help: "Longest pause while work is in progress (default 20s).") var recheck: String?
    @Option(help: "First pause after a failure (default 15s, at most --backoff-max).") var backoffInitial: String?
    @Option(help: "Longest pause after failures (default 10m).") var backoffMax: String?
    @Option(help: "At most this many bakes at once (default 2).") var maxConcurrentBakes: String?

    // MARK: HTTP
    @Option(help: "host:port of the HTTP endpoints (default 127.0.0.1:8080).") var listen: String?
    @Option(help: "A file holding the GitHub webhook secret.") var webhookSecretFile: String?
    @Option(help: "Largest webhook body in bytes (default 1048576).") var maxBodyBytes: String?

    // MARK: Other
    @Option(help: "Where the mirror is kept.") var cacheDir: String?
    @Option(help: "The lock file (default <cache-dir>/kiln.lock).") var leaseLockFile: String?
    @Option(help: "A DynamoDB table for a multi-host lease.") var leaseDynamodbTable: String?
    @Option(help: "The lease table's region (default AWS_REGION, else the first --region).") var leaseRegion: String?
    @Option(help: "How long a lease lasts unrenewed (default 60s).") var leaseDuration: String?
    @Option(help: "auto, json or text (default auto).") var logFormat: String?
    @Option(help: "trace, debug, info, notice, warning, error (default info).") var logLevel: String?

    // MARK: Guardrails (each repeatable; a flag replaces the file's list)
    @Option(help: "An account id manifests may share with.") var guardrailDistributeAccount: [String] = []
    @Option(help: "A region manifests may use (default every region).") var guardrailRegion: [String] = []
    @Option(help: "A launch template glob (default *).") var guardrailLaunchTemplate: [String] = []
    @Option(help: "An Auto Scaling group glob (default *).") var guardrailAutoScalingGroup: [String] = []
    @Option(help: "An SSM parameter prefix (default /kiln/).") var guardrailSsmParameterPrefix: [String] = []
    @Option(help: "An instance profile glob (default *).") var guardrailInstanceProfile: [String] = []

    // MARK: Pricing of cost estimates (each repeatable; a flag replaces the file's entries)
    @Option(help: "TYPE=PRICE or REGION/TYPE=PRICE: on-demand $/hour.") var priceInstance: [String] = []
    @Option(help: "REGION=PRICE or *=PRICE: EBS snapshot $/GB-month.") var priceSnapshot: [String] = []
    @Option(help: "A builder's typical run time (default 20m).") var priceTypicalBake: String?

    // MARK: Notifications
    @Option(help: "A webhook URL told what Kiln did (repeatable; https unless loopback).")
    var notifyWebhook: [String] = []
    @Option(help: "An SNS topic ARN told what Kiln did (repeatable).") var notifySnsTopic: [String] = []
    @Option(help: "Attempts per notification (default 5).") var notifyMaxAttempts: String?
    @Option(help: "Notifications waiting per sink (default 256).") var notifyQueueSize: String?

    /// The flags given, as dotted setting paths and values.
    var values: [(path: String, values: [String])] {
        let singles: [(String, String?)] = [
            ("repository.url", repo), ("repository.branch", branch), ("repository.manifestsPath", path),
            ("repository.statusPath", statusPath), ("repository.statusBranch", statusBranch),
            ("git.sshKeyFile", sshKey), ("git.sshKeyPassphraseFile", sshKeyPassphraseFile),
            ("git.sshAgent", sshAgent), ("git.knownHostsFile", knownHosts), ("git.tokenFile", gitTokenFile),
            ("git.tokenUsername", gitTokenUsername), ("git.authorName", gitAuthorName),
            ("git.authorEmail", gitAuthorEmail), ("git.caFile", gitCaFile), ("git.timeout", gitTimeout),
            ("aws.profile", awsProfile), ("owner", owner),
            ("poll.interval", interval), ("poll.jitter", jitter), ("poll.resync", resync),
            ("poll.recheck", recheck), ("poll.backoffInitial", backoffInitial), ("poll.backoffMax", backoffMax),
            ("bake.concurrency", maxConcurrentBakes), ("http.listen", listen),
            ("http.webhookSecretFile", webhookSecretFile), ("http.maxBodyBytes", maxBodyBytes),
            ("cacheDir", cacheDir), ("lease.lockFile", leaseLockFile),
            ("lease.dynamodbTable", leaseDynamodbTable), ("lease.region", leaseRegion),
            ("lease.duration", leaseDuration),
            ("log.format", logFormat), ("log.level", logLevel),
        ]
        let source: [(String, String?)] = [
            ("repository.allowRewrite", allowRewrite), ("git.verify.allowedSignersFile", allowedSigners),
            ("git.verify.gpgKeyring", gpgKeyring), ("git.signingKeyFile", gitSigningKey),
            ("http.idleTimeout", httpIdleTimeout), ("http.readTimeout", httpReadTimeout),
            ("http.maxConnections", httpMaxConnections), ("pricing.typicalBake", priceTypicalBake),
            ("notify.maxAttempts", notifyMaxAttempts), ("notify.queueSize", notifyQueueSize),
        ]
        var result = (singles + source).compactMap { path, value in value.map { (path: path, values: [$0]) } }
        if !region.isEmpty { result.append((path: "aws.regions", values: region)) }
        if !account.isEmpty { result.append((path: "accounts", values: account)) }
        let guardrails: [(String, [String])] = [
            ("guardrails.distributeAccounts", guardrailDistributeAccount), ("guardrails.regions", guardrailRegion),
            ("guardrails.launchTemplates", guardrailLaunchTemplate),
            ("guardrails.autoScalingGroups", guardrailAutoScalingGroup),
            ("guardrails.ssmParameterPrefixes", guardrailSsmParameterPrefix),
            ("guardrails.instanceProfiles", guardrailInstanceProfile),
            ("pricing.instanceUSD", priceInstance), ("pricing.snapshotUSD", priceSnapshot),
            ("notify.webhooks", notifyWebhook), ("notify.snsTopics", notifySnsTopic),
        ]
        result += guardrails.filter { !$0.1.isEmpty }.map { (path: $0.0, values: $0.1) }
        return result
    }
}
