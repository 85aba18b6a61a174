/// Finds the known name closest to a mistyped one, for "did you mean …?".
enum KeySuggestion {
    /// The candidate nearest to `name`, comparing case-, `_`-, `-`- and `.`-insensitively, both whole
    /// and by last component (so `server.poolSize` finds `database.poolSize`); nil when none is close.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let wanted = normalized(name)
        let wantedLast = normalized(lastComponent(name))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let whole = distance(wanted, normalized(candidate))
            let last = distance(wantedLast, normalized(lastComponent(candidate)))
            let score = min(whole, last)
            if best == nil || score < best!.distance { best = (candidate, score) }
        }
        guard let best else { return nil }
        let allowed = max(1, min(3, wantedLast.count / 3))
        return best.distance <= allowed ? best.candidate : nil
    }

    static func normalized(_ name: String) -> [Character] {
        Array(name.lowercased().filter { $0 != "_" && $0 != "-" && $0 != "." })
    }

    static func lastComponent(_ name: String) -> String {
        String(name.split(separator: ".").last ?? Substring(name))
    }

    /// Edit distance counting a swap of neighbours (`prot` → `port`) as one edit.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var beforePrevious = Array(repeating: 0, count: b.count + 1)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
