/// Terminal column widths: CJK ideographs, kana, Hangul and full-width forms take two columns,
/// combining marks none, everything else one — so tables of Chinese names line up.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark
            || value == 0x200B
        {
            return 0
        }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// `text` in its visible form (`VisibleText`) cut to at most `width` columns (with … when cut).
    public static func truncate(_ text: String, to width: Int) -> String {
        let text = VisibleText.escaped(text)
        guard of(text) > width else { return text }
        var result = ""
        var used = 0
        for scalar in text.unicodeScalars {
            let next = of(scalar)
            if used + next > width - 1 { break }
            result.unicodeScalars.append(scalar)
            used += next
        }
        return result + "…"
    }
}

/// An aligned text table for people (gridctl's default output; `--json` is for scripts). Cells
/// are kept in their visible form (`VisibleText`): a cell is one line whatever it holds, so no
/// text can add a row or break the columns — here and in the HTML report, which prints these cells.
public struct TextTable {
    public private(set) var headers: [String]
    public private(set) var rows: [[String]] = []
    /// Columns whose cells line up on the right (numbers).
    public var rightAligned: Set<Int> = []
    /// The colour of a cell, by row and column (`Colour`), put on after the layout.
    var colours: [Int: [Int: Colour]] = [:]

    public init(headers: [String]) { self.headers = headers.map(VisibleText.escaped) }

    public mutating func add(_ row: [String]) { rows.append(row.map(VisibleText.escaped)) }

    /// Adds a row whose cells at some columns are coloured when the table is rendered coloured.
    mutating func add(_ row: [String], colours: [Int: Colour]) {
        if !colours.isEmpty { self.colours[rows.count] = colours }
        add(row)
    }

    /// The width of each column: its widest cell or header.
    var widths: [Int] {
        var widths = headers.map(DisplayWidth.of)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], DisplayWidth.of(cell))
            }
        }
        return widths
    }

    /// Cuts the cells of `columns` (in that order, each down to its minimum width at most) with
    /// `…` until every line fits `width` columns, or nothing more can be cut.
    mutating func fit(width: Int, shrinking columns: [(index: Int, minimum: Int)]) {
        for (column, minimum) in columns {
            let current = widths
            let total = current.reduce(0, +) + 2 * max(0, current.count - 1)
            guard total > width, column < current.count else { return }
            let target = max(minimum, current[column] - (total - width))
            for row in rows.indices where column < rows[row].count {
                rows[row][column] = DisplayWidth.truncate(rows[row][column], to: target)
            }
        }
    }

    /// The table as aligned lines; with `colour`, the cells given colours are painted (after the
    /// padding is measured, so escapes never count as columns).
    public func render(colour: Bool = false) -> String {
        let widths = self.widths
        func line(_ cells: [String], _ colours: [Int: Colour]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                let width = index < widths.count ? widths[index] : 0
                let padding = String(repeating: " ", count: max(0, width - DisplayWidth.of(cell)))
                let shown = colours[index]?.paint(cell, colour) ?? cell
                if rightAligned.contains(index) {
                    text += padding + shown + (index == cells.count - 1 ? "" : "  ")
                } else if index == cells.count - 1 {
                    text += shown
                } else {
                    text += shown + padding + "  "
                }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        return line(headers, [:]) + rows.enumerated().map { line($0.element, colours[$0.offset] ?? [:]) }.joined()
    }
}
