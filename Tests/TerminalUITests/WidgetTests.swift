import Testing
@testable import TerminalUI

@Suite struct TableTests {
    let columns = [TableColumn("FLAG", width: .fixed(8)), TableColumn("DEV", width: .fixed(4)),
                   TableColumn("STG", width: .fixed(4)), TableColumn("PROD", width: .fixed(4))]

    func rows(_ n: Int) -> [TableRow] {
        (0..<n).map { .cells([TableCell("flag\($0)"), TableCell("on", .flagOn), TableCell("off", .flagOff), TableCell("on", .flagOn)]) }
    }

    @Test func rendersHeaderRowsAndSelection() {
        var buffer = CellBuffer(size: Size(width: 23, height: 4))
        Table(columns: columns, rows: [.group("checkout/flags")] + rows(2), selected: 2).render(into: &buffer, area: buffer.area)
        #expect(buffer.text == """
        FLAG     DEV  STG  PROD
        checkout/flags
        flag0    on   off  on
        flag1    on   off  on
        """)
        #expect(buffer[0, 3].style == CellStyle(.text, selected: true))
        #expect(buffer[9, 3].style == CellStyle(.flagOn, selected: true))
        #expect(buffer[9, 2].style == CellStyle(.flagOn))
        #expect(buffer[0, 1].style == CellStyle(.groupHeader))
    }

    @Test func scrollsToKeepTheSelectionVisible() {
        var buffer = CellBuffer(size: Size(width: 23, height: 4))
        Table(columns: columns, rows: rows(10), selected: 7).render(into: &buffer, area: buffer.area)
        #expect(buffer.text.split(separator: "\n").dropFirst().map { String($0.prefix(5)) } == ["flag5", "flag6", "flag7"])
        #expect(ScrollWindow.offset(current: 6, selected: 2, visible: 3, count: 10) == 2)
        #expect(ScrollWindow.offset(current: 9, selected: nil, visible: 3, count: 10) == 7)
        #expect(ScrollWindow.offset(current: 4, selected: 1, visible: 20, count: 10) == 0)
    }

    @Test func horizontalScrollKeepsTheFrozenColumnAndShowsArrows() {
        var buffer = CellBuffer(size: Size(width: 18, height: 2))
        let table = Table(columns: columns, rows: rows(1), frozenColumns: 1, firstScrollableColumn: 1)
        table.render(into: &buffer, area: buffer.area)
        #expect(buffer.text == "FLAG    ◀STG  PROD\nflag0    off  on")
        var narrow = CellBuffer(size: Size(width: 14, height: 2))
        Table(columns: columns, rows: rows(1), frozenColumns: 1).render(into: &narrow, area: narrow.area)
        #expect(narrow.line(0) == "FLAG     DEP  ▶".replacingOccurrences(of: "DEP", with: "DEV").prefix(13) + "▶")
    }

    @Test func fillColumnsAbsorbLeftoverWidth() {
        let table = Table(columns: [TableColumn("A", width: .fill(min: 3)), TableColumn("B", width: .fixed(2))], rows: [])
        #expect(table.visibleColumns(in: 10).map(\.width) == [7, 2])
    }

    @Test func emptyTableSaysSo() {
        var buffer = CellBuffer(size: Size(width: 20, height: 3))
        Table(columns: columns, rows: [], emptyMessage: "No flags match").render(into: &buffer, area: buffer.area)
        #expect(buffer.line(1).hasPrefix(" No flags match"))
    }
}

@Suite struct TextInputTests {
    @Test func editsLikeReadline() {
        var input = TextInput()
        for c in "new chk" { _ = input.handle(.char(c)) }
        #expect(input.text == "new chk")
        _ = input.handle(.left)
        _ = input.handle(.char("e"))
        #expect(input.text == "new chek" && input.cursor == 7)
        _ = input.handle(.ctrl("a"))
        _ = input.handle(.delete)
        #expect(input.text == "ew chek" && input.cursor == 0)
        _ = input.handle(.end)
        _ = input.handle(.ctrl("w"))
        #expect(input.text == "ew ")
        _ = input.handle(.backspace)
        #expect(input.text == "ew")
        _ = input.handle(.home)
        _ = input.handle(.ctrl("k"))
        #expect(input.text == "" && input.cursor == 0)
        #expect(input.handle(.enter) == .ignored)
        #expect(input.handle(.backspace) == .moved)
    }

    @Test func rendersPromptTextAndCursorScrolledToTheEnd() {
        var buffer = CellBuffer(size: Size(width: 10, height: 1))
        TextInput("abcdefghijkl").render(into: &buffer, area: buffer.area, prompt: "/")
        #expect(buffer.line(0) == "/efghijkl ")
        #expect(buffer[9, 0].style == CellStyle(.inputCursor))
        #expect(buffer[1, 0].style == CellStyle(.input))
    }
}

@Suite struct ChromeWidgetTests {
    @Test func tabBarHighlightsTheActiveTab() {
        var buffer = CellBuffer(size: Size(width: 24, height: 1))
        TabBar(titles: ["Fleet", "Review", "Audit"], active: 1).render(into: &buffer, area: buffer.area)
        #expect(buffer.line(0) == " Fleet   Review   Audit ")
        #expect(buffer.styleDump == "0: 0-6 tab_inactive | 8-15 tab_active | 17-23 tab_inactive")
    }

    @Test func footerDropsHintsThatDoNotFitWhole() {
        var buffer = CellBuffer(size: Size(width: 22, height: 1))
        KeyHintLine(hints: [KeyHint(key: "?", label: "help"), KeyHint(key: "q", label: "quit"),
                            KeyHint(key: "Ctrl-R", label: "refresh")]).render(into: &buffer, area: buffer.area)
        #expect(buffer.line(0) == "<?> help  <q> quit    ")
    }

    @Test func statusLineKeepsRightTextAndCutsLeft() {
        var buffer = CellBuffer(size: Size(width: 20, height: 1))
        StatusLine(left: "scanning account payments-prod", right: "3/9", role: .warning).render(into: &buffer, area: buffer.area)
        #expect(buffer.line(0) == "scanning accoun… 3/9")
    }

    @Test func dialogIsCentredBoxedAndScrollable() {
        var buffer = CellBuffer(size: Size(width: 30, height: 8))
        let lines = (1...6).map { StyledLine("line \($0)") }
        Dialog(title: "Keys", lines: lines, footer: "Esc close", scroll: 2, preferredWidth: 12)
            .render(into: &buffer, area: buffer.area)
        #expect(buffer.text == """

               ┌─ Keys ───────┐
               │ line 3       │
               │ line 4       │
               │       ↓ more │
               │ Esc close    │
               └──────────────┘

        """)
        #expect(buffer[7, 2].style == CellStyle(.dialog))
    }
}

@Suite struct KeyTests {
    @Test func controlCodesDecode() {
        #expect(Key.fromCharacterCode(18) == .ctrl("r"))
        #expect(Key.fromCharacterCode(3) == .ctrl("c"))
        #expect(Key.fromCharacterCode(9) == .tab)
        #expect(Key.fromCharacterCode(13) == .enter)
        #expect(Key.fromCharacterCode(127) == .backspace)
        #expect(Key.fromCharacterCode(27) == .escape)
        #expect(Key.fromCharacterCode(0x65E5) == .char("日"))
    }

    @Test func labels() {
        #expect(Key.ctrl("r").description == "Ctrl-R")
        #expect(Key.char(" ").description == "Space")
        #expect(Key.function(5).description == "F5")
    }
}

@Suite struct TextWrapTests {
    @Test func wrapsAtSpacesWithIndent() {
        #expect(TextWrap.wrap("one two three four", width: 9, indent: "  ") == ["one two", "  three", "  four"])
    }

    @Test func breaksWordsLongerThanTheLine() {
        #expect(TextWrap.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    }

    @Test func shortTextStaysWhole() {
        #expect(TextWrap.wrap("short", width: 10) == ["short"])
    }
}
