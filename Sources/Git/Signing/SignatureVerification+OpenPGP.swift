import Foundation

extension SignatureVerification.ToolRun {
    /// Checks an OpenPGP signature with `gpgv` against one keyring only (a private, empty home directory, so
    /// neither the user's keyring nor `trustedkeys.kbx` counts), reading its machine-readable status lines.
    func openPGPVerdict(keyring: String) throws(GitError) -> ExternalTool.Verdict {
        let home = scratch.path + "/gnupg"
        do {
            try FileManager.default.createDirectory(
                atPath: home, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw GitError(.other, operation: "run gpgv", message: "cannot make a home directory: \(error)")
        }
        let outcome = try tool.run(
            ["--homedir", home, "--keyring", keyring, "--status-fd", "1", signatureFile, payload], in: scratch)
        let status = Self.statusLines(outcome.standardOutput)
        if outcome.status == 0, let valid = status["VALIDSIG"]?.first, let good = status["GOODSIG"] {
            let user = good.dropFirst().joined(separator: " ")
            return .success(
                VerifiedSigner(format: .openPGP, principal: user.isEmpty ? valid : user, fingerprint: valid))
        }
        if let missing = status["NO_PUBKEY"]?.first {
            return .failure(SignatureRefusal(commit, .unknownSigner, "key \(missing) is not in the keyring"))
        }
        return .failure(SignatureRefusal(commit, .badSignature, outcome.standardError))
    }

    /// `[GNUPG:] KEYWORD args…` lines by keyword.
    static func statusLines(_ text: String) -> [String: [String]] {
        var lines: [String: [String]] = [:]
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("[GNUPG:] ") {
            let words = line.dropFirst(9).split(separator: " ").map(String.init)
            guard let keyword = words.first else { continue }
            lines[keyword] = Array(words.dropFirst())
        }
        return lines
    }
}
