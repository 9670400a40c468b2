import Foundation

/// A resource id in a region.
struct RegionalID: Sendable, Hashable, CustomStringConvertible {
    var region: String
    var id: String

    var description: String { "\(region)/\(id)" }
}

/// A launch-template version deleted through the proxy (moto cannot delete versions).
public struct DeletedLaunchTemplateVersion: Sendable, Hashable {
    public var region: String
    public var launchTemplateId: String?
    public var launchTemplateName: String?
    public var versionNumber: Int
}

/// The proxy's additions to moto's EC2: image deprecation, launch-template version deletion, pending states.
struct EC2Simulation: Sendable {
    /// DescribeImages responses in which a newly created image still shows `pending`.
    var imagePendingPolls = 0
    /// DescribeInstances responses in which a newly launched instance still shows `pending`.
    var instancePendingPolls = 0
    var createdImages: Set<RegionalID> = []
    var launchedInstances: Set<RegionalID> = []
    /// The `ClientToken` each instance was launched with (moto keeps it but never returns it).
    var clientTokens: [RegionalID: String] = [:]
    var imagePolls: [RegionalID: Int] = [:]
    var instancePolls: [RegionalID: Int] = [:]
    var deprecations: [RegionalID: String] = [:]
    var retirement = ImageRetirementSimulation()
    var deletedVersions: [DeletedLaunchTemplateVersion] = []
    /// Launch-template id → name, learned from responses passing through.
    var templateNames: [RegionalID: String] = [:]
    /// First successful answers to calls that carried a `ClientToken`.
    var idempotentAnswers: [IdempotencyKey: IdempotentAnswer] = [:]
    /// Whole listings whose later pages are still to be asked for, by listing number.
    var listings: [Int: CachedListing] = [:]
    var nextListing = 0

    // MARK: - Canned actions

    mutating func answer(_ call: ProxiedCall, now: Date) -> ProxiedResponse? {
        if let replay = replayIdempotent(call) { return replay }
        if let page = cachedPage(call) { return page }
        if let answer = retirement.answer(call) { return answer }
        switch call.action {
        case "EnableImageDeprecation":
            let image = RegionalID(region: call.region, id: call.parameters["ImageId"] ?? "")
            deprecations[image] = Self.deprecationTime(call.parameters["DeprecateAt"] ?? "")
            return ProxyXML.ec2Response(action: call.action, body: "<return>true</return>")
        case "DisableImageDeprecation":
            deprecations[RegionalID(region: call.region, id: call.parameters["ImageId"] ?? "")] = nil
            return ProxyXML.ec2Response(action: call.action, body: "<return>true</return>")
        case "DeleteLaunchTemplateVersions":
            return deleteVersions(call)
        default:
            return nil
        }
    }

    private mutating func deleteVersions(_ call: ProxiedCall) -> ProxiedResponse {
        var id = call.parameters["LaunchTemplateId"]
        var name = call.parameters["LaunchTemplateName"]
        if let known = id, name == nil { name = templateNames[RegionalID(region: call.region, id: known)] }
        if let known = name, id == nil {
            id = templateNames.first { $0.key.region == call.region && $0.value == known }?.key.id
        }
        var succeeded = ""
        var failed = ""
        for version in call.list("LaunchTemplateVersion").compactMap(Int.init) {
            let deleted = DeletedLaunchTemplateVersion(
                region: call.region, launchTemplateId: id, launchTemplateName: name, versionNumber: version)
            var item = id.map { "<launchTemplateId>\($0)</launchTemplateId>" } ?? ""
            item += name.map { "<launchTemplateName>\(ProxyXML.escape($0))</launchTemplateName>" } ?? ""
            item += "<versionNumber>\(version)</versionNumber>"
            if deletedVersions.contains(where: { $0.matches(region: call.region, id: id, name: name, version: version) }
            ) {
                failed += "<item>\(item)<responseError><code>launchTemplateVersionDoesNotExist</code>"
                failed += "<message>The specified launch template version does not exist.</message>"
                failed += "</responseError></item>"
            } else {
                deletedVersions.append(deleted)
                succeeded += "<item>\(item)</item>"
            }
        }
        let succeededSet = "successfullyDeletedLaunchTemplateVersionSet"
        let failedSet = "unsuccessfullyDeletedLaunchTemplateVersionSet"
        return ProxyXML.ec2Response(
            action: call.action,
            body: "<\(succeededSet)>\(succeeded)</\(succeededSet)><\(failedSet)>\(failed)</\(failedSet)>")
    }

    /// `DeprecateAt` as DescribeImages shows it: UTC, rounded to the minute, milliseconds.
    static func deprecationTime(_ requested: String) -> String {
        let parsers = [
            Date.ISO8601FormatStyle(includingFractionalSeconds: true),
            Date.ISO8601FormatStyle(includingFractionalSeconds: false),
        ]
        for parser in parsers {
            if let date = try? parser.parse(requested) {
                let rounded = Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded() * 60)
                return ProxyXML.timestamp(rounded)
            }
        }
        return requested
    }

    // MARK: - Observing and rewriting moto's responses

    mutating func rewrite(_ call: ProxiedCall, _ response: ProxiedResponse) -> ProxiedResponse {
        learnTemplateNames(call, response)
        rememberIdempotent(call, response)
        var rewritten = response
        switch call.action {
        case "CreateImage", "CopyImage", "RegisterImage":
            if let image = ProxyXML.value(of: "imageId", in: response.body) {
                createdImages.insert(RegionalID(region: call.region, id: image))
            }
        case "RunInstances":
            for instance in ProxyXML.values(of: "instanceId", in: response.body) {
                launchedInstances.insert(RegionalID(region: call.region, id: instance))
                if let token = call.parameters["ClientToken"], !token.isEmpty {
                    clientTokens[RegionalID(region: call.region, id: instance)] = token
                }
            }
        case "DescribeImages", "DescribeSnapshots":
            rewritten.body = rewriteListed(paginateForwarded(response.body, call), call)
        case "DescribeInstances":
            rewritten.body = ProxyXML.rewriteItems(in: response.body, set: "instancesSet") {
                rewriteInstance($0, call)
            }
        case "DescribeLaunchTemplateVersions":
            rewritten.body = ProxyXML.rewriteItems(in: response.body, set: "launchTemplateVersionSet") { item in
                let version = ProxyXML.value(of: "versionNumber", in: item).flatMap { Int($0) } ?? -1
                let id = ProxyXML.value(of: "launchTemplateId", in: item)
                let name = ProxyXML.value(of: "launchTemplateName", in: item)
                let gone = deletedVersions.contains {
                    $0.matches(region: call.region, id: id, name: name, version: version)
                }
                return gone ? "" : nil
            }
        default:
            break
        }
        return rewritten
    }

    /// A page of DescribeImages with the simulated pending states and deprecation times.
    mutating func rewriteListed(_ body: String, _ call: ProxiedCall) -> String {
        guard call.action == "DescribeImages" else { return body }
        return ProxyXML.rewriteItems(in: body, set: "imagesSet") { rewriteImage($0, call) }
    }

    private mutating func rewriteImage(_ item: String, _ call: ProxiedCall) -> String? {
        guard let id = ProxyXML.value(of: "imageId", in: item) else { return nil }
        let image = RegionalID(region: call.region, id: id)
        var item = item
        var changed = false
        let available = "<imageState>available</imageState>"
        if imagePendingPolls > 0, createdImages.contains(image), item.contains(available) {
            let polls = imagePolls[image, default: 0]
            imagePolls[image] = polls + 1
            if polls < imagePendingPolls {
                item = item.replacingOccurrences(of: available, with: "<imageState>pending</imageState>")
                changed = true
            }
        }
        if let deprecation = deprecations[image], !item.contains("<deprecationTime>"), item.hasSuffix("</item>") {
            item = String(item.dropLast("</item>".count)) + "<deprecationTime>\(deprecation)</deprecationTime></item>"
            changed = true
        }
        if let retired = retirement.rewrite(item, image: image, call: call) { return retired }
        return changed ? item : nil
    }

    private mutating func rewriteInstance(_ item: String, _ call: ProxiedCall) -> String? {
        guard let id = ProxyXML.value(of: "instanceId", in: item) else { return nil }
        let withToken = Self.addClientToken(clientTokens[RegionalID(region: call.region, id: id)], to: item)
        guard let delayed = delayInstance(withToken ?? item, call) else { return withToken }
        return delayed
    }

    /// The instance item with `<clientToken>` as EC2 returns it, when moto left it out.
    private static func addClientToken(_ token: String?, to item: String) -> String? {
        guard let token, !item.contains("<clientToken>"), item.hasSuffix("</item>") else { return nil }
        return String(item.dropLast("</item>".count)) + "<clientToken>\(ProxyXML.escape(token))</clientToken></item>"
    }

    private mutating func delayInstance(_ item: String, _ call: ProxiedCall) -> String? {
        let running = "<instanceState><code>16</code><name>running</name></instanceState>"
        guard instancePendingPolls > 0, let id = ProxyXML.value(of: "instanceId", in: item),
            launchedInstances.contains(RegionalID(region: call.region, id: id)), item.contains(running)
        else { return nil }
        let instance = RegionalID(region: call.region, id: id)
        let polls = instancePolls[instance, default: 0]
        instancePolls[instance] = polls + 1
        guard polls < instancePendingPolls else { return nil }
        return item.replacingOccurrences(
            of: running, with: "<instanceState><code>0</code><name>pending</name></instanceState>")
    }

    private mutating func learnTemplateNames(_ call: ProxiedCall, _ response: ProxiedResponse) {
        guard call.action.contains("LaunchTemplate") else { return }
        let ids = ProxyXML.values(of: "launchTemplateId", in: response.body)
        let names = ProxyXML.values(of: "launchTemplateName", in: response.body)
        guard ids.count == names.count else { return }
        for (id, name) in zip(ids, names) {
            templateNames[RegionalID(region: call.region, id: id)] = name
        }
    }
}

extension DeletedLaunchTemplateVersion {
    func matches(region: String, id: String?, name: String?, version: Int) -> Bool {
        guard self.region == region, versionNumber == version else { return false }
        if let id, launchTemplateId == id { return true }
        if let name, launchTemplateName == name { return true }
        return false
    }
}

// MARK: - Public API

extension FaultProxy {
    /// Keeps each image created through the proxy (CreateImage, CopyImage, RegisterImage) `pending`
    /// in the first `polls` DescribeImages responses that list it; moto makes images available at once.
    public func delayImageAvailability(polls: Int) {
        core.state.withLock { $0.ec2.imagePendingPolls = polls }
    }

    /// Keeps each instance launched through the proxy (RunInstances) `pending` in the first `polls`
    /// DescribeInstances responses that list it; moto starts instances at once.
    public func delayInstanceState(polls: Int) {
        core.state.withLock { $0.ec2.instancePendingPolls = polls }
    }

    /// The deprecation time set on `image` in `region` with EnableImageDeprecation (as DescribeImages then shows
    /// it), nil when none is set.
    public func imageDeprecation(of image: String, in region: String) -> String? {
        core.state.withLock { $0.ec2.deprecations[RegionalID(region: region, id: image)] }
    }

    /// Launch-template versions deleted with DeleteLaunchTemplateVersions (hidden from later describes).
    public var deletedLaunchTemplateVersions: [DeletedLaunchTemplateVersion] {
        core.state.withLock { $0.ec2.deletedVersions }
    }
}
