import AWS
import Cloud
import Controller
import Planner

/// The Cloud executor, except for one call moto cannot take.
///
/// moto 5.2 answers CreateImage with HTTP 500 (NotImplementedError) when it carries a `snapshot`
/// TagSpecification, which Kiln sends. This executor makes that one call with the image's tags only and tags the
/// builder, as the Cloud executor does; the snapshots then lack Kiln's tags, and the planner's `tagSnapshots`
/// step adds them on the next cycle (the path a real CreateImage that left them untagged would take). Every
/// other action goes to the Cloud executor unchanged.
struct MotoExecutor: Executing {
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
