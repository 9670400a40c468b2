import Crypto

// MARK: - Recipe hash (kiln:recipe)

extension ImageSpec {
    /// The canonical serialisation of exactly the inputs that affect the baked image.
    ///
    /// Version 1 is UTF-8 text: the line `kiln-recipe v1`, then one line per value, `key value`, where
    /// strings are JSON-style quoted (`"`, `\`, and control characters escaped) and in this order:
    /// the source (`source.ami "…"`, or `source.ami[REGION] "…"` per region sorted by region, or
    /// `source.filter.name`, one `source.filter.owner` per owner sorted and deduplicated and
    /// `source.filter.architecture`, or `source.image`), `build.instanceType`, `build.rootVolume.sizeGiB`,
    /// `.type`, `.encrypted`, `.kmsKey` (`null` when unset), then each `provision.run`, `test.run`,
    /// `cleanup.mode` and each `cleanup.run` in order. Run texts lose trailing line breaks (so `|` and `|-`
    /// blocks and one-line strings agree). Step names and timeouts, the version, metadata, networking,
    /// attempts, distribution, tags, rollout and retention are not part of it.
    public var canonicalRecipe: String {
        var lines = ["kiln-recipe v1"]
        func add(_ key: String, _ value: String) { lines.append("\(key) \(JSONText.quoted(value))") }
        switch source {
        case .ami(.single(let id)):
            add("source.ami", id)
        case .ami(.byRegion(let ids)):
            for region in ids.keys.sorted() { add("source.ami[\(region)]", ids[region] ?? "") }
        case .filter(let filter):
            add("source.filter.name", filter.name)
            for owner in Set(filter.owners).sorted() { add("source.filter.owner", owner) }
            add("source.filter.architecture", filter.architecture.rawValue)
        case .image(let name):
            add("source.image", name)
        }
        add("build.instanceType", build.instanceType)
        let volume = build.rootVolume
        lines.append("build.rootVolume.sizeGiB \(volume.sizeGiB)")
        add("build.rootVolume.type", volume.type.rawValue)
        lines.append("build.rootVolume.encrypted \(volume.encrypted)")
        lines.append("build.rootVolume.kmsKey " + (volume.kmsKey.map(JSONText.quoted) ?? "null"))
        for step in provision { add("provision.run", Self.normalised(step.run)) }
        for step in test { add("test.run", Self.normalised(step.run)) }
        add("cleanup.mode", cleanup.mode.rawValue)
        for step in cleanup.steps { add("cleanup.run", Self.normalised(step.run)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// SHA-256 of ``canonicalRecipe``, 64 lowercase hex characters: the `kiln:recipe` tag.
    public var recipeHash: String {
        SHA256.hash(data: Array(canonicalRecipe.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    private static func normalised(_ run: String) -> String {
        var text = Substring(run)
        while let last = text.last, last == "\n" || last == "\r\n" || last == "\r" { text = text.dropLast() }
        return String(text)
    }
}

extension ImageManifest {
    /// The recipe hash (`kiln:recipe`): see ``ImageSpec/canonicalRecipe``.
    public var recipeHash: String { spec.recipeHash }

    /// The first 8 hex characters of ``recipeHash``, used in AMI names `kiln/<image>/<version>/<recipe8>`.
    public var recipe8: String { String(recipeHash.prefix(8)) }
}
