// MARK: - Dependency order of images

/// Orders images so that a base comes before every image built on it (`source.image`), by name otherwise.
enum DependencyOrder {
    /// A stable topological order; images caught in a cycle (never valid) come last, by name.
    static func sort(_ images: [DesiredImage]) -> [DesiredImage] {
        var byName: [String: DesiredImage] = [:]
        for image in images.sorted(by: { ($0.name, $0.version.description) < ($1.name, $1.version.description) })
        where byName[image.name] == nil {
            byName[image.name] = image
        }
        var placed: Set<String> = []
        var ordered: [DesiredImage] = []
        var remaining = byName.keys.sorted()
        while !remaining.isEmpty {
            let ready = remaining.filter { name in
                guard case .image(let base)? = byName[name]?.source, byName[base] != nil, base != name else {
                    return true
                }
                return placed.contains(base)
            }
            guard !ready.isEmpty else { break }
            for name in ready {
                if let image = byName[name] { ordered.append(image) }
                placed.insert(name)
            }
            remaining.removeAll { placed.contains($0) }
        }
        ordered += remaining.compactMap { byName[$0] }
        return ordered
    }
}
