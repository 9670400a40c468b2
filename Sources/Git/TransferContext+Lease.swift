internal import CLibGit2

// MARK: - Compare-and-swap on push

extension TransferContext {
    /// Makes the next push refuse to touch `reference` unless the remote advertises `expected` for it in the push's
    /// own connection (nil: the reference must not exist), as `git push --force-with-lease` does.
    ///
    /// libgit2 calls the negotiation callback after reading the remote's references and before sending anything;
    /// the update it then sends names the advertised tip as the old value, and a git server applies it only if
    /// the reference still holds that value.
    func installLease(on reference: String, expected: ObjectID?, into callbacks: inout git_remote_callbacks) {
        leases.withLock { $0[reference] = .some(expected) }
        callbacks.push_negotiation = { updates, count, payload in
            guard let context = TransferContext.from(payload) else { return -1 }
            for index in 0..<count {
                guard let update = updates?[index]?.pointee, let name = update.dst_refname else { continue }
                let reference = String(cString: name)
                guard case .some(let expected) = context.leases.withLock({ $0[reference] }) else { continue }
                var source = update.src
                let found = git_oid_is_zero(&source) != 0 ? nil : ObjectID(source)
                guard found == expected else {
                    return context.fail(
                        GitError(
                            .conflict, operation: "push \(reference)",
                            message: "the remote holds \(found?.hex ?? "nothing") there, not the checked "
                                + "\(expected?.hex ?? "nothing")"))
                }
            }
            return 0
        }
    }
}
