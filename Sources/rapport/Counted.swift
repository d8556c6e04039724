/// `1 promoter`, `2 promoters`, `1 address`, `3 addresses`: a count with its noun agreeing, so no
/// line reads "1 rows".
func counted(_ count: Int, _ singular: String, plural: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
}
