/// The outcome of a fast-forward-only push.
public enum PushResult: Sendable, Hashable {
    /// The remote branch now points at the pushed commit.
    case pushed
    /// Nothing changed on the remote: the branch moved since the last fetch (or the commit does not build on
    /// what was fetched), so the push would not be a fast-forward. Fetch, re-apply, retry.
    case rejected(reason: String)
}
