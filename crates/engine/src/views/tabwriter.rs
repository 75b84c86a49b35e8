//! A faithful port of the layout rules of Go's `text/tabwriter` (left-aligned, space padding,
//! no flags), which kubectl uses for every table. Cells are tab-terminated; the text after the
//! last tab of a line is not part of any column; a column block is a run of consecutive lines
//! that have a cell in that column.

pub struct TabWriter {
    minwidth: usize,
    padding: usize,
}

impl TabWriter {
    /// kubectl get: `tabwriter.NewWriter(out, 6, 4, 3, ' ', 0)`.
    pub fn kubectl_get() -> Self {
        TabWriter {
            minwidth: 6,
            padding: 3,
        }
    }
    /// kubectl describe: `tabwriter.Writer.Init(buf, 0, 8, 2, ' ', 0)`.
    pub fn kubectl_describe() -> Self {
        TabWriter {
            minwidth: 0,
            padding: 2,
        }
    }

    /// Formats `text` (lines separated by `\n`, cells by `\t`).
    pub fn format(&self, text: &str) -> String {
        let mut lines: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
        // A trailing newline yields one empty final line: drop it and remember to end with \n.
        let trailing_newline = text.ends_with('\n');
        if trailing_newline {
            lines.pop();
        }
        let mut out = String::with_capacity(text.len() * 2);
        let mut widths: Vec<usize> = Vec::new();
        self.block(&lines, 0, lines.len(), &mut widths, &mut out);
        if !trailing_newline && out.ends_with('\n') {
            out.pop();
        }
        out
    }

    fn block(
        &self,
        lines: &[Vec<&str>],
        line0: usize,
        line1: usize,
        widths: &mut Vec<usize>,
        out: &mut String,
    ) {
        let column = widths.len();
        let mut start = line0;
        let mut this = line0;
        while this < line1 {
            if column + 1 >= lines[this].len() {
                this += 1;
                continue;
            }
            self.write_lines(lines, start, this, widths, out);
            start = this;
            let mut width = self.minwidth;
            while this < line1 && column + 1 < lines[this].len() {
                let w = lines[this][column].chars().count() + self.padding;
                if w > width {
                    width = w;
                }
                this += 1;
            }
            widths.push(width);
            self.block(lines, start, this, widths, out);
            widths.pop();
            start = this;
        }
        self.write_lines(lines, start, line1, widths, out);
    }

    fn write_lines(
        &self,
        lines: &[Vec<&str>],
        line0: usize,
        line1: usize,
        widths: &[usize],
        out: &mut String,
    ) {
        for line in &lines[line0..line1] {
            for (j, cell) in line.iter().enumerate() {
                out.push_str(cell);
                if j < widths.len() && j + 1 < line.len() {
                    let w = cell.chars().count();
                    for _ in w..widths[j] {
                        out.push(' ');
                    }
                }
            }
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn kubectl_get_columns() {
        let t = "NAME\tREADY\tSTATUS\tRESTARTS\tAGE\nliveness-exec\t1/1\tRunning\t3\t4m12s\n";
        assert_eq!(
            TabWriter::kubectl_get().format(t),
            "NAME            READY   STATUS    RESTARTS   AGE\nliveness-exec   1/1     Running   3          4m12s\n"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn blocks_break_on_lines_without_tabs() {
        let t = "Name:\ta\nService Account:\tdefault\nIPs:\n  IP:\t10.0.0.1\n";
        assert_eq!(
            TabWriter::kubectl_describe().format(t),
            "Name:             a\nService Account:  default\nIPs:\n  IP:  10.0.0.1\n"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn empty_last_cell_is_padded() {
        let t = "IP:\t\nNode:\tx\n";
        assert_eq!(
            TabWriter::kubectl_describe().format(t),
            "IP:    \nNode:  x\n"
        );
    }
}
