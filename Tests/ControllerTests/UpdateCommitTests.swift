import Foundation
import Git
import Planner
import Testing

@testable import Controller

/// The source change an update commit's trailers name reads back as the proposal that wrote them; anything else
/// reads as none.
@Suite struct UpdateCommitTests {
    static let causes: [SourceUpdate.Cause] = [
        .ami(from: "ami-0aaa", to: "ami-0bbb"),
        .image(base: "base", from: "2.0.0", to: SemanticVersion(major: 2, minor: 1, patch: 0)),
        .image(base: "base-ubuntu", from: "ami-0ccc", to: SemanticVersion(major: 3, minor: 0, patch: 0)),
    ]

    @Test(arguments: causes) func trailersReadBack(cause: SourceUpdate.Cause) throws {
        let update = SourceUpdate(
            image: "web", from: SemanticVersion(major: 1, minor: 0, patch: 0),
            to: SemanticVersion(major: 1, minor: 0, patch: 1), cause: cause)
        let message = try Repository.composeMessage(
            UpdateCommit.message(update), trailers: UpdateCommit.trailers(update))
        #expect(UpdateCommit.cause(message: message) == cause)
    }

    @Test(arguments: [
        "web: 1.0.0 → 1.0.1\n\nKiln-Image: web\n",
        "x\n\nKiln-Source-AMI: ami-1\n",
        "x\n\nKiln-Source-AMI: ami-1 -> \n",
        "x\n\nKiln-Source-AMI: ami-1 -> ami-2 -> ami-3\n",
        "x\n\nKiln-Source-Image: base@1.0.0 -> other@2.0.0\n",
        "x\n\nKiln-Source-Image: base@1.0.0 -> base@two\n",
        "x\n\nKiln-Source-Image: @1.0.0 -> @2.0.0\n",
    ])
    func otherMessagesNameNoSource(message: String) {
        #expect(UpdateCommit.cause(message: message) == nil)
    }
}
