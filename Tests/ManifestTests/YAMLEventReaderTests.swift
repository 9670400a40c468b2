import Foundation
@testable import Manifest
import Testing

/// The event-stream reader: core-schema typing, aliases as shared nodes, duplicate keys, limits.
@Suite struct YAMLEventReaderTests {
    static func root(_ text: String) throws -> YAMLNode {
        let result = try YAMLEventReader.read(Array(text.utf8), maxBytes: 1 << 20)
        guard case .document(let root) = result.stream else { throw ReadFailure() }
        return root
    }

    struct ReadFailure: Error {}

    /// Plain scalars resolve as the YAML 1.2 core schema does (with `true`/`false` as the only booleans).
    @Test(arguments: [
        ("true", ScalarTag.boolean), ("false", .boolean), ("True", .string), ("yes", .string), ("on", .string),
        ("1", .integer), ("-12", .integer), ("+7", .integer), ("007", .integer), ("0x1F", .string),
        ("1_000", .string), ("1.5", .float), (".5", .float), ("1.", .float), ("1e3", .float), ("-2.5E-3", .float),
        ("-.inf", .float), (".Inf", .float), (".nan", .float), ("-.nan", .string), ("e3", .string), ("1e", .string),
        ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("nUll", .string), ("", .null),
        ("1.4.2", .string), ("2026-01-01", .string), ("+", .string), ("-x", .string), (".", .string),
    ])
    func plainScalarsResolveByTheCoreSchema(text: String, expected: ScalarTag) throws {
        let value = try #require(try Self.root("k: \(text)\n")["k"]?.scalar)
        #expect(value.tag == expected, "\(text)")
        #expect(value.string == text)
    }

    @Test func quotedAndTaggedScalarsKeepTheirTag() throws {
        let root = try Self.root("a: \"1\"\nb: '~'\nc: !!int \"12\"\nd: ! 12\ne: !!binary aGk=\nf: |\n  x\n")
        #expect(root["a"]?.scalar?.tag == .string)
        #expect(root["b"]?.scalar?.tag == .string)
        #expect(root["c"]?.scalar?.tag == .integer)
        #expect(root["d"]?.scalar?.tag == .string)
        #expect(root["e"]?.scalar?.tag == .other("tag:yaml.org,2002:binary"))
        #expect(root["f"]?.scalar?.style == .literal)
        #expect(root["f"]?.scalar?.string == "x\n")
    }

    @Test func marksAreOneBasedLineAndColumnInScalars() throws {
        let root = try Self.root("a:\n  é: [x, \"y\"]\n")
        let inner = try #require(root["a"]?.mapping)
        #expect(inner.mark == YAMLMark(line: 2, column: 3))
        #expect(inner.pairs[0].key.mark == YAMLMark(line: 2, column: 3))
        let list = try #require(inner.pairs[0].value.sequence)
        #expect(list.mark == YAMLMark(line: 2, column: 6))
        #expect(list[1].mark == YAMLMark(line: 2, column: 10))
    }

    /// An alias is its anchor's node; a billion-node expansion used as a key is read in no time.
    @Test func aliasesAreSharedNotExpanded() throws {
        var text = "l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n"
        for level in 1...9 {
            text +=
                "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        text += "? *l9\n: x\n"
        let clock = ContinuousClock()
        let start = clock.now
        let root = try Self.root(text)
        #expect(clock.now - start < .seconds(1))
        let mapping = try #require(root.mapping)
        #expect(mapping.count == 11)
        #expect(mapping.pairs[10].key.sequence?.count == 10)
    }

    @Test func anUndefinedAliasIsASyntaxError() {
        #expect {
            _ = try Self.root("a: *nowhere\n")
        } throws: { error in
            guard case .syntax(let problem, let mark, _) = error as? YAMLReadError else { return false }
            return problem == "found undefined alias" && mark == YAMLMark(line: 1, column: 4)
        }
    }

    @Test func duplicateKeysAreFoundSmallestFirstAndTheLaterWins() throws {
        let text = "b: 1\na: 2\nb: 3\na: 4\nb: 5\n\"1\": x\n1: y\n"
        let result = try YAMLEventReader.read(Array(text.utf8), maxBytes: 1 << 20)
        let found = result.duplicates.map { "\($0.key) \($0.first?.description ?? "-") \($0.second)" }
        #expect(found == ["a 2:1 4:1", "b 1:1 3:1", "b 3:1 5:1"])
        #expect(
            result.shadowed == [
                YAMLMark(line: 1, column: 1), YAMLMark(line: 2, column: 1), YAMLMark(line: 3, column: 1),
            ])
    }

    @Test func tooManyDuplicateKeysRefuseTheDocument() {
        let text = (0...64).map { _ in "k: v\n" }.joined()
        #expect {
            _ = try YAMLEventReader.read(Array(text.utf8), maxBytes: 1 << 20)
        } throws: { error in
            if case .tooManyDuplicateKeys = error as? YAMLReadError { return true }
            return false
        }
    }

    @Test func sizeIsCheckedBeforeParsing() {
        #expect {
            _ = try YAMLEventReader.read(Array("a: [".utf8) + Array(repeating: 0x20, count: 100), maxBytes: 50)
        } throws: { error in
            if case .tooLarge(50) = error as? YAMLReadError { return true }
            return false
        }
    }

    @Test func streamsWithNoneOrSeveralDocuments() throws {
        let empty = try YAMLEventReader.read(Array("# nothing\n".utf8), maxBytes: 100)
        guard case .empty = empty.stream else { Issue.record("expected empty"); return }
        let two = try YAMLEventReader.read(Array("a: 1\n---\nb: 2\n".utf8), maxBytes: 100)
        guard case .multipleDocuments(let mark) = two.stream else { Issue.record("expected two"); return }
        #expect(mark == YAMLMark(line: 3, column: 1))
    }

    @Test func deepNestingIsRefusedWithoutRecursion() {
        let text = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
        #expect(throws: YAMLReadError.self) { _ = try YAMLEventReader.read(Array(text.utf8), maxBytes: 1 << 20) }
    }

    /// Yams' static copy of libyaml and the system's share symbol names: one parse must call one copy.
    @Test func everyLibyamlCallGoesToOneCopy() {
        let images = YAMLEventReader.libyamlImages
        #expect(images.count == 1, "\(images)")
        #expect(!images.contains("?"))
    }

    /// A file whose size alone (from a git blob header) is over the limit is reported without being read.
    @Test func anUnreadLargeFileIsReportedAsTooLarge() {
        let set = ManifestLoader.load(files: [ManifestFile(path: "big.yaml", limitedBytes: nil)])
        #expect(
            set.diagnostics.map(\.description) == [
                "big.yaml:1:1: error: file is too large: a manifest may have at most 1048576 bytes (1 MiB)"
            ])
    }
}
