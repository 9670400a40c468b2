import Foundation
import KilnTestSupport
import Testing

@testable import Git

@Suite struct RepositoryHistoryTests {
    /// base ─ manifest ─ status ─ merge(status, side)   side: base ─ sideStatus
    struct History {
        let fixture: GitFixture
        let work: GitFixture.Repository
        let repository: Repository
        let base, manifest, status, sideStatus, merge, nestedStatus: ObjectID

        init() throws {
            fixture = try GitFixture()
            work = try fixture.makeRepository("work")
            let base = try work.commit(["manifests/web.yaml": "v1\n", "status/web.yaml": "s0\n"], message: "Base")
            let manifest = try work.commit(["manifests/web.yaml": "v2\n"], message: "Bump web")
            let status = try work.commit(["status/web.yaml": "s1\n"], message: "Status")
            try work.git("checkout", "-q", "-b", "side", base)
            let sideStatus = try work.commit(["status/api.yaml": "s2\n"], message: "Side status")
            try work.git("checkout", "-q", "main")
            try work.git(
                ["merge", "-q", "--no-ff", "-m", "Merge side", "side"],
                environment: ["GIT_COMMITTER_DATE": "1700001000 +0000", "GIT_AUTHOR_DATE": "1700001000 +0000"])
            let merge = try work.revParse("HEAD")
            let nested = try work.commit(["status/deep/x.yaml": "x\n"], removing: ["status/api.yaml"], message: "Nest")
            repository = try Repository(at: work.path)
            (self.base, self.manifest, self.status, self.sideStatus, self.merge, self.nestedStatus) = try (
                repository.resolve(base), repository.resolve(manifest), repository.resolve(status),
                repository.resolve(sideStatus), repository.resolve(merge), repository.resolve(nested)
            )
        }
    }

    @Test func answersAncestryLikeMergeBase() throws {
        let history = try History()
        let pairs = [
            (history.base, history.merge), (history.sideStatus, history.merge), (history.merge, history.base),
            (history.status, history.sideStatus), (history.merge, history.merge), (history.manifest, history.status),
        ]
        for (ancestor, descendant) in pairs {
            let cli = (try? history.work.git("merge-base", "--is-ancestor", ancestor.hex, descendant.hex)) != nil
            #expect(try history.repository.isAncestor(ancestor, of: descendant) == cli)
        }
    }

    @Test func listsRangesLikeRevList() throws {
        let history = try History()
        let ranges: [(ObjectID?, ObjectID)] = [
            (history.base, history.nestedStatus), (history.status, history.merge), (nil, history.status),
            (history.merge, history.merge), (history.sideStatus, history.status),
        ]
        for (base, tip) in ranges {
            let range = base.map { "\($0.hex)..\(tip.hex)" } ?? tip.hex
            let expected = try history.work.git("rev-list", "--topo-order", range).split(separator: "\n").map(
                String.init)
            #expect(Set(try history.repository.commits(from: base, to: tip).map(\.hex)) == Set(expected))
            #expect(try history.repository.commits(from: base, to: tip).count == expected.count)
        }
    }

    @Test func tellsWhetherNewCommitsTouchOnlyAPath() throws {
        let history = try History()
        let table: [(ObjectID, ObjectID, String, Bool)] = [
            (history.manifest, history.status, "status", true),
            (history.base, history.status, "status", false),
            (history.status, history.merge, "status", true),
            (history.merge, history.nestedStatus, "status", true),
            (history.merge, history.nestedStatus, "status/deep", false),
            (history.base, history.manifest, "manifests", true),
            (history.base, history.nestedStatus, "", true),
            (history.merge, history.merge, "status", true),
            (history.manifest, history.status, "status/web.yaml", true),
            (history.manifest, history.status, "stat", false),
        ]
        for (base, tip, path, expected) in table {
            #expect(try history.repository.onlyTouches(path, from: base, to: tip) == expected, "\(path)")
        }
    }
}
