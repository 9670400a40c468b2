/// The rules that span files: unique names, `source.image` references, cycles and the layering region rule.
///
/// Images are referred to by their index in `outcomes`, never copied: an `ImageManifest` holds dozens of references,
/// and copying 5,000 of them for every rule and sort was a fifth of a cold load. Each rule visits the images still
/// valid in name order.
struct RepositoryValidation {
    private let outcomes: [FileOutcome]
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var invalidNames: Set<String> = []
    private(set) var invalidFiles: Set<String> = []
    /// Images still valid: their name and the index of their outcome.
    private var candidates: [String: Int] = [:]
    /// The names of `candidates` after the unique-name rule, sorted; a rule skips those invalidated since.
    private var sortedNames: [String] = []

    init(outcomes: [FileOutcome]) {
        self.outcomes = outcomes
    }

    mutating func run() {
        collectFileResults()
        checkUniqueNames()
        checkReferences()
        checkCycles()
        checkLayerRegions()
        propagateInvalidBases()
    }

    /// Valid images, bases first (by depth of layering), then by name.
    func orderedImages() -> [ImageManifest] {
        func depth(_ index: Int) -> Int {
            var depth = 0
            var current = index
            while let base = baseImage(current), let next = candidates[base], depth < candidates.count {
                depth += 1
                current = next
            }
            return depth
        }
        return candidates.map { (depth: depth($0.value), name: $0.key, index: $0.value) }
            .sorted { $0.depth != $1.depth ? $0.depth < $1.depth : $0.name < $1.name }
            .compactMap { outcomes[$0.index].manifest }
    }

    // MARK: - Rules

    private mutating func collectFileResults() {
        for outcome in outcomes where outcome.manifest == nil {
            invalidFiles.insert(outcome.path)
            if let name = outcome.rawName?.name { invalidNames.insert(name) }
        }
    }

    private mutating func checkUniqueNames() {
        var first: [String: Int] = [:]
        var duplicated: Set<String> = []
        for (index, outcome) in outcomes.enumerated() {
            guard let (name, location) = outcome.rawName else { continue }
            guard let original = first[name], let originalLocation = outcomes[original].rawName?.location else {
                first[name] = index
                continue
            }
            diagnostics.append(Diagnostic(.error, at: location, "duplicate image name '\(name)'"))
            diagnostics.append(Diagnostic(.note, at: originalLocation, "image '\(name)' is first defined here"))
            invalidFiles.insert(outcome.path)
            invalidFiles.insert(outcomes[original].path)
            duplicated.insert(name)
        }
        invalidNames.formUnion(duplicated)
        for index in outcomes.indices {
            guard let name = outcomes[index].manifest?.name, !invalidNames.contains(name) else { continue }
            candidates[name] = index
        }
        sortedNames = candidates.keys.sorted()
    }

    private mutating func checkReferences() {
        for (name, index) in remainingCandidates() {
            guard let base = baseImage(index), candidates[base] == nil else { continue }
            let reason = invalidNames.contains(base) ? "is invalid" : "does not exist in the repository"
            invalidate(name, index, "'spec.source.image': image '\(base)' \(reason)")
        }
    }

    private mutating func checkCycles() {
        var cycles: [String: [String]] = [:]
        for (name, index) in remainingCandidates() where cycles[name] == nil {
            var path = [name]
            var current = index
            while let base = baseImage(current), let next = candidates[base] {
                if let start = path.firstIndex(of: base) {
                    let cycle = Array(path[start...])
                    for (index, member) in cycle.enumerated() {
                        cycles[member] = Array(cycle[index...] + cycle[..<index])
                    }
                    break
                }
                path.append(base)
                current = next
            }
        }
        for (name, index) in remainingCandidates() {
            guard let cycle = cycles[name], let first = cycle.first else { continue }
            let text = (cycle + [first]).joined(separator: " -> ")
            invalidate(name, index, "'spec.source.image': source images form a cycle: \(text)")
        }
    }

    private mutating func checkLayerRegions() {
        for (name, index) in remainingCandidates() {
            guard let baseName = baseImage(index), let base = candidates[baseName],
                let region = outcomes[index].manifest?.spec.build.region,
                let regions = outcomes[base].manifest?.spec.regions, !regions.contains(region)
            else { continue }
            invalidate(
                name, index,
                "'spec.source.image': image '\(baseName)' is not available in the build region '\(region)' "
                    + "(it exists in \(regions.joined(separator: ", "))); "
                    + "add '\(region)' to its 'spec.distribute.regions'")
        }
    }

    private mutating func propagateInvalidBases() {
        var changed = true
        while changed {
            changed = false
            for (name, index) in remainingCandidates() {
                guard let base = baseImage(index), candidates[base] == nil else { continue }
                invalidate(name, index, "'spec.source.image': image '\(base)' is invalid")
                changed = true
            }
        }
    }

    // MARK: - Helpers

    /// The images still valid, in name order, as a rule starts (each rule invalidates only the image it visits).
    private func remainingCandidates() -> [(name: String, index: Int)] {
        sortedNames.compactMap { name in candidates[name].map { (name, $0) } }
    }

    /// The `source.image` of the image at `index`.
    private func baseImage(_ index: Int) -> String? {
        outcomes[index].manifest?.spec.source.baseImage
    }

    private mutating func invalidate(_ name: String, _ index: Int, _ message: String) {
        guard let image = outcomes[index].manifest else { return }
        diagnostics.append(Diagnostic(.error, at: image.spec.sourceLocation, message))
        candidates[name] = nil
        invalidNames.insert(name)
        invalidFiles.insert(image.file)
    }
}
