/// Verifies a commit signature with the external tool its trust store belongs to: `ssh-keygen` for an SSH
/// `allowed_signers` file, `gpgv` for an OpenPGP keyring.
struct SignatureVerification {
    /// Where an allowed signer is found.
    enum Trust {
        /// An SSH `allowed_signers` file, absolute.
        case allowedSigners(String)
        /// An OpenPGP keyring, absolute.
        case keyring(String)
    }

    let trust: Trust
    let timeout: Duration

    /// The signer of `signature` over `commit`, or a refusal saying why there is none.
    func verify(_ signature: CommitSignature, commit: ObjectID) throws(SignatureRefusal) -> VerifiedSigner {
        let (toolName, signatureFile) =
            switch trust {
            case .allowedSigners: ("ssh-keygen", "commit.sig")
            case .keyring: ("gpgv", "commit.asc")
            }
        let tool = ExternalTool(name: toolName, timeout: timeout)
        return try ExternalTool.verify(signature, of: commit, signatureFile: signatureFile) {
            (scratch, signatureFile, payload) throws(GitError) -> ExternalTool.Verdict in
            let run = ToolRun(
                tool: tool, scratch: scratch, signatureFile: signatureFile, payload: payload, commit: commit)
            switch trust {
            case .allowedSigners(let allowedSigners): return try run.sshVerdict(allowedSigners: allowedSigners)
            case .keyring(let keyring): return try run.openPGPVerdict(keyring: keyring)
            }
        }
    }

    /// One check of one signature: the tool, its scratch directory with the signature and the signed bytes.
    struct ToolRun {
        let tool: ExternalTool
        let scratch: Scratch
        /// The signature's path.
        let signatureFile: String
        /// The signed bytes' path.
        let payload: String
        let commit: ObjectID
    }
}
