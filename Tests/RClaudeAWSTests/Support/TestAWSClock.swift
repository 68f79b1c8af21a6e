import Foundation
import RClaudeAWS
import Synchronization

/// A clock whose sleeps return at once, advance `now` and are recorded.
final class TestAWSClock: AWSClock {
    private let state: Mutex<(now: Date, sleeps: [Duration])>

    /// Starts at the SigV4 test suite's time, 2015-08-30T12:36:00Z.
    init(start: Date = Date(timeIntervalSince1970: 1_440_938_160)) {
        state = Mutex((start, []))
    }

    func now() -> Date { state.withLock { $0.now } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(duration)
            $0.now = $0.now.addingTimeInterval(
                Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
        }
    }

    /// The sleeps so far.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// Moves time forward without a sleep.
    func advance(by seconds: Double) {
        state.withLock { $0.now = $0.now.addingTimeInterval(seconds) }
    }
}
