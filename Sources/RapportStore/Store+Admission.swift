extension Store {
    /// Runs an admission pass — reading each customer's recent messages, deciding under the
    /// frequency cap and recording the decisions — while no other daemon on this store runs
    /// one, so two daemons admitting messages for one customer in the same second cannot both
    /// take the last room under the cap. The unique occurrence key alone keeps each occurrence
    /// once; this keeps the cap.
    public func admitting<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        var outcome: Result<T, StoreError>?
        try perform {
            try engine.exclusively("admission") {
                do throws(StoreError) {
                    outcome = .success(try body())
                } catch {
                    outcome = .failure(error)
                }
            }
        }
        return try outcome!.get()
    }
}
