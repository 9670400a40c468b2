import Controller
import Testing

/// The default `kiln:owner`: derived from where the manifests live, stable, short and tag-safe.
struct OwnerTests {
    static let sameRepository: [String] = [
        "https://github.com/acme/images.git",
        "https://x-access-token:ghp_secret@github.com/acme/images.git",
        "https://GitHub.com/acme/images",
        "ssh://git@github.com/acme/images.git",
        "ssh://git@github.com:22/acme/images.git",
        "git@github.com:acme/images.git",
    ]

    @Test(arguments: sameRepository)
    func credentialsAndTransportDoNotChangeTheOwner(_ url: String) {
        #expect(Owner.normalisedRepository(url) == "github.com/acme/images")
        #expect(
            Owner.derive(repository: url, branch: "main", path: "manifests")
                == Owner.derive(repository: "https://github.com/acme/images.git", branch: "main", path: "manifests"))
    }

    @Test func branchPathAndRepositoryChangeTheOwner() {
        let owner = Owner.derive(repository: "https://github.com/acme/images.git", branch: "main", path: "manifests")
        #expect(owner.hasPrefix("images-"))
        #expect(
            owner != Owner.derive(repository: "https://github.com/acme/images.git", branch: "prod", path: "manifests"))
        #expect(owner != Owner.derive(repository: "https://github.com/acme/images.git", branch: "main", path: "other"))
        #expect(
            owner != Owner.derive(repository: "https://github.com/acme/base.git", branch: "main", path: "manifests"))
        #expect(
            owner
                == Owner.derive(repository: "https://github.com/acme/images.git", branch: "main", path: "./manifests/"))
    }

    static let shapes: [String] = [
        "/srv/repos/Images_Repo.git", "file:///srv/repos/images",
        "https://example.com/a/" + String(repeating: "x", count: 90),
        "relative/path", "https://host/",
    ]

    @Test(arguments: shapes)
    func ownersAreShortAndTagSafe(_ location: String) {
        let owner = Owner.derive(repository: location, branch: "main", path: "manifests")
        #expect(owner.count <= Owner.maxLength)
        #expect(owner.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }, "\(owner)")
        #expect(!owner.contains("secret"))
    }

    @Test func localPathsAreStandardised() {
        #expect(Owner.normalisedRepository("/srv/repos/images/.git") == "/srv/repos/images")
        #expect(Owner.normalisedRepository("file:///srv/repos/images") == "/srv/repos/images")
        #expect(Owner.normalisedRepository("/srv/repos/x/../images/") == "/srv/repos/images")
    }
}
