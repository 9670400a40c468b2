import CLibYAML
import Foundation

extension YAMLEventReader {
    /// The loaded images (executable or shared library) that hold the libyaml functions the reader calls, from
    /// `/proc/self/maps` (empty of meaning elsewhere: "?").
    ///
    /// Yams links its own copy of libyaml statically, with the same symbol names as the system's `libyaml-0.so`:
    /// whichever copy the linker binds, every call of one parse (initialise, set input, parse, free events, delete)
    /// must go to the same copy, since they share the parser's internal state. One image here means they do.
    public static var libyamlImages: Set<String> {
        typealias Parser = UnsafeMutablePointer<yaml_parser_t>?
        typealias Event = UnsafeMutablePointer<yaml_event_t>?
        let initialize: @convention(c) (Parser) -> Int32 = yaml_parser_initialize
        let encoding: @convention(c) (Parser, yaml_encoding_t) -> Void = yaml_parser_set_encoding
        let input: @convention(c) (Parser, UnsafePointer<UInt8>?, Int) -> Void = yaml_parser_set_input_string
        let parse: @convention(c) (Parser, Event) -> Int32 = yaml_parser_parse
        let deleteEvent: @convention(c) (Event) -> Void = yaml_event_delete
        let deleteParser: @convention(c) (Parser) -> Void = yaml_parser_delete
        let addresses = [
            unsafeBitCast(initialize, to: UnsafeRawPointer.self), unsafeBitCast(encoding, to: UnsafeRawPointer.self),
            unsafeBitCast(input, to: UnsafeRawPointer.self), unsafeBitCast(parse, to: UnsafeRawPointer.self),
            unsafeBitCast(deleteEvent, to: UnsafeRawPointer.self),
            unsafeBitCast(deleteParser, to: UnsafeRawPointer.self),
        ]
        let regions = mappedFiles()
        var images = Set<String>()
        for address in addresses {
            let value = UInt(bitPattern: address)
            images.insert(regions.first { $0.range.contains(value) }?.path ?? "?")
        }
        return images
    }

    /// The file-backed regions of this process (`/proc/self/maps`): address range and path.
    private static func mappedFiles() -> [(range: Range<UInt>, path: String)] {
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return [] }
        return maps.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6 else { return nil }
            let path = fields[5].trimmingCharacters(in: .whitespaces)
            guard path.hasPrefix("/") else { return nil }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let low = UInt(bounds[0], radix: 16), let high = UInt(bounds[1], radix: 16),
                low < high
            else { return nil }
            return (low..<high, path)
        }
    }
}
