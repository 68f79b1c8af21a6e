import Foundation

/// RFC 3339 timestamps as E2B writes them (Go's `time.Time`: `2025-01-02T03:04:05.123456789Z`
/// or with a `+01:00` offset). Foundation's ISO 8601 formatter rejects more than three
/// fractional digits, so the fraction is parsed here.
enum RFC3339 {
    /// The date `text` names, or nil when it is not an RFC 3339 timestamp.
    static func date(from text: String) -> Date? {
        let scalars = Array(text.utf8)
        guard scalars.count >= 20 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[from..<(from + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), scalars[4] == 45, let month = number(5, 2), scalars[7] == 45,
            let day = number(8, 2), scalars[10] == 84 || scalars[10] == 116 || scalars[10] == 32,
            let hour = number(11, 2), scalars[13] == 58, let minute = number(14, 2), scalars[16] == 58,
            let second = number(17, 2)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < scalars.count, scalars[index] == 46 {
            index += 1
            var scale = 0.1
            let start = index
            while index < scalars.count, scalars[index] >= 48, scalars[index] <= 57 {
                fraction += Double(scalars[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < scalars.count else { return nil }
        var offset = 0
        switch scalars[index] {
        case 90, 122:
            guard index + 1 == scalars.count else { return nil }
        case 43, 45:
            guard index + 6 == scalars.count, let hours = number(index + 1, 2), scalars[index + 3] == 58,
                let minutes = number(index + 4, 2)
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (scalars[index] == 45 ? -1 : 1)
        default:
            return nil
        }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.hour = hour
        components.minute = minute
        components.second = second
        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(secondsFromGMT: 0) else { return nil }
        calendar.timeZone = utc
        guard let base = calendar.date(from: components) else { return nil }
        return base.addingTimeInterval(fraction - Double(offset))
    }

    /// `date` as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    static func string(from date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// A JSON date decoding strategy for RFC 3339 strings.
    static let decodingStrategy: JSONDecoder.DateDecodingStrategy = .custom { decoder in
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = RFC3339.date(from: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not an RFC 3339 timestamp")
        }
        return date
    }
}
