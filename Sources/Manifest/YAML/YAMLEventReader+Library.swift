import CLibYAML
import Foundation

extension YAMLEventReader {
    /// The loaded images (executable or shared library) that hold the libyaml functions the reader calls.
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
        var images = Set<String>()
        for address in addresses {
            var info = Dl_info()
            guard dladdr(address, &info) != 0, let name = info.dli_fname else {
                images.insert("?")
                continue
            }
            images.insert(String(cString: name))
        }
        return images
    }
}
