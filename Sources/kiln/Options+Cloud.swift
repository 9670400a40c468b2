import AWS
import Controller
import Logging

/// The Cloud layer's observer and executor for one AWS client and owner.
struct CloudBinding {
    let observer: any Observing
    let executor: any Executing

    init(client: AWSClient, owner: String, logger: Logger) throws {
        throw AWSSetupError("the Cloud layer is not part of this build")
    }
}
