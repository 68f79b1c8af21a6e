// The handshake the agent opens a session with, as JSON payloads of stream-data messages:
// output #0 carries a HandshakeRequest (payload type 5) listing actions for the client
// (SessionType, KMSEncryption); the client answers with a HandshakeResponse (type 6) on input
// #0; the agent ends it with HandshakeComplete (type 7). rclaude accepts the shell-style session
// types and declines KMS encryption, which it does not implement.

/// The handshake payloads.
public enum SSMHandshake {
    /// Agent → client: the actions the client must process.
    public struct Request: Codable, Sendable, Equatable {
        /// The agent's version.
        public var agentVersion: String?
        /// The requested actions.
        public var requestedClientActions: [Action]?

        enum CodingKeys: String, CodingKey {
            case agentVersion = "AgentVersion"
            case requestedClientActions = "RequestedClientActions"
        }

        /// Creates a request.
        public init(agentVersion: String?, requestedClientActions: [Action]?) {
            self.agentVersion = agentVersion
            self.requestedClientActions = requestedClientActions
        }
    }

    /// One requested action.
    public struct Action: Codable, Sendable, Equatable {
        /// `SessionType` or `KMSEncryption`.
        public var actionType: String
        /// The action's parameters (only the session type is read).
        public var actionParameters: Parameters?

        enum CodingKeys: String, CodingKey {
            case actionType = "ActionType"
            case actionParameters = "ActionParameters"
        }

        /// Creates an action.
        public init(actionType: String, actionParameters: Parameters?) {
            self.actionType = actionType
            self.actionParameters = actionParameters
        }
    }

    /// The parameters of a requested action.
    public struct Parameters: Codable, Sendable, Equatable {
        /// For `SessionType`: `Standard_Stream`, `InteractiveCommands`, `NonInteractiveCommands`, `Port`.
        public var sessionType: String?
        /// For `KMSEncryption`: the key.
        public var kmsKeyID: String?

        enum CodingKeys: String, CodingKey {
            case sessionType = "SessionType"
            case kmsKeyID = "KMSKeyId"
        }

        /// Creates parameters.
        public init(sessionType: String? = nil, kmsKeyID: String? = nil) {
            self.sessionType = sessionType
            self.kmsKeyID = kmsKeyID
        }
    }

    /// How the client processed an action.
    public enum ActionStatus: Int, Codable, Sendable {
        /// Done.
        case success = 1
        /// Tried and failed.
        case failed = 2
        /// Not supported by this client.
        case unsupported = 3
    }

    /// Client → agent: the outcome of each requested action.
    public struct Response: Codable, Sendable, Equatable {
        /// The client's version.
        public var clientVersion: String
        /// One entry per requested action.
        public var processedClientActions: [ProcessedAction]
        /// Error texts.
        public var errors: [String]

        enum CodingKeys: String, CodingKey {
            case clientVersion = "ClientVersion"
            case processedClientActions = "ProcessedClientActions"
            case errors = "Errors"
        }

        /// Creates a response.
        public init(clientVersion: String, processedClientActions: [ProcessedAction], errors: [String]) {
            self.clientVersion = clientVersion
            self.processedClientActions = processedClientActions
            self.errors = errors
        }
    }

    /// The outcome of one action.
    public struct ProcessedAction: Codable, Sendable, Equatable {
        /// The action's type.
        public var actionType: String
        /// The outcome.
        public var actionStatus: ActionStatus
        /// Why it failed, or empty.
        public var error: String

        enum CodingKeys: String, CodingKey {
            case actionType = "ActionType"
            case actionStatus = "ActionStatus"
            case error = "Error"
        }

        /// Creates an outcome.
        public init(actionType: String, actionStatus: ActionStatus, error: String = "") {
            self.actionType = actionType
            self.actionStatus = actionStatus
            self.error = error
        }
    }

    /// Agent → client: the handshake is over.
    public struct Complete: Codable, Sendable, Equatable {
        /// How long the handshake took, in nanoseconds.
        public var handshakeTimeToComplete: Int64?
        /// A message for the user, or empty.
        public var customerMessage: String?

        enum CodingKeys: String, CodingKey {
            case handshakeTimeToComplete = "HandshakeTimeToComplete"
            case customerMessage = "CustomerMessage"
        }

        /// Creates the payload.
        public init(handshakeTimeToComplete: Int64?, customerMessage: String?) {
            self.handshakeTimeToComplete = handshakeTimeToComplete
            self.customerMessage = customerMessage
        }
    }

    /// The session types the client handles as terminal I/O.
    public static let shellSessionTypes: Set<String> = [
        "Standard_Stream", "InteractiveCommands", "NonInteractiveCommands",
    ]

    /// The response to `request`: shell session types succeed, `Port` sessions, KMS encryption
    /// and unknown actions are declined (rclaude implements none of them).
    ///
    /// - Parameters:
    ///   - request: the agent's request.
    ///   - clientVersion: the version to report.
    /// - Returns: the response and the error texts for the actions declined.
    public static func response(to request: Request, clientVersion: String) -> Response {
        var processed: [ProcessedAction] = []
        var errors: [String] = []
        for action in request.requestedClientActions ?? [] {
            switch action.actionType {
            case "SessionType":
                let type = action.actionParameters?.sessionType ?? ""
                if shellSessionTypes.contains(type) {
                    processed.append(ProcessedAction(actionType: action.actionType, actionStatus: .success))
                } else {
                    let error = "Failed to process action SessionType: Unknown session type \(type)"
                    processed.append(
                        ProcessedAction(actionType: action.actionType, actionStatus: .failed, error: error))
                    errors.append(error)
                }
            case "KMSEncryption":
                let error = "Unsupported action KMSEncryption: rclaude does not implement KMS-encrypted sessions"
                processed.append(
                    ProcessedAction(actionType: action.actionType, actionStatus: .unsupported, error: error))
                errors.append(error)
            default:
                let error = "Unsupported action \(action.actionType)"
                processed.append(
                    ProcessedAction(actionType: action.actionType, actionStatus: .unsupported, error: error))
                errors.append(error)
            }
        }
        return Response(clientVersion: clientVersion, processedClientActions: processed, errors: errors)
    }
}
