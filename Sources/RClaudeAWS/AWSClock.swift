// Time for the AWS code: the wall clock SigV4 signs with and timeouts are measured on, and the
// sleep between retries and polls. Injected so unit tests run instantly on a scripted clock.

import Foundation

/// The wall clock and the sleeps of AWS calls, retries and polling.
public protocol AWSClock: Sendable {
    /// The current time (signing time, timeout measurement).
    func now() -> Date
    /// Waits for `duration`.
    ///
    /// - Throws: `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The system clock and `Task.sleep`.
public struct SystemAWSClock: AWSClock {
    /// Creates the system clock.
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
