import AWS
import Cloud
import Controller
import Planner

/// The Cloud executor, except for CreateImage: moto 5.2 answers HTTP 500 to a CreateImage with a `snapshot`
/// TagSpecification, which Kiln sends; this makes that call with the image's tags only (the planner's
/// `tagSnapshots` step tags the snapshots next cycle). Every other action goes to the Cloud executor.
struct MotoGapExecutor: Executing {
    let cloud: CloudExecutor
    let client: AWSClient

    func execute(_ action: Action) async throws -> Execution {
        guard case .createImage(let create) = action.kind else { return try await cloud.execute(action) }
        let ec2 = EC2(client: client, region: action.region)
        let tags = create.imageTags.map { EC2.Tag(key: $0.key, value: $0.value) }
        let request = EC2.CreateImageRequest(
            instanceId: create.instanceId, name: create.name, description: create.description, noReboot: true,
            tagSpecifications: [EC2.TagSpecification(resourceType: "image", tags: tags)])
        var execution: Execution
        do {
            execution = Execution(.done, detail: "image \(try await ec2.createImage(request))")
        } catch let error as AWSError where error.code == "InvalidAMIName.Duplicate" {
            execution = Execution(.alreadyDone, detail: "an image named \(create.name) exists")
        }
        let builderTags = create.builderTags.map { EC2.Tag(key: $0.key, value: $0.value) }
        if !builderTags.isEmpty { try await ec2.createTags(resources: [create.instanceId], tags: builderTags) }
        return execution
    }
}
