import Foundation

// MARK: - Images and the images they are built on

/// The layering graph: an edge from each image to the Kiln image its `spec.source.image` names.
public enum LayeringGraph {
    /// Each image's distance from an image built on no other Kiln image: 0 for those, else its base's plus one.
    /// A base outside the set counts as none; a cycle (never valid in manifests) stops at the image seen twice.
    public static func depths(_ bases: [(image: String, base: String?)]) -> [String: Int] {
        let base = Dictionary(bases.map { ($0.image, $0.base) }, uniquingKeysWith: { first, _ in first })
        var depths: [String: Int] = [:]
        func depth(_ image: String, _ visiting: Set<String>) -> Int {
            if let known = depths[image] { return known }
            guard let parent = base[image] ?? nil, base[parent] != nil, !visiting.contains(parent) else { return 0 }
            return depth(parent, visiting.union([image])) + 1
        }
        for image in base.keys.sorted() {
            depths[image] = depth(image, [image])
        }
        return depths
    }

    /// A Mermaid flowchart (`graph LR`): one node per image with its state, an arrow from each base to the
    /// images built on it.
    public static func mermaid(_ nodes: [(image: String, base: String?, state: String)]) -> String {
        let names = Set(nodes.map(\.image))
        var out = "```mermaid\ngraph LR\n"
        for node in nodes.sorted(by: { $0.image < $1.image }) {
            out += "    \(identifier(node.image))[\"\(label(node.image)) · \(label(node.state))\"]\n"
        }
        for node in nodes.sorted(by: { $0.image < $1.image }) {
            guard let base = node.base, names.contains(base) else { continue }
            out += "    \(identifier(base)) --> \(identifier(node.image))\n"
        }
        return out + "```\n"
    }

    /// Image names are `[a-z0-9-]`; Mermaid ids may not hold `-`.
    private static func identifier(_ name: String) -> String {
        "img_" + name.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    /// Text inside a quoted Mermaid label, without quotes or markup.
    private static func label(_ text: String) -> String {
        text.map { "\"<>`#&".contains($0) ? "_" : String($0) }.joined()
    }
}
