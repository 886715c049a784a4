import Mustache

/// How a status looks wherever the pages show one: its CSS class and its legend label.
enum StatusStyle {
    /// Statuses in the order the legend lists them; "never tried" is a day without rows.
    static let legendOrder = ["UPLOADED", "PROCESSED", "DOWNLOADED", "SKIPPED_NO_DATA", "SKIPPED_NO_INPUT",
                              "DOWNLOAD_PENDING", "PROCESS_PENDING", "UPLOAD_PENDING", "FAILED", neverTried]
    static let neverTried = "NEVER_TRIED"

    /// `s-uploaded`, `s-failed`, …; statuses Ferry does not know share `s-other`.
    static func cssClass(_ status: String) -> String {
        switch status {
        case "UPLOADED", "COMPLETED", "DONE": "s-done"
        case "PROCESSED": "s-processed"
        case "DOWNLOADED": "s-downloaded"
        case "SKIPPED_NO_DATA", "SKIPPED_NO_INPUT": "s-skipped"
        case "DOWNLOAD_PENDING", "PROCESS_PENDING", "UPLOAD_PENDING", "PENDING", "SCHEDULED", "IN_PROGRESS", "NOT_STARTED": "s-pending"
        case "FAILED": "s-failed"
        case neverTried: "s-never"
        default: "s-other"
        }
    }

    static func label(_ status: String) -> String {
        status == neverTried ? "never tried" : status
    }
}

/// A value a template shows with its status's colour: templates read the computed `css` (and
/// `label`) besides the stored properties, which Mustache finds by reflection.
protocol StatusStyled: MustacheParent {
    var css: String { get }
}

extension StatusStyled {
    func child(named name: String) -> Any? {
        if name == "css" { return css }
        if name == "label", let counted = self as? StatusCount { return StatusStyle.label(counted.status) }
        guard let value = Mirror(reflecting: self).children.first(where: { $0.label == name })?.value else { return nil }
        // An Optional inside Any is not nil to Mustache: unwrap it, as its own reflection does.
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

/// One status and how many things are in it, for legends and summaries.
struct StatusCount: Sendable, Encodable, StatusStyled {
    let status: String
    let count: Int
    var css: String { StatusStyle.cssClass(status) }
    enum CodingKeys: String, CodingKey { case status, count }
}
