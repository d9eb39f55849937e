//! What an import did: what it read, what it kept as attributes, and what it did not
//! understand, with the line where it could say. Shown in the window after a foreign file opens
//! and printed on stderr by the command line, so nothing a file carried is dropped in silence.

use std::fmt;

/// How a line of the report bears on the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Note {
    /// What was read and what it became.
    Read,
    /// Data relmap has no field for, kept as attributes or unknown fields.
    Kept,
    /// Something relmap could not take in, and what it did instead (skipped, replaced).
    NotUnderstood,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    pub note: Note,
    /// The line of the file it is about, counting from 1, where known.
    pub line: Option<usize>,
    pub text: String,
}

/// The report of one import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub lines: Vec<ReportLine>,
}

/// Lines of one kind beyond this many are counted, not listed.
const MAX_LISTED: usize = 200;

impl ImportReport {
    pub fn read(&mut self, text: impl Into<String>) {
        self.push(Note::Read, None, text);
    }

    pub fn kept(&mut self, text: impl Into<String>) {
        self.push(Note::Kept, None, text);
    }

    pub fn not_understood(&mut self, line: Option<usize>, text: impl Into<String>) {
        self.push(Note::NotUnderstood, line, text);
    }

    fn push(&mut self, note: Note, line: Option<usize>, text: impl Into<String>) {
        self.lines.push(ReportLine {
            note,
            line,
            text: text.into(),
        });
    }

    /// Lines about data that was not taken in as it was.
    pub fn problems(&self) -> impl Iterator<Item = &ReportLine> {
        self.lines.iter().filter(|l| l.note == Note::NotUnderstood)
    }

    /// The lines of one kind, at most [`MAX_LISTED`], and how many more there are.
    pub fn of(&self, note: Note) -> (Vec<&ReportLine>, usize) {
        let all: Vec<&ReportLine> = self.lines.iter().filter(|l| l.note == note).collect();
        let more = all.len().saturating_sub(MAX_LISTED);
        (all.into_iter().take(MAX_LISTED).collect(), more)
    }
}

impl fmt::Display for ReportLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.text),
            None => f.write_str(&self.text),
        }
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (note, heading) in [
            (Note::Read, "Read"),
            (Note::Kept, "Kept as attributes"),
            (Note::NotUnderstood, "Not understood"),
        ] {
            let (lines, more) = self.of(note);
            if lines.is_empty() {
                continue;
            }
            writeln!(f, "{heading}:")?;
            for line in lines {
                writeln!(f, "  - {line}")?;
            }
            if more > 0 {
                writeln!(f, "  - and {more} more")?;
            }
        }
        Ok(())
    }
}
