/// The one way a signature is checked by an external tool, whatever its format.
extension ExternalTool {
    /// A tool's verdict on a signature: the signer it trusts, or why the commit is refused.
    typealias Verdict = Result<VerifiedSigner, SignatureRefusal>

    /// Checks `signature` in a fresh scratch directory holding the signature (as `signatureFile`) and the signed
    /// bytes (as `payload`); `check` runs the tool and returns its verdict.
    ///
    /// A tool that cannot run at all (missing, timed out, no scratch space) refuses the commit as `verifierFailed`.
    static func verify(
        _ signature: CommitSignature, of commit: ObjectID, signatureFile: String,
        _ check: (_ scratch: Scratch, _ signatureFile: String, _ payload: String) throws(GitError) -> Verdict
    ) throws(SignatureRefusal) -> VerifiedSigner {
        let verdict: Verdict
        do {
            verdict = try withScratch { (scratch) throws(GitError) -> Verdict in
                let signaturePath = try scratch.write(signatureFile, signature.signature)
                let payload = try scratch.write("payload", signature.signedData)
                return try check(scratch, signaturePath, payload)
            }
        } catch {
            throw SignatureRefusal(commit, .verifierFailed, error.message)
        }
        return try verdict.get()
    }
}
