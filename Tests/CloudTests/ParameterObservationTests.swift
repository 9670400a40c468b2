import AWS
import Cloud
import Foundation
import KilnTestSupport
import Planner
import Testing

extension ObserverSuites {
    /// A parameter's value never enters the actual state: only the id of an image observed in its region, when the
    /// value is one (the planner's "referenced by the SSM parameter" rule needs no more).
    @Suite("Observer: SSM parameter values stay in AWS")
    struct ParameterObservationTests {
        @Test("keeps the AMI a parameter names, and nothing of any other value")
        func keepsOnlyKnownImageIds() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-parameters"
            let world = World(harness: harness, region: "ap-east-1", owner: owner)
            let maker = try await world.launch()
            let ami = try await world.kilnImage("api", "1.0.0", from: maker)
            let secret = "s3cr3t-" + UUID().uuidString
            let foreignAMI = "ami-0123456789abcdef0"
            try await world.ssm.putParameter(.init(name: "/kiln/api/ami", value: " \(ami) ", overwrite: true))
            try await world.ssm.putParameter(.init(name: "/kiln/web/ami", value: secret, overwrite: true))
            try await world.ssm.putParameter(.init(name: "/kiln/db/ami", value: foreignAMI, overwrite: true))

            let rollout = { (name: String) in RolloutTargets(ssmParameter: "/kiln/\(name)/ami") }
            let desired = Fixtures.desired(
                try ["api", "web", "db", "absent"].map {
                    try Fixtures.image($0, version: "1.0.0", region: world.region, rollout: rollout($0))
                }, owner: owner)
            let observation = await Observer(client: harness.controller).observe(
                regions: [world.region], desired: desired)
            #expect(observation.regionFailures.isEmpty, "\(observation.regionFailures)")

            let parameters = observation.actual.parameters.sorted { $0.name < $1.name }
            #expect(
                parameters == [
                    ObservedParameter(name: "/kiln/api/ami", region: world.region, imageId: ami),
                    ObservedParameter(name: "/kiln/db/ami", region: world.region, imageId: nil),
                    ObservedParameter(name: "/kiln/web/ami", region: world.region, imageId: nil),
                ])
            let state = String(decoding: try JSONEncoder().encode(observation.actual), as: UTF8.self)
            #expect(!state.contains(secret), "the parameter's value reached the actual state")
            #expect(!state.contains(foreignAMI), "a value naming no observed image reached the actual state")
        }
    }
}
