// The errors of the AWS module, each a `CoreError` whose message says what failed and what to
// do about it. Service errors are mapped by their AWS code; the message names the operation,
// region, endpoint and access key id (never the secret or the session token).

import Foundation
import RClaudeCore
import RClaudeHTTP

/// What a failed AWS call was doing, for error messages.
struct AWSCallContext: Sendable {
    /// The service's name in messages (`ECS`).
    var service: String
    /// The operation (`RunTask`).
    var operation: String
    /// The region.
    var region: String
    /// The endpoint URL.
    var endpoint: String
    /// The access key id signed with (not secret).
    var accessKeyID: String
    /// Where the credentials came from.
    var credentialSource: String
    /// Whether the credentials carry a session token.
    var temporaryCredentials: Bool
    /// The cluster the call is about, if any.
    var cluster: String?
}

/// Builds the module's errors.
enum AWSErrors {
    // MARK: - Service errors

    /// The error for an AWS error response (after retries, for retryable ones).
    static func service(status: Int, body: AWSErrorBody, snippet: String, context c: AWSCallContext, attempts: Int)
        -> CoreError
    {
        let code = body.code
        let detail = body.message ?? (snippet.isEmpty ? "no details" : snippet)
        let what = "\(c.service) \(c.operation) failed (HTTP \(status)\(code.map { ", \($0)" } ?? "")): \(detail)"
        let keyInfo = "access key id \(c.accessKeyID) from \(c.credentialSource)"
        switch code {
        case "SignatureDoesNotMatch", "IncompleteSignature", "IncompleteSignatureException":
            return CoreError(
                code: .unauthorized,
                message:
                    "\(what); the secret access key does not match \(keyInfo), or this machine's clock is off. "
                    + "Check AWS_SECRET_ACCESS_KEY (or the profile's aws_secret_access_key) belongs to that key id, "
                    + "and that the system time is correct")
        case "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId", "InvalidToken",
            "InvalidSecurityToken":
            let tokenHint =
                c.temporaryCredentials
                ? "; the session token may be wrong or from another key pair: refresh your session credentials "
                    + "(aws sso login, or a new AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN set)"
                : "; if it is a temporary key (ASIA…), also set AWS_SESSION_TOKEN"
            return CoreError(
                code: .unauthorized,
                message:
                    "\(what); AWS does not recognise \(keyInfo) (deleted, deactivated, or from another partition). "
                    + "Check AWS_ACCESS_KEY_ID / AWS_PROFILE and the region\(tokenHint)")
        case "ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired":
            return CoreError(
                code: .unauthorized,
                message:
                    "\(what); the session credentials (\(keyInfo)) have expired; refresh your session credentials: "
                    + "aws sso login (then re-export them), or export a new AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN set"
            )
        case "RequestExpired", "RequestTimeTooSkewed":
            return CoreError(
                code: .unauthorized,
                message:
                    "\(what); the request's signing time is too far from AWS's clock. Fix this machine's time (enable NTP) and retry"
            )
        case "AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "NotAuthorized":
            return CoreError(
                code: .forbidden,
                message:
                    "\(what); the IAM identity of \(keyInfo) may not call ecs:\(c.operation). Grant it ecs:RunTask, "
                    + "ecs:DescribeTasks, ecs:StopTask, ecs:DescribeClusters, ecs:TagResource and iam:PassRole on the task "
                    + "definition's roles, or use credentials that have them")
        case "ClusterNotFoundException":
            let name = c.cluster.map { "'\($0)'" } ?? "the cluster"
            return CoreError(
                code: .notFound,
                message:
                    "\(what); ECS cluster \(name) does not exist in region \(c.region). Create it "
                    + "(aws ecs create-cluster --cluster-name \(c.cluster ?? "NAME") --region \(c.region)) or set the ECS "
                    + "provider's cluster and region to an existing one")
        case "InvalidParameterException", "ClientException", "ValidationException", "PlatformUnknownException",
            "PlatformTaskDefinitionIncompatibilityException", "UnsupportedFeatureException":
            return CoreError(
                code: .invalidInput,
                message:
                    "\(what). ECS rejected the request; check the ECS provider's settings (cluster, taskDefinition, "
                    + "containerName, launchType, subnets, securityGroups) against the task definition in region \(c.region)"
            )
        case "ServiceNotActiveException", "ServiceNotFoundException", "TargetNotFoundException",
            "ResourceNotFoundException":
            return CoreError(
                code: .notFound,
                message: "\(what); check the names in the ECS provider's settings and the region \(c.region)")
        default:
            if AWSErrorBody.isRetryable(status: status, code: code) {
                return CoreError(
                    code: .unavailable,
                    message:
                        "\(what); still failing after \(attempts) attempt\(attempts == 1 ? "" : "s") with backoff. "
                        + "AWS is throttling or failing requests to \(c.endpoint); wait a minute and retry, or lower how many tasks start at once"
                )
            }
            switch status {
            case 401, 403:
                return CoreError(
                    code: .unauthorized,
                    message: "\(what); check the AWS credentials (\(keyInfo)) and their permissions")
            case 404:
                return CoreError(
                    code: .notFound,
                    message: "\(what); is \(c.endpoint) an ECS endpoint? Check the ECS provider's endpoint and region")
            default:
                return CoreError(code: .invalidInput, message: "\(what); check the ECS provider's settings")
            }
        }
    }

    // MARK: - Transport and decoding

    /// The endpoint could not be reached (after retries).
    static func unreachable(_ c: AWSCallContext, detail: String, attempts: Int) -> CoreError {
        CoreError(
            code: .unavailable,
            message:
                "cannot reach \(c.service) at \(c.endpoint) for \(c.operation) (\(attempts) attempt\(attempts == 1 ? "" : "s")): \(detail); "
                + "check the network/proxy, the region (\(c.region)) and the ECS provider's endpoint override")
    }

    /// A 2xx answer whose body is not the expected JSON.
    static func unreadable(_ c: AWSCallContext, status: Int, snippet: String, detail: String) -> CoreError {
        CoreError(
            code: .unavailable,
            message:
                "\(c.service) \(c.operation) answered HTTP \(status) with a body rclaude cannot read (\(detail))"
                + (snippet.isEmpty ? ", and the body is empty" : ": '\(snippet)'")
                + "; is \(c.endpoint) really the \(c.service) API (check the endpoint override), or was the answer cut off? Retry"
        )
    }

    /// The first bytes of `body` as text, for messages (at most 300 characters, one line).
    static func snippet(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        let oneLine = text.map { $0.isNewline || $0 == "\t" ? " " : $0 }
        let trimmed = String(oneLine).trimmingCharacters(in: .whitespaces)
        return body.count > 300 ? trimmed + "…" : trimmed
    }

    /// `error` with every occurrence of the credentials' secret parts replaced by `<redacted>`.
    static func redacting(_ error: CoreError, _ credentials: AWSCredentials) -> CoreError {
        var message = error.message
        for secret in [credentials.secretAccessKey, credentials.sessionToken ?? ""] where secret.count >= 4 {
            message = message.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return CoreError(code: error.code, message: message)
    }
}
