import Foundation

// MARK: - Disabled images and deregistration protection (moto answers neither)

/// The proxy's record of DisableImage / EnableImage and of deregistration protection, shown in DescribeImages as
/// EC2 shows them: a disabled image has `imageState` `disabled` and is listed only with `IncludeDisabled=true`
/// (even when asked for by id); a protected image shows `deregistrationProtection` and DeregisterImage fails.
struct ImageRetirementSimulation: Sendable {
    var disabled: Set<RegionalID> = []
    var protected: Set<RegionalID> = []

    mutating func answer(_ call: ProxiedCall) -> ProxiedResponse? {
        let image = RegionalID(region: call.region, id: call.parameters["ImageId"] ?? "")
        switch call.action {
        case "DisableImage": disabled.insert(image)
        case "EnableImage": disabled.remove(image)
        case "EnableImageDeregistrationProtection": protected.insert(image)
        case "DisableImageDeregistrationProtection": protected.remove(image)
        case "DeregisterImage" where protected.contains(image):
            return .awsError(
                for: call, code: "OperationNotPermitted",
                message: "Deregistration protection is enabled for \(image.id); disable it first.")
        case "DeregisterImage":
            disabled.remove(image)
            return nil
        default: return nil
        }
        return ProxyXML.ec2Response(action: call.action, body: "<return>true</return>")
    }

    /// The DescribeImages item as EC2 would show it: "" drops it, nil leaves it unchanged.
    func rewrite(_ item: String, image: RegionalID, call: ProxiedCall) -> String? {
        var item = item
        var changed = false
        if disabled.contains(image) {
            guard call.parameters["IncludeDisabled"] == "true" else { return "" }
            let state = ProxyXML.value(of: "imageState", in: item) ?? ""
            item = item.replacingOccurrences(
                of: "<imageState>\(state)</imageState>", with: "<imageState>disabled</imageState>")
            changed = true
        }
        if protected.contains(image), !item.contains("<deregistrationProtection>"), item.hasSuffix("</item>") {
            item =
                String(item.dropLast("</item>".count))
                + "<deregistrationProtection>enabled-without-cooldown</deregistrationProtection></item>"
            changed = true
        }
        return changed ? item : nil
    }
}

extension FaultProxy {
    /// The images of `region` disabled with DisableImage (and not re-enabled), as DescribeImages shows them.
    public func disabledImages(in region: String) -> Set<String> {
        core.state.withLock { Self.ids($0.ec2.retirement.disabled, in: region) }
    }

    /// The images of `region` with deregistration protection on.
    public func deregistrationProtectedImages(in region: String) -> Set<String> {
        core.state.withLock { Self.ids($0.ec2.retirement.protected, in: region) }
    }

    private static func ids(_ resources: Set<RegionalID>, in region: String) -> Set<String> {
        Set(resources.filter { $0.region == region }.map(\.id))
    }
}
