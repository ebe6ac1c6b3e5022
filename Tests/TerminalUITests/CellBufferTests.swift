import Testing
@testable import TerminalUI

@Suite struct CellBufferTests {
    @Test func asciiTextLandsInCellsAndIsClippedAtTheEdge() {
        var buffer = CellBuffer(size: Size(width: 8, height: 2))
        let end = buffer.put("flagdeck!", x: 1, y: 0, style: CellStyle(.title))
        #expect(end == 8)
        #expect(buffer.line(0) == " flagdec")
        #expect(buffer[1, 0].style == CellStyle(.title))
        #expect(buffer[0, 0].style == .plain)
    }

    @Test func wideGlyphsTakeTwoCellsAndNeverSplit() {
        var buffer = CellBuffer(size: Size(width: 5, height: 1))
        buffer.put("日本語", x: 0, y: 0)
        // Two glyphs fit in four cells; the third would be cut in half, so a space pads.
        #expect(buffer.line(0) == "日本 ")
        #expect(buffer[1, 0].isContinuation)
        #expect(DisplayWidth.of(buffer.line(0)) == 5)
    }

    @Test func overwritingHalfAWideGlyphBlanksTheOtherHalf() {
        var buffer = CellBuffer(size: Size(width: 4, height: 1))
        buffer.put("日本", x: 0, y: 0)
        buffer.put("x", x: 1, y: 0)
        #expect(buffer.line(0) == " x本")
        buffer.put("y", x: 2, y: 0)
        #expect(buffer.line(0) == " xy ")
    }

    @Test func combiningMarksJoinTheirBaseCell() {
        var buffer = CellBuffer(size: Size(width: 6, height: 1))
        buffer.put("cafe\u{301}!", x: 0, y: 0)
        #expect(buffer.line(0) == "café! ")
        #expect(buffer[3, 0].grapheme == "é")
    }

    @Test func controlCharactersNeverReachTheTerminal() {
        var buffer = CellBuffer(size: Size(width: 6, height: 1))
        buffer.put("a\u{1B}[2Jb", x: 0, y: 0)
        #expect(buffer.line(0) == "a?[2Jb")
    }

    @Test func clipRectangleBoundsWriting() {
        var buffer = CellBuffer(size: Size(width: 10, height: 3))
        buffer.put("abcdefgh", x: 0, y: 1, clip: Rect(x: 2, y: 1, width: 3, height: 1))
        #expect(buffer.line(1) == "  cde     ")
        buffer.put("zzz", x: 0, y: 2, clip: Rect(x: 0, y: 0, width: 10, height: 2))
        #expect(buffer.line(2) == "          ")
    }

    @Test func fixedWidthPutPadsAndTruncatesWithEllipsis() {
        var buffer = CellBuffer(size: Size(width: 12, height: 2))
        buffer.put("new_checkout_flow", x: 0, y: 0, width: 8)
        buffer.put("on", x: 0, y: 1, width: 5, alignment: .right)
        #expect(buffer.line(0) == "new_che…    ")
        #expect(buffer.line(1) == "   on       ")
    }

    @Test func textTrimsTrailingSpacesAndStyleDumpListsRuns() {
        var buffer = CellBuffer(size: Size(width: 10, height: 2))
        buffer.put("on", x: 0, y: 0, style: CellStyle(.flagOn))
        buffer.put("off", x: 3, y: 0, style: CellStyle(.flagOff, selected: true))
        #expect(buffer.text == "on off\n")
        #expect(buffer.styleDump == "0: 0-1 flag_on | 3-5 flag_off+sel")
    }

    @Test func restyleKeepsText() {
        var buffer = CellBuffer(size: Size(width: 4, height: 1))
        buffer.put("abcd", x: 0, y: 0)
        buffer.restyle(Rect(x: 1, y: 0, width: 2, height: 1)) { CellStyle($0.role, selected: true) }
        #expect(buffer.line(0) == "abcd")
        #expect(buffer.styleDump == "0: 1-2 text+sel")
    }
}

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("a", 1), ("é", 1), ("e\u{301}", 1), ("日", 2), ("한", 2), ("🚀", 2), ("👩‍💻", 2), ("✓", 1), ("│", 1),
    ])
    func widthOfGraphemes(text: String, width: Int) {
        #expect(DisplayWidth.of(Character(text)) == width)
    }

    @Test func truncateCountsColumnsNotCharacters() {
        #expect(DisplayWidth.truncate("日本語テキスト", to: 7) == "日本語…")
        #expect(DisplayWidth.truncate("short", to: 10) == "short")
        #expect(DisplayWidth.truncate("abcdef", to: 1) == "…")
        #expect(DisplayWidth.truncate("abcdef", to: 0) == "")
    }

    @Test func fitAligns() {
        #expect(DisplayWidth.fit("ab", to: 5, alignment: .center) == " ab  ")
        #expect(DisplayWidth.fit("日本", to: 6, alignment: .right) == "  日本")
    }
}

@Suite struct LayoutTests {
    @Test func fixedPartsThenFillTakesTheRest() {
        let parts = split(Rect(x: 0, y: 0, width: 80, height: 24), .vertical, [.length(1), .length(1), .fill(1), .length(1)])
        #expect(parts.map(\.height) == [1, 1, 21, 1])
        #expect(parts.map(\.y) == [0, 1, 2, 23])
    }

    @Test func weightedFillsShareAndRemainderGoesLast() {
        let parts = split(Rect(x: 0, y: 0, width: 10, height: 1), .horizontal, [.fill(1), .fill(2)])
        #expect(parts.map(\.width) == [3, 7])
        #expect(parts[1].x == 3)
    }

    @Test func overflowSqueezesLaterParts() {
        let parts = split(Rect(x: 0, y: 0, width: 5, height: 3), .vertical, [.length(2), .length(2), .fill(1)])
        #expect(parts.map(\.height) == [2, 1, 0])
    }

    @Test func rectHelpers() {
        let r = Rect(x: 2, y: 3, width: 10, height: 6)
        #expect(r.inset(by: 1) == Rect(x: 3, y: 4, width: 8, height: 4))
        #expect(r.centered(width: 4, height: 2) == Rect(x: 5, y: 5, width: 4, height: 2))
        #expect(r.intersection(Rect(x: 0, y: 0, width: 4, height: 4)) == Rect(x: 2, y: 3, width: 2, height: 1))
        #expect(r.intersection(Rect(x: 50, y: 50, width: 1, height: 1)).isEmpty)
    }
}
