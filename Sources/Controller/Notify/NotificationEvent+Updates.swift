import Foundation

// MARK: - Update branches Kiln leaves alone

extension NotificationEvent {
    /// An update branch that holds commits not made by Kiln: left as it is. `commit` is the branch's tip, so the
    /// notifier's memory tells it once per tip.
    public static func updateLeft(branch: String, image: String, tip: String?, time: Date) -> NotificationEvent {
        NotificationEvent(
            .updateLeft, image: image, commit: tip, time: time,
            text: "Kiln leaves branch \(branch) alone: it has commits not made by Kiln", branch: branch)
    }
}
