//! Spreadsheet workbooks, read within limits: Excel (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`) and
//! OpenDocument (`.ods`), each sheet a [`Sheet`] of rows for the column recognition the CSV
//! tables use (`table::read_workbook`).
//!
//! Workbooks are the one format relmap reads through code it did not write (calamine), and a
//! crafted workbook of a kilobyte used to abort relmap or take all of the machine's memory.
//! The defence has four layers, because no one of them covers every file:
//!
//! 1. **The container is checked first** ([`check_archive`]). A zip's entries are inflated, not
//!    trusting the sizes it declares, within [`Limits::inflated`]; every XML part is parsed for
//!    well-formedness, with no DTD and at most [`super::xml::MAX_ATTRIBUTES`] attributes an
//!    element. A zip bomb or a broken `xl/styles.xml` is refused naming the part and the line,
//!    before calamine sees it.
//! 2. **calamine is patched** (vendor/calamine/PATCHES.md): looping or out-of-range sector
//!    chains in `.xls` files, sizes from the file used as allocation sizes, and index panics.
//! 3. **No sheet is a dense rectangle bigger than the file warrants.** `.xlsx` and `.xlsb`
//!    cells are read one by one and kept sparse; `.xls` and `.ods` sheets, which calamine builds
//!    densely, are refused past [`Limits::cells`] (the patched `set_dense_cell_limit`).
//! 4. A panic that still gets through is caught at the import boundary
//!    (`formats::read_as`) and becomes a refusal naming the file.
//!
//! docs/RELIABILITY.md lists the limits.

use std::io::{BufReader, Cursor, Read};

use calamine::{Data, DataType as _, Reader as _};

use crate::io::LoadError;

/// How much a workbook of a given size may make relmap read and hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes all of a zip's entries may inflate to: 32 MiB and 25 bytes for every byte of the
    /// file. Real workbooks inflate 5 to 20 times; a zip bomb a thousand. Half the memory bound
    /// of docs/RELIABILITY.md, since a parser's buffer may double past what it holds.
    pub inflated: u64,
    /// Cells a sheet may span: 262 144 and one for every byte of the file.
    pub cells: u64,
}

impl Limits {
    /// The limits for a file of `len` bytes.
    pub fn for_input(len: usize) -> Limits {
        let len = len as u64;
        Limits {
            inflated: (32 << 20) + 25 * len,
            cells: (1 << 18) + len,
        }
    }
}

/// A sheet's rows: its header, then each row with the number the spreadsheet gives it.
pub struct Sheet {
    /// The file and the sheet, for messages.
    pub origin: String,
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Which workbook a file is, from its container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Xls,
    Xlsx,
    Xlsb,
    Ods,
}

const ZIP_SIGNATURE: &[u8] = b"PK\x03\x04";
const OLE_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Whether `bytes` start as a workbook does: a zip archive or an OLE compound file.
pub fn has_signature(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_SIGNATURE) || bytes.starts_with(&OLE_SIGNATURE[..4])
}

/// A refusal of the workbook `origin`, in `place` (a part or a sheet).
fn refused(origin: &str, place: &str, message: impl Into<String>) -> LoadError {
    LoadError::Invalid {
        origin: origin.to_owned(),
        problems: vec![crate::model::Problem::new(place, message)],
    }
}

/// Every sheet of the workbook as a table, rows numbered as the spreadsheet numbers them.
pub fn read_sheets(bytes: &[u8], origin: &str) -> Result<Vec<Sheet>, LoadError> {
    let limits = Limits::for_input(bytes.len());
    let kind = if bytes.starts_with(OLE_SIGNATURE) {
        Kind::Xls
    } else if bytes.starts_with(ZIP_SIGNATURE) {
        check_archive(bytes, origin, limits)?
    } else {
        return Err(refused(
            origin,
            "the file",
            "not a workbook (no zip signature, nor the OLE signature of an .xls file)",
        ));
    };
    // The patched calamine refuses dense sheets past this many cells, on this thread; the
    // guard puts the limit back however the read ends, a caught panic included.
    let _limit = DenseCellLimit::set(limits.cells);
    read_kind(kind, bytes, origin, limits)
}

/// calamine's dense-cell limit for this thread, while it lives.
struct DenseCellLimit {
    previous: u64,
}

impl DenseCellLimit {
    fn set(limit: u64) -> DenseCellLimit {
        DenseCellLimit {
            previous: calamine::set_dense_cell_limit(limit),
        }
    }
}

impl Drop for DenseCellLimit {
    fn drop(&mut self) {
        calamine::set_dense_cell_limit(self.previous);
    }
}

fn read_kind(
    kind: Kind,
    bytes: &[u8],
    origin: &str,
    limits: Limits,
) -> Result<Vec<Sheet>, LoadError> {
    let open = |e: &dyn std::fmt::Display| refused(origin, "the workbook", format!("{e}"));
    let sheet_error = |name: &str, e: &dyn std::fmt::Display| {
        refused(origin, &format!("the sheet \"{name}\""), format!("{e}"))
    };
    let mut sheets = Vec::new();
    match kind {
        Kind::Xlsx => {
            let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| open(&e))?;
            for name in book.sheet_names() {
                let mut cells = Cells::new(origin, &name, limits);
                let mut reader = match book.worksheet_cells_reader(&name) {
                    Ok(reader) => reader,
                    // A chart sheet has no cells.
                    Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
                    Err(e) => return Err(sheet_error(&name, &e)),
                };
                while let Some(cell) = reader.next_cell().map_err(|e| sheet_error(&name, &e))? {
                    let (row, col) = cell.get_position();
                    cells.push(row, col, &Data::from(cell.get_value().clone()))?;
                }
                sheets.push(cells.into_sheet()?);
            }
        }
        Kind::Xlsb => {
            let mut book = calamine::Xlsb::new(Cursor::new(bytes)).map_err(|e| open(&e))?;
            for name in book.sheet_names() {
                let mut cells = Cells::new(origin, &name, limits);
                let mut reader = book
                    .worksheet_cells_reader(&name)
                    .map_err(|e| sheet_error(&name, &e))?;
                while let Some(cell) = reader.next_cell().map_err(|e| sheet_error(&name, &e))? {
                    let (row, col) = cell.get_position();
                    cells.push(row, col, &Data::from(cell.get_value().clone()))?;
                }
                sheets.push(cells.into_sheet()?);
            }
        }
        Kind::Xls => {
            let book = calamine::Xls::new(Cursor::new(bytes)).map_err(|e| open(&e))?;
            dense_sheets(book, origin, limits, &mut sheets)?;
        }
        Kind::Ods => {
            let book = calamine::Ods::new(Cursor::new(bytes)).map_err(|e| open(&e))?;
            dense_sheets(book, origin, limits, &mut sheets)?;
        }
    }
    Ok(sheets)
}

/// The sheets of a workbook calamine reads as dense ranges (limited by the patched
/// `set_dense_cell_limit`).
fn dense_sheets<RS, R>(
    mut book: R,
    origin: &str,
    limits: Limits,
    sheets: &mut Vec<Sheet>,
) -> Result<(), LoadError>
where
    RS: Read + std::io::Seek,
    R: calamine::Reader<RS>,
    R::Error: std::fmt::Display,
{
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| refused(origin, &format!("the sheet \"{name}\""), format!("{e}")))?;
        let mut cells = Cells::new(origin, &name, limits);
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (row, col, value) in range.used_cells() {
            cells.push(
                r0.saturating_add(row as u32),
                c0.saturating_add(col as u32),
                value,
            )?;
        }
        sheets.push(cells.into_sheet()?);
    }
    Ok(())
}

/// A sheet's non-empty cells as they are read, kept sparse, within the cell limit.
struct Cells<'a> {
    origin: &'a str,
    sheet: &'a str,
    limits: Limits,
    cells: Vec<(u32, u32, String)>,
}

impl<'a> Cells<'a> {
    fn new(origin: &'a str, sheet: &'a str, limits: Limits) -> Cells<'a> {
        Cells {
            origin,
            sheet,
            limits,
            cells: Vec::new(),
        }
    }

    fn too_many(&self, what: String) -> LoadError {
        refused(
            self.origin,
            &format!("the sheet \"{}\"", self.sheet),
            format!(
                "{what}, more than the {} cells relmap reads from a workbook of this size \
                 (docs/RELIABILITY.md)",
                self.limits.cells
            ),
        )
    }

    fn push(&mut self, row: u32, col: u32, value: &Data) -> Result<(), LoadError> {
        let text = cell_text(value);
        if text.trim().is_empty() {
            return Ok(());
        }
        if self.cells.len() as u64 >= self.limits.cells {
            return Err(self.too_many(format!("it has over {} cells", self.cells.len())));
        }
        self.cells.push((row, col, text));
        Ok(())
    }

    /// The sheet: the first row with a cell is the header, and its first to last cell are
    /// the columns; cells outside them have no column name, and are left out as the CSV
    /// reader leaves out unnamed columns.
    fn into_sheet(mut self) -> Result<Sheet, LoadError> {
        let origin = format!("{}, sheet \"{}\"", self.origin, self.sheet);
        self.cells.sort_unstable_by_key(|&(r, c, _)| (r, c));
        let Some(&(header_row, _, _)) = self.cells.first() else {
            return Ok(Sheet {
                origin,
                header: Vec::new(),
                rows: Vec::new(),
            });
        };
        let in_header = self.cells.iter().take_while(|(r, _, _)| *r == header_row);
        let first_col = in_header.clone().map(|c| c.1).min().unwrap_or(0);
        let last_col = in_header.map(|c| c.1).max().unwrap_or(0);
        let width = (last_col - first_col) as usize + 1;
        let rows = {
            let mut distinct = 0u64;
            let mut last = None;
            for &(r, _, _) in &self.cells {
                if last != Some(r) {
                    distinct += 1;
                    last = Some(r);
                }
            }
            distinct
        };
        if rows.saturating_mul(width as u64) > self.limits.cells {
            return Err(self.too_many(format!("it spans {rows} rows by {width} columns")));
        }
        let mut header = vec![String::new(); width];
        let mut body: Vec<(usize, Vec<String>)> = Vec::new();
        for (r, c, text) in self.cells {
            if c < first_col || c > last_col {
                continue;
            }
            let col = (c - first_col) as usize;
            if r == header_row {
                header[col] = text.trim().to_owned();
                continue;
            }
            // Rows are numbered as the spreadsheet numbers them, from 1.
            let line = r as usize + 1;
            if body.last().is_none_or(|(l, _)| *l != line) {
                body.push((line, vec![String::new(); width]));
            }
            if let Some((_, row)) = body.last_mut() {
                row[col] = text;
            }
        }
        Ok(Sheet {
            origin,
            header,
            rows: body,
        })
    }
}

/// A cell as text: whole numbers without a decimal point, dates as ISO dates.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(_) => cell
            .as_date()
            .map_or_else(|| cell.to_string(), |d| d.to_string()),
        other => other.to_string(),
    }
}

/// Checks a zip workbook before calamine reads it: every entry inflates within
/// `limits.inflated` (counted as it inflates, whatever the archive declares), and every XML
/// part is well formed, without a DTD and within the XML limits. Says which workbook it is.
fn check_archive(bytes: &[u8], origin: &str, limits: Limits) -> Result<Kind, LoadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        refused(
            origin,
            "the file",
            format!("starts as a zip archive, but is not a readable one: {e}"),
        )
    })?;
    const MAX_ENTRIES: usize = 10_000;
    if zip.len() > MAX_ENTRIES {
        return Err(refused(
            origin,
            "the archive",
            format!(
                "has {} entries; relmap reads workbooks of at most {MAX_ENTRIES}",
                zip.len()
            ),
        ));
    }
    let has = |name: &str| zip.index_for_name(name).is_some();
    let kind = if has("xl/workbook.xml") {
        Kind::Xlsx
    } else if has("xl/workbook.bin") {
        Kind::Xlsb
    } else if has("content.xml") {
        Kind::Ods
    } else {
        return Err(refused(
            origin,
            "the archive",
            "is a zip archive but not a workbook: it has neither xl/workbook.xml (Excel) nor \
             content.xml (OpenDocument)",
        ));
    };
    let mut budget = limits.inflated;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| {
            refused(
                origin,
                "the archive",
                format!("entry {} cannot be read: {e}", i + 1),
            )
        })?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if entry.is_dir() {
            continue;
        }
        let is_xml = name.ends_with(".xml") || name.ends_with(".rels");
        let mut counted = Counted {
            inner: &mut entry,
            left: budget,
            read: 0,
            run: is_xml.then_some(0),
        };
        let outcome = if is_xml {
            check_xml(BufReader::new(&mut counted))
        } else {
            std::io::copy(&mut counted, &mut std::io::sink())
                .map(|_| ())
                .map_err(XmlFault::Io)
        };
        let read = counted.read;
        budget -= read.min(budget);
        match outcome {
            Ok(()) => {}
            Err(XmlFault::Io(e)) if e.kind() == std::io::ErrorKind::FileTooLarge => {
                return Err(refused(
                    origin,
                    &name,
                    format!(
                        "the workbook's parts inflate to more than {} MiB, more than relmap \
                         reads from a file of {} bytes (a zip bomb?)",
                        limits.inflated >> 20,
                        bytes.len()
                    ),
                ));
            }
            Err(XmlFault::Io(e)) if e.get_ref().is_some_and(|e| e.is::<RunTooLong>()) => {
                return Err(refused(origin, &name, format!("has {RunTooLong}")));
            }
            Err(XmlFault::Io(e)) => {
                return Err(refused(origin, &name, format!("cannot be inflated: {e}")));
            }
            Err(XmlFault::Xml { at, message }) => {
                let line = line_in_entry(bytes, i, at);
                let place = match line {
                    Some(line) => format!("{name}, line {line}"),
                    None => name,
                };
                return Err(refused(origin, &place, format!("not valid XML: {message}")));
            }
        }
    }
    Ok(kind)
}

/// The longest run of an XML part without a `<` or `>`: a text or a tag this long is no
/// spreadsheet's (Excel holds 32 767 characters in a cell), and a parser buffers each whole.
pub const MAX_XML_RUN: u64 = 16 << 20;

/// A reader that counts what it reads and fails past a budget; for XML, also past a run of
/// [`MAX_XML_RUN`] bytes without markup.
struct Counted<'r, R> {
    inner: &'r mut R,
    left: u64,
    read: u64,
    /// Bytes since the last `<` or `>`, for an XML part.
    run: Option<u64>,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // One byte more tells a part that ends exactly at the budget from one past it.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(std::io::Error::from(std::io::ErrorKind::FileTooLarge)),
            };
        }
        let max = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..max])?;
        self.read += n as u64;
        self.left -= n as u64;
        if let Some(run) = &mut self.run {
            // One pass: the run goes on across chunks and starts again at each mark.
            for &b in &buf[..n] {
                *run = if b == b'<' || b == b'>' { 0 } else { *run + 1 };
                if *run > MAX_XML_RUN {
                    return Err(std::io::Error::other(RunTooLong));
                }
            }
        }
        Ok(n)
    }
}

/// The error [`Counted`] reads as when a run without markup is too long.
#[derive(Debug)]
struct RunTooLong;

impl std::fmt::Display for RunTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a text or a tag of more than {} MiB, which no workbook has",
            MAX_XML_RUN >> 20
        )
    }
}

impl std::error::Error for RunTooLong {}

enum XmlFault {
    Io(std::io::Error),
    Xml { at: u64, message: String },
}

/// Parses one XML part as it inflates: well formed, no DTD, and within the limits on
/// attributes and depth that the GraphML and GEXF readers keep.
fn check_xml<R: std::io::BufRead>(input: R) -> Result<(), XmlFault> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(input);
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let fault = |reader: &quick_xml::Reader<R>, message: String| XmlFault::Xml {
        at: reader.buffer_position(),
        message,
    };
    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(quick_xml::Error::Io(e)) => {
                // The parser shares the reader's error; the budget's kinds are kept.
                let own = if e.get_ref().is_some_and(|inner| inner.is::<RunTooLong>()) {
                    std::io::Error::other(RunTooLong)
                } else {
                    std::io::Error::new(e.kind(), e.to_string())
                };
                return Err(XmlFault::Io(own));
            }
            Err(e) => {
                return Err(XmlFault::Xml {
                    at: reader.error_position(),
                    message: e.to_string(),
                });
            }
        };
        match event {
            Event::Start(e) => {
                attributes_within_limit(&reader, e.attributes().with_checks(false).count())?;
                depth += 1;
                if depth > super::xml::MAX_DEPTH {
                    return Err(fault(
                        &reader,
                        format!("elements nest more than {} deep", super::xml::MAX_DEPTH),
                    ));
                }
            }
            Event::Empty(e) => {
                attributes_within_limit(&reader, e.attributes().with_checks(false).count())?;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::DocType(_) => {
                return Err(fault(
                    &reader,
                    "the part has a DTD, which relmap does not read (entities in it could \
                     expand without end or fetch other files)"
                        .into(),
                ));
            }
            Event::Eof => {
                if depth > 0 {
                    return Err(fault(&reader, "the part ends inside an element".into()));
                }
                return Ok(());
            }
            _ => {}
        }
    }
}

fn attributes_within_limit<R>(reader: &quick_xml::Reader<R>, count: usize) -> Result<(), XmlFault> {
    if count > super::xml::MAX_ATTRIBUTES {
        return Err(XmlFault::Xml {
            at: reader.buffer_position(),
            message: format!(
                "an element has {count} attributes; relmap reads at most {}",
                super::xml::MAX_ATTRIBUTES
            ),
        });
    }
    Ok(())
}

/// The line at byte `at` of entry `index`, inflated again (it is within the budget, since it
/// was read once), for a message.
fn line_in_entry(bytes: &[u8], index: usize, at: u64) -> Option<usize> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let entry = zip.by_index(index).ok()?;
    let mut line = 1;
    for byte in BufReader::new(entry)
        .bytes()
        .take(usize::try_from(at).ok()?)
    {
        if byte.ok()? == b'\n' {
            line += 1;
        }
    }
    Some(line)
}
