/// Where each customer id first appeared in one file or batch, so a second row for the same id
/// is refused naming the first rather than silently overwriting it: two rows for one customer
/// are usually two people given one id, or one export joined twice, and only the sender knows
/// which row is right.
///
/// Ids are compared byte for byte, as the store compares them: `é` written precomposed and
/// decomposed are two ids there, so they are two here.
struct CustomerIDPositions {
    private var positions: [[UInt8]: Int] = [:]

    /// Records `id` at `position` (a line, or an index in a batch); the earlier position when the
    /// id was seen before, which is kept.
    mutating func record(_ id: String, at position: Int) -> Int? {
        let key = Array(id.utf8)
        if let earlier = positions[key] { return earlier }
        positions[key] = position
        return nil
    }
}
