/// Generated SVG placeholder images for products without photographs, served at
/// `/media/placeholder/<slug>-<n>.svg` (the URLs ``DemoCatalog`` puts into ``SeedMedia``).
///
/// ```swift
/// if let file = PlaceholderImage.parse(path: "merino-sweater-6-2.svg") {
///     // Look the product up by `file.slug`, then answer with `image/svg+xml`:
///     let body = PlaceholderImage.svg(title: "Merino Sweater", index: file.index)
/// }
/// ```
public enum PlaceholderImage {
    /// Longest file name ``parse(path:)`` accepts, in bytes.
    public static let maximumPathLength = 200

    /// An SVG document showing the title's initials over its wrapped name, on a gradient whose colour
    /// depends only on `title` and `index`.
    ///
    /// The title is sanitised (control characters and Unicode noncharacters removed, at most 200 characters)
    /// and XML-escaped. Width and height are clamped to 16...4096.
    public static func svg(title: String, index: Int, width: Int = 800, height: Int = 800) -> String {
        let width = min(max(width, 16), 4096)
        let height = min(max(height, 16), 4096)
        let text = sanitised(title)
        let hash = fnv1a(text, index)
        let hue = Int(hash % 360)
        let top = hexColour(hue: hue, saturation: 460, lightness: 420)
        let bottom = hexColour(hue: (hue + 40) % 360, saturation: 500, lightness: 280)
        let small = min(width, height)
        let circleX = width / 4 + Int((hash >> 16) % UInt64(width / 2 + 1))
        let circleY = height / 4 + Int((hash >> 32) % UInt64(height / 2 + 1))

        let initialsSize = small * 3 / 10
        let nameSize = max(small / 20, 8)
        let lines = wrapped(text, maximumColumns: max(4, width * 10 / (nameSize * 6)), maximumLines: 3)
        let nameTop = height * 58 / 100 + nameSize

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
        svg += "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"" + escaped(text) + "\">\n"
        svg += "<title>" + escaped(text) + "</title>\n"
        svg += "<defs><linearGradient id=\"bg\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"1\">"
        svg += "<stop offset=\"0\" stop-color=\"\(top)\"/><stop offset=\"1\" stop-color=\"\(bottom)\"/>"
        svg += "</linearGradient></defs>\n"
        svg += "<rect width=\"\(width)\" height=\"\(height)\" fill=\"url(#bg)\"/>\n"
        svg +=
            "<circle cx=\"\(circleX)\" cy=\"\(circleY)\" r=\"\(small * 2 / 5)\" fill=\"#fff\" fill-opacity=\"0.08\"/>\n"
        svg +=
            "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\">\n"
        svg += "<text x=\"\(width / 2)\" y=\"\(height * 47 / 100)\" font-size=\"\(initialsSize)\" font-weight=\"700\" "
        svg += "fill-opacity=\"0.92\">" + escaped(initials(of: text)) + "</text>\n"
        if !lines.isEmpty {
            svg += "<text y=\"\(nameTop)\" font-size=\"\(nameSize)\" fill-opacity=\"0.85\">"
            for (number, line) in lines.enumerated() {
                svg += "<tspan x=\"\(width / 2)\" dy=\"\(number == 0 ? "0" : "1.3em")\">" + escaped(line) + "</tspan>"
            }
            svg += "</text>\n"
        }
        svg += "</g>\n</svg>\n"
        return svg
    }

    /// Splits a placeholder file name `<slug>-<n>.svg` into its product slug and image number.
    ///
    /// Returns `nil` unless the name is at most ``maximumPathLength`` bytes of lower-case ASCII letters, digits and
    /// hyphens followed by `.svg`, the slug neither starts nor ends with a hyphen, and `n` is 1...9999 without
    /// leading zeros. In particular `/`, `..`, `%` and every non-ASCII character are refused.
    public static func parse(path: String) -> (slug: String, index: Int)? {
        let bytes = Array(path.utf8)
        let suffix = Array(".svg".utf8)
        guard bytes.count <= maximumPathLength, bytes.count > suffix.count,
            bytes.suffix(suffix.count).elementsEqual(suffix)
        else { return nil }
        let stem = bytes.dropLast(suffix.count)
        for byte in stem {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                continue
            default: return nil
            }
        }
        guard let hyphen = stem.lastIndex(of: UInt8(ascii: "-")) else { return nil }
        let slug = stem[..<hyphen]
        let digits = stem[(hyphen + 1)...]
        guard let first = slug.first, let last = slug.last, first != UInt8(ascii: "-"), last != UInt8(ascii: "-"),
            (1...4).contains(digits.count), digits.first != UInt8(ascii: "0"),
            digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        let index = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return (String(decoding: slug, as: UTF8.self), index)
    }

    /// The title without control characters (whitespace ones become spaces) or noncharacters, at most 200 characters.
    static func sanitised(_ title: String) -> String {
        var scalars = String.UnicodeScalarView()
        var characters = 0
        for character in title {
            guard characters < 200 else { break }
            for scalar in character.unicodeScalars {
                if scalar == "\t" || scalar == "\n" || scalar == "\r" {
                    scalars.append(" ")
                } else if scalar.properties.generalCategory != .control && !scalar.properties.isNoncharacterCodePoint {
                    scalars.append(scalar)
                }
            }
            characters += 1
        }
        return String(scalars)
    }

    /// Text safe inside XML element content and quoted attribute values.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The upper-cased first letter or digit of the first two words (`"Merino Crew Neck"` gives `"MC"`).
    static func initials(of text: String) -> String {
        var result = ""
        for word in text.split(separator: " ") where result.count < 2 {
            if let first = word.first(where: { $0.isLetter || $0.isNumber }) { result += first.uppercased() }
        }
        return result.isEmpty ? "?" : result
    }

    /// Greedy word wrap; a word longer than a line is cut, and text beyond the last line ends in an ellipsis.
    static func wrapped(_ text: String, maximumColumns: Int, maximumLines: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let word = word.count > maximumColumns ? String(word.prefix(maximumColumns - 1)) + "…" : String(word)
            if current.isEmpty {
                current = word
            } else if current.count + 1 + word.count <= maximumColumns {
                current += " " + word
            } else {
                lines.append(current)
                current = word
                if lines.count == maximumLines { break }
            }
        }
        if lines.count == maximumLines {
            lines[maximumLines - 1] = String(lines[maximumLines - 1].prefix(maximumColumns - 1)) + "…"
        } else if !current.isEmpty {
            lines.append(current)
        }
        return lines
    }

    private static func fnv1a(_ text: String, _ index: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        for shift in stride(from: 0, to: 64, by: 8) {
            hash = (hash ^ UInt64(truncatingIfNeeded: index >> shift) & 0xFF) &* 0x0000_0100_0000_01B3
        }
        return hash ^ (hash >> 29)
    }

    /// HSL to `#rrggbb` in integer per-mille arithmetic: no floating point, so no libm and no rounding drift.
    private static func hexColour(hue: Int, saturation: Int, lightness: Int) -> String {
        let chroma = (1000 - abs(2 * lightness - 1000)) * saturation / 1000
        let x = chroma * (60 - abs(hue % 120 - 60)) / 60
        let (red, green, blue) =
            switch hue / 60 {
            case 0: (chroma, x, 0)
            case 1: (x, chroma, 0)
            case 2: (0, chroma, x)
            case 3: (0, x, chroma)
            case 4: (x, 0, chroma)
            default: (chroma, 0, x)
            }
        let offset = lightness - chroma / 2
        var hex = "#"
        for component in [red, green, blue] {
            let byte = ((component + offset) * 255 + 500) / 1000
            hex += byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }
        return hex
    }
}
