/// The rules that span files: unique names, `source.image` references, cycles and the layering region rule.
struct RepositoryValidation {
    private let outcomes: [FileOutcome]
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var invalidNames: Set<String> = []
    private(set) var invalidFiles: Set<String> = []
    /// Images still valid, by name.
    private var candidates: [String: ImageManifest] = [:]

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
        func depth(_ image: ImageManifest) -> Int {
            var depth = 0
            var current = image
            while let base = current.spec.source.baseImage, let next = candidates[base], depth < candidates.count {
                depth += 1
                current = next
            }
            return depth
        }
        return candidates.values.map { (depth($0), $0) }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1.name < $1.1.name }
            .map(\.1)
    }

    // MARK: - Rules

    private mutating func collectFileResults() {
        for outcome in outcomes where outcome.manifest == nil {
            invalidFiles.insert(outcome.path)
            if let name = outcome.rawName?.name { invalidNames.insert(name) }
        }
    }

    private mutating func checkUniqueNames() {
        var first: [String: FileOutcome] = [:]
        var duplicated: Set<String> = []
        for outcome in outcomes {
            guard let (name, location) = outcome.rawName else { continue }
            guard let original = first[name], let originalLocation = original.rawName?.location else {
                first[name] = outcome
                continue
            }
            diagnostics.append(Diagnostic(.error, at: location, "duplicate image name '\(name)'"))
            diagnostics.append(Diagnostic(.note, at: originalLocation, "image '\(name)' is first defined here"))
            invalidFiles.insert(outcome.path)
            invalidFiles.insert(original.path)
            duplicated.insert(name)
        }
        invalidNames.formUnion(duplicated)
        for outcome in outcomes {
            guard let manifest = outcome.manifest, !invalidNames.contains(manifest.name) else { continue }
            candidates[manifest.name] = manifest
        }
    }

    private mutating func checkReferences() {
        for image in sortedCandidates() {
            guard let base = image.spec.source.baseImage, candidates[base] == nil else { continue }
            let reason = invalidNames.contains(base) ? "is invalid" : "does not exist in the repository"
            invalidate(image, "'spec.source.image': image '\(base)' \(reason)")
        }
    }

    private mutating func checkCycles() {
        var cycles: [String: [String]] = [:]
        for image in sortedCandidates() where cycles[image.name] == nil {
            var path = [image.name]
            var current = image
            while let base = current.spec.source.baseImage, let next = candidates[base] {
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
        for image in sortedCandidates() {
            guard let cycle = cycles[image.name], let first = cycle.first else { continue }
            let text = (cycle + [first]).joined(separator: " -> ")
            invalidate(image, "'spec.source.image': source images form a cycle: \(text)")
        }
    }

    private mutating func checkLayerRegions() {
        for image in sortedCandidates() {
            guard let baseName = image.spec.source.baseImage, let base = candidates[baseName] else { continue }
            let region = image.spec.build.region
            guard !base.spec.regions.contains(region) else { continue }
            invalidate(
                image,
                "'spec.source.image': image '\(baseName)' is not available in the build region '\(region)' "
                    + "(it exists in \(base.spec.regions.joined(separator: ", "))); "
                    + "add '\(region)' to its 'spec.distribute.regions'")
        }
    }

    private mutating func propagateInvalidBases() {
        var changed = true
        while changed {
            changed = false
            for image in sortedCandidates() {
                guard let base = image.spec.source.baseImage, candidates[base] == nil else { continue }
                invalidate(image, "'spec.source.image': image '\(base)' is invalid")
                changed = true
            }
        }
    }

    // MARK: - Helpers

    private func sortedCandidates() -> [ImageManifest] {
        candidates.values.sorted { $0.name < $1.name }
    }

    private mutating func invalidate(_ image: ImageManifest, _ message: String) {
        diagnostics.append(Diagnostic(.error, at: image.spec.sourceLocation, message))
        candidates[image.name] = nil
        invalidNames.insert(image.name)
        invalidFiles.insert(image.file)
    }
}
