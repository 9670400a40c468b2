import ArgumentParser
import Git

/// `--allowed-signers FILE` and `--gpg-keyring FILE`: who must have signed the manifest commit (`plan`, `apply`,
/// `validate --repo`).
struct SignatureOptions: ParsableArguments {
    @Option(help: "Act only on a manifest commit signed (SSH) by a key in this OpenSSH allowed_signers file.")
    var allowedSigners: String?

    @Option(help: "Act only on a manifest commit signed (OpenPGP) by a key in this keyring (gpgv --keyring).")
    var gpgKeyring: String?

    /// The signers these options allow; nil when neither is given (nothing is verified).
    var policy: SignaturePolicy? {
        let policy = SignaturePolicy(allowedSignersFile: allowedSigners, gpgKeyring: gpgKeyring)
        return policy.isEnabled ? policy : nil
    }
}
