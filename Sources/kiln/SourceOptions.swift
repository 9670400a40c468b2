import ArgumentParser
import Controller
import Foundation
import Git

/// Where the manifests come from and who owns what Kiln creates: shared by `kiln plan` and `kiln apply`.
struct SourceOptions: ParsableArguments {
    @Option(help: "The git repository: a local path, or a URL (https://, ssh://, git://, file://, user@host:path).")
    var repo: String

    @Option(
        help:
            "The revision to read: any revision of a local repository (default HEAD), a branch of a URL (default main)."
    )
    var ref: String?

    @Option(help: "The manifest directory inside the repository.")
    var path: String = "manifests"

    @Option(help: "The status directory inside the repository (failures recorded there are honoured).")
    var statusPath: String = "status"

    @Option(
        help: """
            The kiln:owner of everything this controller creates (default: $KILN_OWNER, else derived from the \
            repository, the ref and the path). Give the daemon's owner when planning from a pull-request checkout.
            """)
    var owner: String?

    @Option(help: "Where mirrors of remote repositories are kept.")
    var cacheDir: String = GitManifestSource.defaultCacheDirectory

    @Option(help: "HTTPS: a file holding a token for the git remote.")
    var gitTokenFile: String?

    @Option(help: "SSH: the private key for the git remote (default: the ssh-agent).")
    var sshKey: String?

    @Option(help: "SSH: the known_hosts file that must hold the git remote's host key.")
    var knownHosts: String?

    @OptionGroup var transfer: GitTransferOptions

    @OptionGroup var signatures: SignatureOptions

    func validate() throws {
        if gitTokenFile != nil, sshKey != nil {
            throw ValidationError("give either --git-token-file or --ssh-key, not both")
        }
        if sshKey != nil, knownHosts == nil {
            throw ValidationError("--ssh-key needs --known-hosts")
        }
        if let owner = resolvedOwnerOverride, !DaemonConfiguration.isTagSafe(owner) {
            throw ValidationError(
                "--owner must be 1 to 128 characters of letters, digits, spaces and + - = . _ : / @")
        }
        try GitTransferOptions.check(credentials, for: repo)
    }

    /// The manifest source these options describe.
    var source: GitManifestSource {
        var source = GitManifestSource(
            location: repo, ref: ref, path: path, statusPath: statusPath, cacheDirectory: cacheDir,
            credentials: credentials, transfer: transfer.settings)
        source.signatures = signatures.policy
        return source
    }

    /// `--owner`, else `$KILN_OWNER`, else derived from the source.
    var resolvedOwner: String {
        resolvedOwnerOverride ?? source.defaultOwner
    }

    private var resolvedOwnerOverride: String? {
        if let owner { return owner }
        let environment = ProcessInfo.processInfo.environment["KILN_OWNER"] ?? ""
        return environment.isEmpty ? nil : environment
    }

    private var credentials: GitCredentials {
        if let gitTokenFile { return .httpsToken(tokenFile: gitTokenFile) }
        if let knownHosts {
            let identity: SSHCredentials.Identity = sshKey.map { .keyFile(privateKey: $0) } ?? .agent
            return .ssh(SSHCredentials(identity: identity, knownHostsFile: knownHosts))
        }
        return .none
    }
}
