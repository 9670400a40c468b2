import Manifest

/// Sets of several manifests layered on one another (`spec.source.image`): the inputs of the repository-wide
/// rules (unique names, references, cycles, the layering region rule, invalid bases).
///
/// The generator draws distinct names from a small pool (one repeated now and then), bases among those names, the
/// examples' names or a missing one (so chains, cycles, self-references and dangling references appear) and
/// regions from a small pool (so the region rule holds or breaks).
enum LayeredSet {
    static let names = ["base", "web", "api", "worker", "edge", "batch"]
    static let regions = ["us-east-1", "eu-west-1", "ap-south-1"]

    /// One generated image: what the file says, for the oracle.
    struct Image {
        var name: String
        var base: String?
        var region: String
        var distribute: [String]

        var text: String {
            let source = base.map { "{image: \($0)}" } ?? "{ami: ami-0abc1234}"
            let copies = distribute.isEmpty ? "" : "  distribute: {regions: [\(distribute.joined(separator: ", "))]}\n"
            return """
                apiVersion: kiln/v1
                kind: Image
                metadata:
                  name: \(name)
                spec:
                  version: 1.0.0
                  source: \(source)
                  build: {region: \(region), instanceType: t3.small, instanceProfile: kiln-builder}
                  provision: [{name: a, run: x}]

                """ + copies
        }
    }

    /// Two to six generated images, and now and then the repository's two layered examples.
    ///
    /// Names are distinct but for one repeated now and then; each base is another image of the set, the image
    /// itself, a name of the examples, or a missing one.
    static func generate(examples: [ManifestFile], using random: inout SeededGenerator) -> [ManifestFile] {
        var chosen = Array(names.shuffled(using: &random).prefix(Int.random(in: 2...6, using: &random)))
        if chosen.count > 2, Int.random(in: 0..<6, using: &random) == 0 { chosen[chosen.count - 1] = chosen[0] }
        var files = chosen.enumerated().map { index, name -> ManifestFile in
            let image = Self.image(name, among: chosen, using: &random)
            return ManifestFile(path: "manifests/\(index)-\(name).yaml", text: image.text)
        }
        if Int.random(in: 0..<4, using: &random) == 0 { files += examples }
        return files
    }

    static func image(_ name: String, among names: [String], using random: inout SeededGenerator) -> Image {
        let base: String? =
            switch Int.random(in: 0..<12, using: &random) {
            case 0..<3: nil
            case 3: "missing"
            case 4: name
            case 5: ["base-al2023", "attendance-api"].randomElement(using: &random)
            default: names.randomElement(using: &random)
            }
        let region = regions.randomElement(using: &random) ?? "us-east-1"
        let distribute = regions.filter { $0 != region && Int.random(in: 0..<3, using: &random) > 0 }
        return Image(name: name, base: base, region: region, distribute: distribute)
    }
}
