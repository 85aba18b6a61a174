import Testing

@testable import EmporiumCore

@Suite("PlaceholderImage")
struct PlaceholderImageTests {
    @Test func drawsAnSVGDocumentOfTheRequestedSize() {
        let svg = PlaceholderImage.svg(title: "Merino Crew Neck Sweater", index: 1, width: 640, height: 480)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"480\""))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(svg.contains(">MC</text>"))
        #expect(svg.contains("<title>Merino Crew Neck Sweater</title>"))
    }

    @Test func colourDependsOnTitleAndIndexOnly() {
        let first = PlaceholderImage.svg(title: "Walnut Chef's Knife", index: 1)
        #expect(first == PlaceholderImage.svg(title: "Walnut Chef's Knife", index: 1))
        #expect(first != PlaceholderImage.svg(title: "Walnut Chef's Knife", index: 2))
        #expect(first != PlaceholderImage.svg(title: "Walnut Chef's Knives", index: 1))
    }

    @Test func escapesMarkupCharacters() {
        let svg = PlaceholderImage.svg(title: #"Tom & Jerry's <"Best"> Mug"#, index: 1)
        #expect(svg.contains("Tom &amp; Jerry&apos;s &lt;&quot;Best&quot;&gt; Mug"))
        #expect(!svg.contains("<\"Best\">"))
        let hostile = PlaceholderImage.svg(title: "<script>alert(1)</script>\" onload=\"x", index: 1)
        #expect(!hostile.contains("<script"))
        #expect(!hostile.contains("\" onload"))
    }

    @Test func removesControlCharacters() {
        let svg = PlaceholderImage.svg(title: "Bell\u{7}Null\u{0}Esc\u{1B}Del\u{7F}C1\u{85}Tab\tEnd\u{FFFE}", index: 3)
        let controls = svg.unicodeScalars.filter { $0 != "\n" && $0.properties.generalCategory == .control }
        #expect(controls.isEmpty)
        #expect(!svg.unicodeScalars.contains("\u{FFFE}"))
        #expect(svg.contains("BellNullEscDelC1Tab End"))
    }

    @Test func wrapsLongTitlesIntoAtMostThreeLines() {
        let title = Array(repeating: "Extraordinarily", count: 30).joined(separator: " ")
        let svg = PlaceholderImage.svg(title: title, index: 1)
        #expect(svg.ranges(of: "<tspan").count == 3)
        #expect(svg.contains("…</tspan>"))
        let lines = PlaceholderImage.wrapped("Soy Wax Cedar & Fig Scented Candle", maximumColumns: 12, maximumLines: 3)
        #expect(lines == ["Soy Wax", "Cedar & Fig", "Scented…"])
    }

    @Test func handlesEmptyAndOddSizes() {
        let svg = PlaceholderImage.svg(title: "", index: -1, width: 0, height: 1_000_000)
        #expect(svg.contains("width=\"16\" height=\"4096\""))
        #expect(svg.contains(">?</text>"))
        #expect(!svg.contains("<tspan"))
    }

    @Test func parsesPlaceholderFileNames() {
        let parsed = PlaceholderImage.parse(path: "merino-crew-neck-sweater-123-2.svg")
        #expect(parsed?.slug == "merino-crew-neck-sweater-123")
        #expect(parsed?.index == 2)
        #expect(PlaceholderImage.parse(path: "a-9999.svg")?.index == 9999)
    }

    @Test(arguments: [
        "../etc/passwd-1.svg", "..-1.svg", "a..b-1.svg", "a/b-1.svg", "/a-1.svg", "a%2F-1.svg", "a\\b-1.svg",
        "Merino-1.svg", "föo-1.svg", "a-1.svg\u{0}", "a-1.png", "a-1.SVG", "a.svg", "-1.svg", "a-.svg", "a--1.svg",
        "a-0.svg", "a-01.svg", "a-10000.svg", "a-99999999999999999999.svg", ".svg", "", "a-1.svg/",
        String(repeating: "a", count: 195) + "-1.svg",
    ])
    func rejectsAnythingElse(path: String) {
        #expect(PlaceholderImage.parse(path: path) == nil)
    }

    @Test func acceptsNamesUpToTheLimit() {
        let name = String(repeating: "a", count: 194) + "-1.svg"
        #expect(name.utf8.count == PlaceholderImage.maximumPathLength)
        #expect(PlaceholderImage.parse(path: name)?.index == 1)
    }
}
