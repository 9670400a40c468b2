import Foundation
import Testing

@testable import Git

@Suite struct ObjectIDTests {
    @Test(arguments: [
        ("0123456789abcdef0123456789abcdef01234567", true),
        ("0123456789ABCDEF0123456789ABCDEF01234567", true),
        ("0123456789abcdef0123456789abcdef0123456", false),
        ("0123456789abcdef0123456789abcdef012345678", false),
        ("g123456789abcdef0123456789abcdef01234567", false),
        ("", false),
    ])
    func parsesFullHexOnly(text: String, valid: Bool) {
        let id = ObjectID(hex: text)
        #expect((id != nil) == valid)
        if let id {
            #expect(id.description == text.lowercased())
            #expect(id.abbreviated() == String(text.lowercased().prefix(7)))
        }
    }

    @Test func roundTripsThroughCodable() throws {
        let id = try #require(ObjectID(hex: "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"))
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == #"["a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"]"#)
        #expect(try JSONDecoder().decode([ObjectID].self, from: data) == [id])
    }

    @Test func ordersAndHashesByBytes() throws {
        let low = try #require(ObjectID(hex: String(repeating: "0", count: 40)))
        let high = try #require(ObjectID(hex: String(repeating: "f", count: 40)))
        #expect(low < high)
        #expect(Set([low, high, low]).count == 2)
    }
}
