import Foundation
import RClaudeCore

/// An event of a started process (`ProcessEvent` in process.proto).
public enum EnvdProcessEvent: Sendable, Equatable {
    /// The process started with this pid.
    case start(pid: UInt32)
    /// Output.
    case data(EnvdOutputStream, [UInt8])
    /// The process ended.
    case end(EnvdProcessEnd)
    /// Nothing happened for a while (keeps proxies from closing an idle stream).
    case keepalive

    /// Decodes one `StartResponse`/`ConnectResponse` JSON message.
    ///
    /// - Returns: nil for an event kind this client does not know (ignored, as proto3 does).
    /// - Throws: `ConnectError` `.dataLoss` for a message that is not the documented JSON.
    public static func decode(message: [UInt8]) throws -> EnvdProcessEvent? {
        let response: ResponseJSON
        do {
            response = try JSONDecoder().decode(ResponseJSON.self, from: Data(message))
        } catch {
            let text = String(decoding: message.prefix(200), as: UTF8.self)
            throw ConnectError(
                code: .dataLoss, message: "envd sent a process event that is not the documented JSON: '\(text)'")
        }
        guard let event = response.event else { return nil }
        if let start = event.start { return .start(pid: UInt32(clamping: start.pid?.value ?? 0)) }
        if let data = event.data {
            for (stream, text) in [(EnvdOutputStream.stdout, data.stdout), (.stderr, data.stderr), (.pty, data.pty)] {
                guard let text else { continue }
                guard let bytes = Data(base64Encoded: text) else {
                    throw ConnectError(code: .dataLoss, message: "envd sent \(stream.rawValue) data that is not base64")
                }
                return .data(stream, Array(bytes))
            }
            return .data(.stdout, [])
        }
        if let end = event.end {
            return .end(
                EnvdProcessEnd(
                    exitCode: Int32(clamping: end.exitCode?.value ?? 0), exited: end.exited ?? false,
                    status: end.status ?? "",
                    error: end.error))
        }
        if event.keepalive != nil { return .keepalive }
        return nil
    }

    private struct ResponseJSON: Decodable { var event: EventJSON? }
    private struct EventJSON: Decodable {
        var start: StartJSON?
        var data: DataJSON?
        var end: EndJSON?
        var keepalive: EmptyJSON?
    }
    private struct StartJSON: Decodable { var pid: FlexibleInteger? }
    private struct DataJSON: Decodable {
        var stdout: String?
        var stderr: String?
        var pty: String?
    }
    private struct EndJSON: Decodable {
        var exitCode: FlexibleInteger?
        var exited: Bool?
        var status: String?
        var error: String?
    }
    private struct EmptyJSON: Decodable {}
}

/// Which output a data event carries.
public enum EnvdOutputStream: String, Sendable, Equatable {
    case stdout, stderr, pty
}

/// How a process ended (`EndEvent`): envd reports Go's `ProcessState` (`exit status 3`,
/// `signal: killed`).
public struct EnvdProcessEnd: Sendable, Equatable {
    /// The exit code (-1 when a signal ended it).
    public var exitCode: Int32
    /// Whether it exited by itself (false when a signal ended it).
    public var exited: Bool
    /// Go's description of the end.
    public var status: String
    /// An error envd met while running it.
    public var error: String?

    /// Creates an end event.
    public init(exitCode: Int32, exited: Bool, status: String, error: String? = nil) {
        self.exitCode = exitCode
        self.exited = exited
        self.status = status
        self.error = error
    }

    /// The signal that ended the process, from `status` (`signal: terminated` → 15).
    public var signal: Int32? {
        guard !exited, status.hasPrefix("signal: ") else { return nil }
        let name = status.dropFirst("signal: ".count).trimmingCharacters(in: .whitespaces)
        if let number = Self.signalNumbers[name] { return number }
        if name.hasPrefix("signal "), let number = Int32(name.dropFirst("signal ".count)) { return number }
        return nil
    }

    /// As a `ProcessExit`: a signal N becomes code 128 + N.
    public var processExit: ProcessExit {
        if let signal { return ProcessExit(code: 128 + signal, signaled: true) }
        return ProcessExit(code: exitCode, signaled: false)
    }

    /// Go's names of the Linux signals (`syscall.Signal.String()`).
    static let signalNumbers: [String: Int32] = [
        "hangup": 1, "interrupt": 2, "quit": 3, "illegal instruction": 4, "trace/breakpoint trap": 5, "aborted": 6,
        "bus error": 7, "floating point exception": 8, "killed": 9, "user defined signal 1": 10,
        "segmentation fault": 11, "user defined signal 2": 12, "broken pipe": 13, "alarm clock": 14, "terminated": 15,
    ]
}

/// An integer written as a JSON number or, as proto3 writes 64-bit ones, a string.
struct FlexibleInteger: Decodable, Sendable {
    var value: Int64
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            value = number
        } else if let text = try? container.decode(String.self), let number = Int64(text) {
            value = number
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an integer")
        }
    }
}
