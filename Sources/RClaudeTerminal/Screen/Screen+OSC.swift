// Operating system commands. Only the window title (OSC 0, 1, 2) and hyperlinks (OSC 8) are acted on, and
// only inside the emulator: the title becomes a sanitized value. Everything else, notably OSC 52
// (clipboard), OSC 4/10/11/12 colour queries and OSC 7, is read and ignored, so nothing reaches the real
// terminal and nothing is answered.

extension Screen {
    /// Longest title kept, in characters.
    static let maxTitleLength = 1024

    /// Dispatches an OSC string.
    mutating func osc(_ data: UnsafeBufferPointer<UInt8>, overflowed: Bool) {
        guard !overflowed else { return }
        var command = 0
        var i = 0
        while i < data.count, data[i] >= 0x30, data[i] <= 0x39, command < 100_000 {
            command = command * 10 + Int(data[i] - 0x30)
            i += 1
        }
        guard i > 0 else { return }
        let rest: UnsafeBufferPointer<UInt8>
        if i < data.count && data[i] == UInt8(ascii: ";") {
            rest = UnsafeBufferPointer(rebasing: data[(i + 1)...])
        } else if i == data.count {
            rest = UnsafeBufferPointer(rebasing: data[i...])
        } else {
            return
        }
        switch command {
        case 0:
            let text = Screen.sanitizeTitle(rest)
            setTitle(text)
            iconName = text
        case 1:
            iconName = Screen.sanitizeTitle(rest)
        case 2:
            setTitle(Screen.sanitizeTitle(rest))
        case 8:
            oscHyperlink(rest)
        default:
            break
        }
    }

    /// Sets the title and reports the change in `output`.
    mutating func setTitle(_ text: String) {
        title = text
        output.title = text
    }

    /// OSC 8 ; params ; URI: starts a hyperlink, or ends it when the URI is empty.
    mutating func oscHyperlink(_ data: UnsafeBufferPointer<UInt8>) {
        guard let separator = data.firstIndex(of: UInt8(ascii: ";")) else { return }
        let params = String(decoding: data[..<separator], as: UTF8.self)
        let uriBytes = data[(separator + 1)...]
        if uriBytes.isEmpty {
            pen.link = 0
            return
        }
        guard uriBytes.count <= HyperlinkTable.maxURILength,
            uriBytes.allSatisfy({ $0 >= 0x20 && $0 != 0x7F })
        else {
            pen.link = 0
            return
        }
        var id: String?
        for item in params.split(separator: ":") where item.hasPrefix("id=") {
            id = String(item.dropFirst(3).prefix(256))
        }
        let uri = String(decoding: uriBytes, as: UTF8.self)
        pen.link = links.intern(Hyperlink(id: id, uri: uri))
    }

    /// Decodes a title as UTF-8 and drops control characters and bidirectional overrides.
    static func sanitizeTitle(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        var count = 0
        for scalar in String(decoding: bytes.prefix(Screen.maxTitleLength * 4), as: UTF8.self).unicodeScalars {
            let v = scalar.value
            if v < 0x20 || (v >= 0x7F && v < 0xA0) { continue }
            if (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069) || v == 0x200E || v == 0x200F
                || v == 0x061C
            {
                continue
            }
            scalars.append(scalar)
            count += 1
            if count >= Screen.maxTitleLength { break }
        }
        return String(scalars)
    }
}
