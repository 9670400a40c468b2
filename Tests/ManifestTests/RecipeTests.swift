import Manifest
import Testing

@Suite("Recipe hash")
struct RecipeTests {
    static let reference = """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: web
        spec:
          version: 1.0.0
          source:
            filter:
              name: "ubuntu/*"
              owners: ["099720109477", amazon]
          build:
            region: us-east-1
            instanceType: t3.small
            instanceProfile: kiln-builder
            rootVolume: {sizeGiB: 20}
          provision:
            - name: install
              run: |
                set -eu
                apt-get update
          test:
            - {name: health, run: "curl -fsS localhost"}

        """

    static func recipe(_ text: String) throws -> String {
        let set = Sample.load(["web.yaml": text])
        #expect(set.diagnostics.isEmpty, "\(set.diagnostics)")
        return try #require(set.images.first).recipeHash
    }

    @Test func isSixtyFourHexCharactersAndRecipe8IsItsPrefix() throws {
        let image = try #require(Sample.load(["web.yaml": Self.reference]).images.first)
        #expect(image.recipeHash.count == 64)
        #expect(image.recipeHash.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(image.recipe8 == String(image.recipeHash.prefix(8)))
        #expect(image.spec.canonicalRecipe.hasPrefix("kiln-recipe v1\n"))
    }

    /// Variants that must not change the recipe: formatting, quoting, order, and fields outside the recipe.
    static let unchanged: [(String, String, String)] = [
        (
            "key order", "    instanceType: t3.small\n    instanceProfile: kiln-builder\n",
            "    instanceProfile: kiln-builder\n    instanceType: t3.small\n"
        ),
        ("quoting", "instanceType: t3.small", "instanceType: \"t3.small\""),
        ("flow style", "    rootVolume: {sizeGiB: 20}\n", "    rootVolume:\n      sizeGiB: 20\n"),
        (
            "defaults written out", "rootVolume: {sizeGiB: 20}",
            "rootVolume: {sizeGiB: 20, type: gp3, encrypted: true}"
        ),
        ("owners order", "owners: [\"099720109477\", amazon]", "owners: [amazon, '099720109477']"),
        (
            "architecture default", "      name: \"ubuntu/*\"\n",
            "      name: \"ubuntu/*\"\n      architecture: x86_64\n"
        ),
        ("step rename", "- name: install", "- name: setup"),
        (
            "step timeout", "    - {name: health, run: \"curl -fsS localhost\"}",
            "    - {name: health, run: \"curl -fsS localhost\", timeout: 1m}"
        ),
        (
            "block vs quoted run", "{name: health, run: \"curl -fsS localhost\"}",
            "{name: health, run: 'curl -fsS localhost'}"
        ),
        ("strip chomping", "      run: |\n", "      run: |-\n"),
        ("comments", "kind: Image\n", "kind: Image  # an image\n# more\n"),
        ("version", "version: 1.0.0", "version: 2.0.0"),
        ("metadata", "  name: web\n", "  name: web\n  description: words\n"),
        (
            "build timeout and attempts", "    instanceProfile: kiln-builder\n",
            "    instanceProfile: kiln-builder\n    timeout: 2h\n    maxAttempts: 5\n    keepOnFailure: true\n"
        ),
        (
            "networking", "    instanceProfile: kiln-builder\n",
            "    instanceProfile: kiln-builder\n    subnet: subnet-0123abcd\n    securityGroups: [sg-0123abcd]\n"
                + "    associatePublicIp: true\n"
        ),
        ("build region", "region: us-east-1", "region: eu-west-1"),
        ("profile", "instanceProfile: kiln-builder", "instanceProfile: other-profile"),
        (
            "distribution, tags, rollout, retention", "  test:\n",
            "  distribute: {regions: [eu-west-1], accounts: [\"210987654321\"]}\n  tags: {team: web}\n"
                + "  rollout: {ssmParameter: /kiln/web/ami}\n  retention: {keep: 9}\n  test:\n"
        ),
    ]

    @Test(arguments: unchanged)
    func unchangedBy(_ label: String, _ old: String, _ new: String) throws {
        let changed = Self.reference.replacingOccurrences(of: old, with: new)
        #expect(changed != Self.reference, "variant '\(label)' did not apply")
        #expect(try Self.recipe(changed) == Self.recipe(Self.reference), "\(label)")
    }

    /// Variants that must change the recipe: every included input.
    static let changed: [(String, String, String)] = [
        ("filter name", "name: \"ubuntu/*\"", "name: \"debian/*\""),
        ("owners", "owners: [\"099720109477\", amazon]", "owners: [amazon]"),
        ("architecture", "      name: \"ubuntu/*\"\n", "      name: \"ubuntu/*\"\n      architecture: arm64\n"),
        (
            "source kind", "    filter:\n      name: \"ubuntu/*\"\n      owners: [\"099720109477\", amazon]\n",
            "    ami: ami-0abc1234\n"
        ),
        ("instance type", "instanceType: t3.small", "instanceType: t3.large"),
        ("volume size", "sizeGiB: 20", "sizeGiB: 21"),
        ("volume type", "{sizeGiB: 20}", "{sizeGiB: 20, type: io2}"),
        ("encryption", "{sizeGiB: 20}", "{sizeGiB: 20, encrypted: false}"),
        ("kms key", "{sizeGiB: 20}", "{sizeGiB: 20, kmsKey: alias/kiln}"),
        ("provision text", "apt-get update", "apt-get upgrade"),
        ("test text", "curl -fsS localhost", "curl -fsS 127.0.0.1"),
        (
            "step moved from test to provision",
            "  test:\n    - {name: health, run: \"curl -fsS localhost\"}\n",
            "    - {name: health, run: \"curl -fsS localhost\"}\n"
        ),
        ("cleanup mode", "  test:\n", "  cleanup: none\n  test:\n"),
        (
            "cleanup steps", "  test:\n",
            "  cleanup: {steps: [{name: x, run: \"rm -rf /tmp/x\"}]}\n  test:\n"
        ),
        ("leading whitespace in run", "run: \"curl -fsS localhost\"", "run: \" curl -fsS localhost\""),
    ]

    @Test(arguments: changed)
    func changedBy(_ label: String, _ old: String, _ new: String) throws {
        let changed = Self.reference.replacingOccurrences(of: old, with: new)
        #expect(changed != Self.reference, "variant '\(label)' did not apply")
        #expect(try Self.recipe(changed) != Self.recipe(Self.reference), "\(label)")
    }

    @Test func amiMapIsIndependentOfRegionOrder() throws {
        func manifest(_ ami: String) -> String { Sample.manifest(source: "ami:\n      \(ami)") }
        let a = Sample.load(["a.yaml": manifest("us-east-1: ami-0abc1234\n      eu-west-1: ami-0abc1235")])
        let b = Sample.load(["a.yaml": manifest("eu-west-1: ami-0abc1235\n      us-east-1: ami-0abc1234")])
        let c = Sample.load(["a.yaml": manifest("eu-west-1: ami-0abc1236\n      us-east-1: ami-0abc1234")])
        #expect(a.isComplete && b.isComplete && c.isComplete)
        #expect(a.images.first?.recipeHash == b.images.first?.recipeHash)
        #expect(a.images.first?.recipeHash != c.images.first?.recipeHash)
    }

    @Test func knownValueIsStable() throws {
        // A fixed expectation, so that an accidental change of the serialisation is noticed (it re-bakes).
        let image = try #require(Sample.load(["web.yaml": Sample.manifest()]).images.first)
        #expect(
            image.spec.canonicalRecipe == """
                kiln-recipe v1
                source.ami "ami-0abc1234"
                build.instanceType "t3.small"
                build.rootVolume.sizeGiB 16
                build.rootVolume.type "gp3"
                build.rootVolume.encrypted true
                build.rootVolume.kmsKey null
                provision.run "set -eu\\napt-get update"
                cleanup.mode "standard"

                """)
    }
}
