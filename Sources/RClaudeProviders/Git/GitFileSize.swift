import Foundation

/// File sizes for bundle reports and error messages.
enum GitFileSize {
    /// The size of the file at `path` in bytes, or 0 when it cannot be read.
    static func of(_ path: String) -> Int64 {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return 0 }
        return (attributes[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// A human size: "812 bytes", "3.4 KiB", "1.2 GiB".
    static func describe(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) byte\(bytes == 1 ? "" : "s")" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return "\(String(format: "%.1f", value)) \(units[unit])"
    }
}
