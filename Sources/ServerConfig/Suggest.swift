/// "Did you mean" for unknown keys: the closest known name, when it is close.
enum Suggest {
    /// The candidate nearest to `word` by edit distance, if within a third of
    /// its length (at least 1, at most 3 edits); else one that `word` starts or
    /// ends (at least 2 letters in common). Ties go to the first candidate.
    static func nearest(_ word: String, in candidates: [String]) -> String? {
        let w = word.lowercased()
        let limit = max(1, min(3, w.count / 3))
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, c)
            if d <= limit, best == nil || d < best!.1 { best = (c, d) }
        }
        if let best { return best.0 }
        let shorter = { (a: String, b: String) in min(a.count, b.count) >= 2 && (a.hasPrefix(b) || b.hasPrefix(a)) }
        return candidates.first { shorter(w, $0) }
    }

    /// Levenshtein distance, with a swap of two neighbours counting as one edit.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}
