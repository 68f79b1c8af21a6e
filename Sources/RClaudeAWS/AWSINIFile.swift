// The INI dialect of `~/.aws/credentials` and `~/.aws/config`: `[section]` headers,
// `key = value` lines, `#`/`;` comment lines, and indented continuation lines (nested
// settings such as `s3 =`), which are skipped. In the config file a named profile's section is
// `[profile NAME]` and the default one `[default]`; in the credentials file both are `[NAME]`.

/// A parsed AWS shared config or credentials file: sections of key/value settings.
struct AWSINIFile: Sendable, Equatable {
    /// Settings by section name (as written between the brackets, trimmed), keys lower-cased.
    var sections: [String: [String: String]]

    /// Parses `text`. Lines that fit no form are ignored, as the AWS CLI does.
    init(parsing text: String) {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = String(rawLine).replacingTabs()
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if line.first == " " {
                continue  // a nested setting's continuation line
            }
            if trimmed.hasPrefix("[") {
                guard let close = trimmed.firstIndex(of: "]") else { current = nil; continue }
                let name = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close]).trimmingSpaces()
                current = name
                if sections[name] == nil { sections[name] = [:] }
                continue
            }
            guard let section = current, let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = String(trimmed[..<equals]).trimmingSpaces().lowercased()
            var value = String(trimmed[trimmed.index(after: equals)...]).trimmingSpaces()
            if let comment = value.range(of: " #") ?? value.range(of: " ;") {
                value = String(value[..<comment.lowerBound]).trimmingSpaces()
            }
            sections[section, default: [:]][key] = value
        }
        self.sections = sections
    }

    /// The settings of `profile` in a credentials file (`[NAME]`).
    func credentialsProfile(_ profile: String) -> [String: String]? {
        sections[profile]
    }

    /// The settings of `profile` in a config file (`[profile NAME]`, or `[default]`).
    func configProfile(_ profile: String) -> [String: String]? {
        if profile == "default" { return sections["default"] ?? sections["profile default"] }
        if let section = sections["profile \(profile)"] { return section }
        return nil
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\r" {
            scalars = scalars.dropFirst()
        }
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" { scalars = scalars.dropLast() }
        return String(scalars)
    }

    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}
