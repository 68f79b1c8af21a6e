import Foundation
import RClaudeCore
import RClaudeHTTP

/// The errors of the docker provider, each saying what to do.
enum DockerErrors {
    /// The daemon cannot be reached at `endpoint`.
    static func unreachable(_ endpoint: DockerEndpoint, detail: String) -> CoreError {
        let start =
            "start the Docker/Podman API service (e.g. 'podman system service --time=0 \(endpoint)' or 'systemctl start docker') "
            + "or point DOCKER_HOST=unix:///path/to/docker.sock (or tcp://host:port) at a running one"
        if let path = endpoint.socketPath, !FileManager.default.fileExists(atPath: path) {
            return CoreError(
                code: .unavailable, message: "the Docker Engine API socket \(path) does not exist; \(start)")
        }
        return CoreError(
            code: .unavailable, message: "cannot reach the Docker Engine API at \(endpoint) (\(detail)); \(start)")
    }

    /// The image is not present on the daemon.
    static func imageMissing(_ image: String, on endpoint: DockerEndpoint, detail: String? = nil) -> CoreError {
        let why = detail.map { " (\($0))" } ?? ""
        return CoreError(
            code: .notFound,
            message:
                "image \(image) is not on the Docker daemon at \(endpoint)\(why); import or pull \(image) "
                + "('docker pull \(image)', or 'podman import ROOTFS.tar \(image)') or set RCLAUDE_DOCKER_IMAGE to an image it has")
    }

    /// A daemon error for a request.
    static func failure(status: Int, message: String, doing what: String) -> CoreError {
        let code: CoreError.Code
        let hint: String
        switch status {
        case 400: (code, hint) = (.invalidInput, "the daemon rejected the request")
        case 401, 403: (code, hint) = (.forbidden, "the daemon refused; check its permissions (a read-only root filesystem?)")
        case 404: (code, hint) = (.notFound, "it does not exist on the daemon (removed by someone else?)")
        case 409: (code, hint) = (.conflict, "it conflicts with the daemon's state (name taken, container paused or stopped?)")
        default: (code, hint) = (.unavailable, "see the daemon's log ('journalctl -u docker' or the podman service's output)")
        }
        return CoreError(code: code, message: "Docker daemon error while \(what) (HTTP \(status)): \(message); \(hint)")
    }

    /// The message of a daemon error body (`{"message": …}`), or the body's text.
    static func message(of response: HTTPResponseData) -> String {
        if let body = try? JSONDecoder().decode(DockerErrorBody.self, from: Data(response.body)) { return body.message }
        let text = String(decoding: response.body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "no details" : text
    }
}
