import Foundation

extension Repository {
    /// A signer that signs commit content with an SSH private key, as `git commit -S` with `gpg.format=ssh` does:
    /// `ssh-keygen -Y sign -n git -f <key>`. The key file must not need a passphrase.
    public static func sshSigner(keyFile: String, timeout: Duration = .seconds(30)) -> CommitSigner {
        let key = SignaturePolicy.absolute(keyFile)
        return { (content: Data) throws(GitError) -> Data in
            let tool = ExternalTool(name: "ssh-keygen", timeout: timeout)
            return try ExternalTool.withScratch { (scratch) throws(GitError) -> Data in
                let payload = try scratch.write("payload", content)
                let outcome = try tool.run(["-Y", "sign", "-n", "git", "-f", key, payload], in: scratch)
                guard outcome.status == 0,
                    let signature = FileManager.default.contents(atPath: payload + ".sig"), !signature.isEmpty
                else {
                    throw GitError(
                        .other, operation: "sign a commit with \(keyFile)",
                        message: "ssh-keygen -Y sign failed: \(outcome.standardError.prefix(400))")
                }
                return signature
            }
        }
    }
}
