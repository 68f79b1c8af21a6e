import RClaudeCore

// The Docker archive API moves files as tar streams. This is a small, pure POSIX tar codec:
// it writes ustar entries (with a PAX `x` header for paths or link targets longer than the
// ustar fields allow) and reads ustar, PAX and GNU long-name archives, which is what Docker and
// Podman produce. Hard links, devices and FIFOs are skipped on read.

/// One file, directory or symbolic link in a tar archive.
public struct TarEntry: Sendable, Equatable {
    /// What the entry is.
    public enum Kind: Sendable, Equatable {
        /// A regular file with these contents.
        case file([UInt8])
        /// A directory.
        case directory
        /// A symbolic link to this target.
        case symlink(String)
    }

    /// The path inside the archive, relative, `/`-separated, without a trailing slash.
    public var path: String
    /// What it is.
    public var kind: Kind
    /// Permission bits (e.g. `0o644`).
    public var mode: UInt32
    /// Modification time, seconds since 1970.
    public var modificationTime: Int

    /// Creates an entry.
    public init(path: String, kind: Kind, mode: UInt32? = nil, modificationTime: Int = 0) {
        self.path = path
        self.kind = kind
        switch kind {
        case .file: self.mode = mode ?? 0o644
        case .directory: self.mode = mode ?? 0o755
        case .symlink: self.mode = mode ?? 0o777
        }
        self.modificationTime = modificationTime
    }

    /// The file's contents (empty for directories and links).
    public var contents: [UInt8] {
        if case .file(let bytes) = kind { return bytes }
        return []
    }
}

/// Encodes and decodes tar archives in memory.
public enum TarArchive {
    static let blockSize = 512

    // MARK: - Writing

    /// The archive holding `entries`, in order, ending with two zero blocks.
    public static func encode(_ entries: [TarEntry]) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            var name = entry.path
            if case .directory = entry.kind, !name.hasSuffix("/") { name += "/" }
            var linkTarget = ""
            var typeflag: UInt8 = UInt8(ascii: "0")
            var size = 0
            switch entry.kind {
            case .file(let bytes): size = bytes.count
            case .directory: typeflag = UInt8(ascii: "5")
            case .symlink(let target):
                typeflag = UInt8(ascii: "2")
                linkTarget = target
            }
            var pax: [(String, String)] = []
            if name.utf8.count > 100 { pax.append(("path", name)) }
            if linkTarget.utf8.count > 100 { pax.append(("linkpath", linkTarget)) }
            if !pax.isEmpty {
                let records = pax.flatMap { paxRecord($0.0, $0.1) }
                out += header(
                    name: "PaxHeaders/" + String(name.suffix(80)), mode: 0o644, size: records.count, mtime: entry.modificationTime,
                    typeflag: UInt8(ascii: "x"), linkTarget: "")
                out += padded(records)
            }
            out += header(
                name: name, mode: entry.mode, size: size, mtime: entry.modificationTime, typeflag: typeflag,
                linkTarget: linkTarget)
            if case .file(let bytes) = entry.kind { out += padded(bytes) }
        }
        out += [UInt8](repeating: 0, count: blockSize * 2)
        return out
    }

    private static func paxRecord(_ key: String, _ value: String) -> [UInt8] {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while String(length).utf8.count + body.utf8.count != length { length = String(length).utf8.count + body.utf8.count }
        return Array((String(length) + body).utf8)
    }

    private static func padded(_ bytes: [UInt8]) -> [UInt8] {
        let rest = bytes.count % blockSize
        return rest == 0 ? bytes : bytes + [UInt8](repeating: 0, count: blockSize - rest)
    }

    private static func header(name: String, mode: UInt32, size: Int, mtime: Int, typeflag: UInt8, linkTarget: String)
        -> [UInt8]
    {
        var block = [UInt8](repeating: 0, count: blockSize)
        func put(_ bytes: some Collection<UInt8>, at offset: Int, length: Int) {
            for (i, b) in bytes.prefix(length).enumerated() { block[offset + i] = b }
        }
        func octal(_ value: Int, at offset: Int, length: Int) {
            let digits = String(value, radix: 8)
            let field = String(repeating: "0", count: max(0, length - 1 - digits.count)) + digits
            put(field.utf8, at: offset, length: length - 1)
        }
        // Names that fit go in `name`; longer ones were carried by a PAX header, keep a prefix.
        put(name.utf8, at: 0, length: 100)
        octal(Int(mode & 0o7777), at: 100, length: 8)
        octal(0, at: 108, length: 8)
        octal(0, at: 116, length: 8)
        octal(size, at: 124, length: 12)
        octal(max(0, mtime), at: 136, length: 12)
        put([UInt8](repeating: UInt8(ascii: " "), count: 8), at: 148, length: 8)
        block[156] = typeflag
        put(linkTarget.utf8, at: 157, length: 100)
        put("ustar\u{0}".utf8, at: 257, length: 6)
        put("00".utf8, at: 263, length: 2)
        put("root".utf8, at: 265, length: 32)
        put("root".utf8, at: 297, length: 32)
        let sum = block.reduce(0) { $0 + Int($1) }
        let digits = String(sum, radix: 8)
        put((String(repeating: "0", count: max(0, 6 - digits.count)) + digits).utf8, at: 148, length: 6)
        block[154] = 0
        block[155] = UInt8(ascii: " ")
        return block
    }

    // MARK: - Reading

    /// The files, directories and symbolic links in `archive`.
    ///
    /// - Throws: `CoreError` `.damaged` when `archive` is not a tar archive or is cut short.
    public static func decode(_ archive: [UInt8]) throws -> [TarEntry] {
        var entries: [TarEntry] = []
        var offset = 0
        var longName: String?
        var longLink: String?
        while offset + blockSize <= archive.count {
            let block = archive[offset..<offset + blockSize]
            if block.allSatisfy({ $0 == 0 }) { return entries }
            guard checksumMatches(block) else {
                throw damaged("a header checksum does not match at byte \(offset)")
            }
            let size = try number(block, at: 124, length: 12)
            let typeflag = block[block.startIndex + 156]
            let dataStart = offset + blockSize
            guard size >= 0, dataStart + size <= archive.count else {
                throw damaged("an entry at byte \(offset) runs past the end of the archive")
            }
            let data = Array(archive[dataStart..<dataStart + size])
            offset = dataStart + (size + blockSize - 1) / blockSize * blockSize

            var name = string(block, at: 0, length: 100)
            if block[block.startIndex + 257..<block.startIndex + 262].elementsEqual("ustar".utf8) {
                let prefix = string(block, at: 345, length: 155)
                if !prefix.isEmpty { name = prefix + "/" + name }
            }
            var link = string(block, at: 157, length: 100)
            switch typeflag {
            case UInt8(ascii: "x"):
                let records = paxRecords(data)
                longName = records["path"] ?? longName
                longLink = records["linkpath"] ?? longLink
                continue
            case UInt8(ascii: "L"):
                longName = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
                continue
            case UInt8(ascii: "K"):
                longLink = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
                continue
            case UInt8(ascii: "g"):
                continue
            default:
                break
            }
            if let longName { name = longName }
            if let longLink { link = longLink }
            longName = nil
            longLink = nil
            let mode = UInt32(clamping: (try? number(block, at: 100, length: 8)) ?? 0o644) & 0o7777
            let mtime = (try? number(block, at: 136, length: 12)) ?? 0
            let path = normalized(name)
            let kind: TarEntry.Kind
            switch typeflag {
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"): kind = .file(data)
            case UInt8(ascii: "5"): kind = .directory
            case UInt8(ascii: "2"): kind = .symlink(link)
            default: continue
            }
            if path.isEmpty { continue }
            entries.append(TarEntry(path: path, kind: kind, mode: mode, modificationTime: mtime))
        }
        if offset == archive.count && offset > 0 { return entries }
        throw damaged("it ends without the closing zero blocks")
    }

    private static func normalized(_ name: String) -> String {
        var parts = name.split(separator: "/", omittingEmptySubsequences: true)
        while parts.first == "." { parts.removeFirst() }
        return parts.joined(separator: "/")
    }

    private static func checksumMatches(_ block: ArraySlice<UInt8>) -> Bool {
        let start = block.startIndex
        var sum = 0
        for i in 0..<blockSize { sum += (148..<156).contains(i) ? 32 : Int(block[start + i]) }
        guard let stored = try? number(block, at: 148, length: 8) else { return false }
        return stored == sum
    }

    private static func number(_ block: ArraySlice<UInt8>, at offset: Int, length: Int) throws -> Int {
        let field = block[block.startIndex + offset..<block.startIndex + offset + length]
        if let first = field.first, first & 0x80 != 0 {
            // GNU base-256: big-endian, the top bit of the first byte set.
            var value = Int(first & 0x7F)
            for b in field.dropFirst() { value = value << 8 | Int(b) }
            return value
        }
        let text = String(decoding: field.prefix { $0 != 0 }, as: UTF8.self).trimmingCharacters(in: " ")
        if text.isEmpty { return 0 }
        guard let value = Int(text, radix: 8) else { throw damaged("a numeric header field is not octal") }
        return value
    }

    private static func string(_ block: ArraySlice<UInt8>, at offset: Int, length: Int) -> String {
        let field = block[block.startIndex + offset..<block.startIndex + offset + length]
        return String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    private static func paxRecords(_ data: [UInt8]) -> [String: String] {
        var records: [String: String] = [:]
        var index = 0
        while index < data.count {
            guard let space = data[index...].firstIndex(of: UInt8(ascii: " ")),
                let length = Int(String(decoding: data[index..<space], as: UTF8.self)), length > 0,
                index + length <= data.count
            else { break }
            let record = data[(space + 1)..<(index + length - 1)]
            if let equals = record.firstIndex(of: UInt8(ascii: "=")) {
                records[String(decoding: record[..<equals], as: UTF8.self)] = String(
                    decoding: record[(equals + 1)...], as: UTF8.self)
            }
            index += length
        }
        return records
    }

    private static func damaged(_ detail: String) -> CoreError {
        CoreError(code: .damaged, message: "the archive from the Docker daemon is not a valid tar: \(detail)")
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let first = s.first, set.contains(first) { s = s.dropFirst() }
        while let last = s.last, set.contains(last) { s = s.dropLast() }
        return String(s)
    }
}
