// One SSM Session Manager data-channel message (`ClientMessage` in session-manager-plugin),
// carried in one binary WebSocket frame. All integers are big-endian:
//
//   offset size field
//        0    4 HeaderLength   116: the offset of PayloadLength; the payload starts 4 bytes later
//        4   32 MessageType    ASCII, right-padded with spaces (readers trim spaces and NULs)
//       36    4 SchemaVersion  1
//       40    8 CreatedDate    epoch milliseconds
//       48    8 SequenceNumber per-direction stream sequence (signed)
//       56    8 Flags          bit 0 SYN, bit 1 FIN; acknowledgements carry 3
//       64   16 MessageId      a UUID with its halves swapped: bytes 8–15, then bytes 0–7
//       80   32 PayloadDigest  SHA-256 of the payload
//      112    4 PayloadType    see `SSMPayloadType`
//      116    4 PayloadLength
//      120    n Payload

import Foundation

/// An SSM data-channel message: the header fields and the payload.
public struct SSMClientMessage: Sendable, Equatable {
    /// The header-length value every message carries (the offset of the payload-length field).
    public static let headerLength: UInt32 = 116
    /// Where the payload starts.
    public static let payloadOffset = 120
    /// The size of the message-type field.
    public static let messageTypeLength = 32

    /// The message's type.
    public var messageType: SSMMessageType
    /// The schema version (1).
    public var schemaVersion: UInt32
    /// When the message was created, in milliseconds since 1970.
    public var createdDate: UInt64
    /// The message's place in its direction's stream (0 for acknowledgements).
    public var sequenceNumber: Int64
    /// Control flags: bit 0 SYN, bit 1 FIN.
    public var flags: UInt64
    /// The message's id.
    public var messageID: UUID
    /// What the payload holds.
    public var payloadType: SSMPayloadType
    /// The payload.
    public var payload: [UInt8]

    /// Creates a message.
    ///
    /// - Parameters:
    ///   - messageType: the type.
    ///   - schemaVersion: the schema version (1).
    ///   - createdDate: milliseconds since 1970.
    ///   - sequenceNumber: the stream sequence number.
    ///   - flags: control flags (0 for stream data, 3 for acknowledgements).
    ///   - messageID: the message's id.
    ///   - payloadType: what the payload holds.
    ///   - payload: the payload bytes.
    public init(
        messageType: SSMMessageType, schemaVersion: UInt32 = 1, createdDate: UInt64, sequenceNumber: Int64,
        flags: UInt64 = 0, messageID: UUID, payloadType: SSMPayloadType, payload: [UInt8]
    ) {
        self.messageType = messageType
        self.schemaVersion = schemaVersion
        self.createdDate = createdDate
        self.sequenceNumber = sequenceNumber
        self.flags = flags
        self.messageID = messageID
        self.payloadType = payloadType
        self.payload = payload
    }

    // MARK: - Encoding

    /// The message's wire bytes, with the payload's SHA-256 digest computed here.
    ///
    /// A message type longer than 32 bytes is cut to 32 (all known types are shorter).
    public func encoded() -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(Self.payloadOffset + payload.count)
        Self.append(Self.headerLength, to: &bytes)
        var typeField = Array(messageType.rawValue.utf8.prefix(Self.messageTypeLength))
        typeField += [UInt8](repeating: 0x20, count: Self.messageTypeLength - typeField.count)
        bytes += typeField
        Self.append(schemaVersion, to: &bytes)
        Self.append(createdDate, to: &bytes)
        Self.append(UInt64(bitPattern: sequenceNumber), to: &bytes)
        Self.append(flags, to: &bytes)
        bytes += Self.wireBytes(of: messageID)
        bytes += AWSCrypto.sha256(payload)
        Self.append(payloadType.rawValue, to: &bytes)
        Self.append(UInt32(truncatingIfNeeded: payload.count), to: &bytes)
        bytes += payload
        return bytes
    }

    // MARK: - Decoding

    /// Decodes and checks one message.
    ///
    /// The checks are the plugin's: a non-zero header length, a message type, a created date,
    /// and, for a non-empty payload, its SHA-256 digest. `start_publication` and
    /// `pause_publication` skip the last three, as in the plugin.
    ///
    /// - Parameters:
    ///   - bytes: one binary WebSocket message.
    ///   - verifyingDigest: whether to check the payload digest (true except in diagnostics).
    /// - Throws: `SSMMessageError` when the bytes are short, garbled or fail a check.
    public init(decoding bytes: [UInt8], verifyingDigest: Bool = true) throws(SSMMessageError) {
        guard bytes.count >= Self.payloadOffset else {
            throw .truncated(length: bytes.count, needed: Self.payloadOffset)
        }
        let headerLength = Self.uint32(bytes, at: 0)
        guard headerLength >= Self.headerLength else { throw .invalidHeaderLength(headerLength) }
        let payloadStart = Int(headerLength) + 4
        guard bytes.count >= payloadStart else { throw .truncated(length: bytes.count, needed: payloadStart) }

        let typeBytes = bytes[4..<36].filter { $0 != 0 }
        let typeName = String(decoding: typeBytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        messageType = SSMMessageType(typeName)
        schemaVersion = Self.uint32(bytes, at: 36)
        createdDate = Self.uint64(bytes, at: 40)
        sequenceNumber = Int64(bitPattern: Self.uint64(bytes, at: 48))
        flags = Self.uint64(bytes, at: 56)
        messageID = Self.uuid(fromWire: Array(bytes[64..<80]))
        let digest = Array(bytes[80..<112])
        payloadType = SSMPayloadType(Self.uint32(bytes, at: 112))
        let payloadLength = Self.uint32(bytes, at: 116)
        let available = bytes.count - payloadStart
        guard Int(payloadLength) == available else {
            throw .payloadLengthMismatch(declared: payloadLength, actual: available)
        }
        payload = Array(bytes[payloadStart...])

        if messageType == .startPublication || messageType == .pausePublication { return }
        guard !typeName.isEmpty else { throw .missingMessageType }
        guard createdDate != 0 else { throw .missingCreatedDate(messageType: typeName) }
        if verifyingDigest, payloadLength != 0, AWSCrypto.sha256(payload) != digest {
            throw .digestMismatch(messageType: typeName, sequenceNumber: sequenceNumber)
        }
    }

    // MARK: - Wire helpers

    /// The 16 wire bytes of `id`: the UUID's bytes 8–15, then bytes 0–7 (the plugin writes the
    /// least significant half first).
    public static func wireBytes(of id: UUID) -> [UInt8] {
        let u = id.uuid
        return [u.8, u.9, u.10, u.11, u.12, u.13, u.14, u.15, u.0, u.1, u.2, u.3, u.4, u.5, u.6, u.7]
    }

    /// The UUID whose wire bytes are `wire` (16 bytes; see `wireBytes(of:)`).
    public static func uuid(fromWire wire: [UInt8]) -> UUID {
        var b = [UInt8](repeating: 0, count: 16)
        for i in 0..<min(16, wire.count) { b[(i + 8) % 16] = wire[i] }
        return UUID(
            uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])
        )
    }

    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func uint64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes[offset..<offset + 8].reduce(0) { $0 << 8 | UInt64($1) }
    }
}
