import Foundation

@testable import Planner

// MARK: - Another account's own plan

extension GoldenScenario {
    static let copyKey = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"

    /// The app as another account sees it (its projection): the first copy is in us-west-2, its copy to us-east-1
    /// is encrypted with the account's own key there (`copyTo[].kmsKey`), not the home account's `alias/kiln`.
    static let accountCopy: GoldenScenario = {
        var image = Examples.app("1.4.2")
        image.source = .ami([:])
        image.build.region = Fixture.west
        image.distribute = Distribution(regions: [Fixture.east], regionKmsKeys: [Fixture.east: copyKey])
        image.rollout = RolloutTargets()
        let first = [
            Fixture.ami(
                "ami-copy-1.4.2-us", "attendance-api", "1.4.2", recipe: Examples.appRecipe, region: Fixture.west,
                age: 3600, specTags: ["team": "attendance", "service": "attendance-api"])
        ]
        return GoldenScenario(
            name: "account-copy", desired: desired([image]), actual: Fixture.actual(images: first, lookups: []))
    }()
}
