/// Customer data and anything else not written by us goes into pages, reports and rewritten
/// links through this, so a name like `<script>{{x}}</script>` shows as those characters and
/// never becomes markup, in text or in a quoted attribute.
public enum HTMLText {
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
