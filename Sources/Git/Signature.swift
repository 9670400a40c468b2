public import Foundation

/// Who made a commit, and when.
public struct Signature: Sendable, Hashable {
    /// The person's name, e.g. `Kiln`.
    public var name: String
    /// The e-mail address, without angle brackets.
    public var email: String
    /// The instant of the signature (whole seconds are kept).
    public var date: Date
    /// The offset from UTC in minutes that the date is shown in (git's `+0100` is 60).
    public var timeZoneOffsetMinutes: Int

    /// A signature; the date defaults to now, shown in UTC.
    public init(name: String, email: String, date: Date = Date(), timeZoneOffsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.date = date
        self.timeZoneOffsetMinutes = timeZoneOffsetMinutes
    }
}
