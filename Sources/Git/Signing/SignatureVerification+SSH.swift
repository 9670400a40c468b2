import Foundation

extension SignatureVerification.ToolRun {
    /// Checks an SSH signature as git does: `ssh-keygen -Y find-principals` names the allowed signers whose key
    /// made the signature, then `ssh-keygen -Y verify -n git` checks it over the signed bytes for one of them.
    func sshVerdict(allowedSigners: String) throws(GitError) -> ExternalTool.Verdict {
        let found = try tool.run(["-Y", "find-principals", "-f", allowedSigners, "-s", signatureFile], in: scratch)
        let principals = found.standardOutput.split(whereSeparator: \.isNewline).map(String.init)
        guard found.status == 0, !principals.isEmpty else {
            return .failure(
                SignatureRefusal(commit, .unknownSigner, "no allowed signer has this key; \(found.standardError)"))
        }
        var failures: [String] = []
        for principal in principals {
            let verified = try tool.run(
                ["-Y", "verify", "-f", allowedSigners, "-I", principal, "-n", "git", "-s", signatureFile],
                input: payload, in: scratch)
            if verified.status == 0 {
                let text = verified.standardOutput + verified.standardError
                let fingerprint = text.firstMatch(of: /SHA256:[A-Za-z0-9+\/=]+/).map { String($0.output) }
                return .success(VerifiedSigner(format: .ssh, principal: principal, fingerprint: fingerprint ?? "-"))
            }
            failures.append(verified.standardError + verified.standardOutput)
        }
        return .failure(SignatureRefusal(commit, .badSignature, failures.joined(separator: "; ")))
    }
}
