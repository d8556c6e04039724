public import Foundation

extension Process {
    /// Starts the process and suspends until it exits, returning its status.
    ///
    /// `waitUntilExit()` would hold one of the few threads every test shares (two on two cores)
    /// for as long as the child runs; a couple of tests running `rapport` or a browser that way
    /// stall every other test's tasks, and their timeouts fire for nothing.
    public func runUntilExit() async throws -> Int32 {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
            terminationHandler = { process in continuation.resume(returning: process.terminationStatus) }
            do {
                try run()
            } catch {
                terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }
}
