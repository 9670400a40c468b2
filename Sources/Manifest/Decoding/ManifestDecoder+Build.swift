// MARK: - spec.build

extension ManifestDecoder {
    static let buildKeys = [
        "region", "instanceType", "subnet", "securityGroups", "instanceProfile", "associatePublicIp", "rootVolume",
        "timeout", "maxAttempts", "keepOnFailure",
    ]
    static let rootVolumeKeys = ["sizeGiB", "type", "encrypted", "kmsKey"]

    mutating func decodeBuild(_ node: Node, _ path: String) -> BuildSpec? {
        guard let build = mapping(node, path, keys: Self.buildKeys) else { return nil }
        let region = require(build, "region").flatMap { string($0, build.child("region"), rule: .region) }
        let instanceType = require(build, "instanceType").flatMap {
            string($0, build.child("instanceType"), rule: .instanceType)
        }
        let subnet = build["subnet"].flatMap { string($0, build.child("subnet"), rule: .subnet) }
        let securityGroups =
            build["securityGroups"].flatMap { strings($0, build.child("securityGroups"), rule: .securityGroup) } ?? []
        let instanceProfile = require(build, "instanceProfile").flatMap {
            string($0, build.child("instanceProfile"), rule: .instanceProfile)
        }
        let associatePublicIp =
            build["associatePublicIp"].flatMap { boolean($0, build.child("associatePublicIp")) } ?? false
        let rootVolume = build["rootVolume"].flatMap { decodeRootVolume($0, build.child("rootVolume")) } ?? RootVolume()
        let timeout = build["timeout"].flatMap { duration($0, build.child("timeout")) } ?? .minutes(60)
        let maxAttempts = build["maxAttempts"].flatMap { integer($0, build.child("maxAttempts"), in: 1...10) } ?? 3
        let keepOnFailure = build["keepOnFailure"].flatMap { boolean($0, build.child("keepOnFailure")) } ?? false
        guard let region, let instanceType, let instanceProfile else { return nil }
        return BuildSpec(
            region: region, instanceType: instanceType, subnet: subnet, securityGroups: securityGroups,
            instanceProfile: instanceProfile, associatePublicIp: associatePublicIp, rootVolume: rootVolume,
            timeout: timeout, maxAttempts: maxAttempts, keepOnFailure: keepOnFailure)
    }

    private mutating func decodeRootVolume(_ node: Node, _ path: String) -> RootVolume? {
        guard let volume = mapping(node, path, keys: Self.rootVolumeKeys) else { return nil }
        let size = volume["sizeGiB"].flatMap { integer($0, volume.child("sizeGiB"), in: 1...16384) } ?? 16
        let type = volume["type"].flatMap { choice($0, volume.child("type"), as: VolumeType.self) } ?? .gp3
        let encrypted = volume["encrypted"].flatMap { boolean($0, volume.child("encrypted")) } ?? true
        var kmsKey: String?
        if let keyNode = volume["kmsKey"] {
            kmsKey = string(keyNode, volume.child("kmsKey"), rule: .kmsKey)
            if !encrypted, volume["encrypted"].flatMap({ NodeKind($0) == .boolean }) == true {
                error(keyNode, "'\(volume.child("kmsKey"))' requires 'encrypted: true'")
            }
        }
        return RootVolume(sizeGiB: size, type: type, encrypted: encrypted, kmsKey: kmsKey)
    }
}
