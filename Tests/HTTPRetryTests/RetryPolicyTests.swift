import FerryTestSupport
import HTTPRetry
import Testing

/// The shared retry policy, decision by decision: what an answer (or a failed request) at a given
/// attempt leads to, and how long the wait is.
@Suite struct RetryPolicyTests {
    static let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(100), maxDelay: .milliseconds(700))

    /// Always the largest value: full jitter then waits the whole ceiling, which pins the delay.
    struct LargestGenerator: RandomNumberGenerator {
        mutating func next() -> UInt64 { .max }
    }

    enum Expected: Equatable {
        case succeeded, notRetryable, attemptsExhausted
        /// A retry after exactly this long when the jitter draws its largest value.
        case retry(Duration)
    }

    /// nil status: the request got no answer (dropped connection, timeout, body broke off).
    typealias Row = (status: Int?, attempt: Int, retryAfter: Duration?, expected: Expected)

    static let table: [Row] = [
        (200, 1, nil, .succeeded),
        (204, 3, nil, .succeeded),
        (429, 1, nil, .retry(.milliseconds(100))),
        (429, 2, nil, .retry(.milliseconds(200))),
        (429, 1, .seconds(7), .retry(.seconds(7))),            // Retry-After wins over a shorter backoff
        (429, 3, .milliseconds(50), .retry(.milliseconds(400))), // and never shortens a longer one
        (408, 1, nil, .retry(.milliseconds(100))),
        (500, 1, nil, .retry(.milliseconds(100))),
        (502, 2, nil, .retry(.milliseconds(200))),
        (503, 3, .seconds(2), .retry(.seconds(2))),
        (504, 3, nil, .retry(.milliseconds(400))),
        (599, 1, nil, .retry(.milliseconds(100))),
        (nil, 1, nil, .retry(.milliseconds(100))),
        (nil, 3, nil, .retry(.milliseconds(400))),
        (503, 4, nil, .attemptsExhausted),
        (429, 4, .seconds(1), .attemptsExhausted),
        (nil, 4, nil, .attemptsExhausted),
        (401, 1, nil, .notRetryable),
        (403, 1, nil, .notRetryable),
        (400, 1, nil, .notRetryable),
        (404, 2, nil, .notRetryable),
        (409, 1, nil, .notRetryable),
        (412, 1, nil, .notRetryable),
        (501, 1, nil, .notRetryable),
        (505, 1, nil, .notRetryable),
        (302, 1, nil, .notRetryable),
    ]

    @Test(arguments: table.indices)
    func decisionTableRow(_ index: Int) {
        let row = Self.table[index]
        let classification = row.status.map(RetryClassification.init(status:)) ?? .transportFailure
        var generator = LargestGenerator()
        let decision = Self.policy.decide(classification, afterAttempt: row.attempt, retryAfter: row.retryAfter, using: &generator)
        let got: Expected = switch decision {
        case .succeeded: .succeeded
        case .notRetryable: .notRetryable
        case .attemptsExhausted: .attemptsExhausted
        case let .retry(after): .retry(after)
        }
        #expect(got == row.expected, "row \(index): \(row)")
    }

    @Test func classificationOfStatuses() {
        #expect(RetryClassification(status: 429) == .congestion && RetryClassification(status: 408) == .congestion)
        #expect(RetryClassification.transportFailure == .congestion, "a dropped connection or timeout is a congestion signal")
        #expect([500, 502, 503, 504].allSatisfy { RetryClassification(status: $0) == .serverError })
        #expect(RetryClassification(status: 401) == .unauthorized && RetryClassification(status: 403) == .unauthorized)
        #expect(RetryClassification.allCases.filter(\.isRetryable) == [.congestion, .serverError])
    }

    @Test func theBackoffCeilingDoublesUpToTheMaximum() {
        var generator = LargestGenerator()
        let delays = (1...6).map { Self.policy.delay(beforeRetry: $0, using: &generator) }
        #expect(delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(700),
                           .milliseconds(700), .milliseconds(700)])
    }

    @Test func fullJitterSpreadsWaitsOverTheWholeRange() {
        var generator = SeededGenerator(seed: 42)
        let ceiling = Duration.milliseconds(400)
        let waits = (0..<2_000).map { _ in Self.policy.delay(beforeRetry: 3, using: &generator) }
        #expect(waits.allSatisfy { $0 >= .zero && $0 <= ceiling })
        // Full jitter, not "half plus jitter": a fair share of waits falls in the lower half.
        let lowerHalf = waits.filter { $0 < ceiling / 2 }.count
        #expect((800...1_200).contains(lowerHalf), "\(lowerHalf) of 2000 in the lower half")
        #expect(waits.filter { $0 < ceiling / 10 }.count > 100, "waits near zero happen")
    }

    @Test func retryAfterIsAFloorEvenAboveTheMaximum() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            #expect(Self.policy.delay(beforeRetry: 1, retryAfter: .seconds(30), using: &generator) == .seconds(30))
        }
    }
}
