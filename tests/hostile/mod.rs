//! Hostile inputs, each built from its description: the files that crashed relmap, hung it or
//! took all of the machine's memory, made here byte by byte so that a test can never lose
//! them. Shared by `tests/hostile_files.rs` (one regression test each) and
//! `tests/fuzz_corpus.rs` (structure-aware mutations of workbooks).

#![allow(dead_code)]

use std::io::Write as _;

/// Hostile files with a name and what their refusal must say, for the tests that open them as
/// a user would: on the command line and dropped on the window.
pub fn refusals() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    vec![
        (
            "nested.graphml",
            graphml_nested(3500).into_bytes(),
            "nest more than 256 deep",
        ),
        (
            "attributes.graphml",
            graphml_many_attributes(200_000).into_bytes(),
            "attributes",
        ),
        ("loop.xls", xls_fat_chain_loops(), "loops"),
        ("past.xls", xls_sector_past_the_end(), "past end"),
        (
            "bomb.xlsx",
            xlsx_zip_bomb(b" ", 64, 64 << 20),
            "xl/worksheets/sheet1.xml",
        ),
        ("rows.ods", ods_rows_repeated(), "cells"),
        ("words.xlsx", b"Id\n1\n".to_vec(), "not a workbook"),
        ("empty.graphml", Vec::new(), "empty file"),
    ]
}

// ---------------------------------------------------------------------------------------------
// Compound files (the container of .xls), MS-CFB version 3 with 512-byte sectors.

pub const FREESECT: u32 = 0xFFFF_FFFF;
pub const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
pub const FATSECT: u32 = 0xFFFF_FFFD;

/// A compound file: its header's DIFAT (the sectors holding the FAT) and first directory
/// sector, and its sectors as given (the last may be cut short).
pub struct CompoundFile {
    pub difat: Vec<u32>,
    pub dir_start: u32,
    pub sectors: Vec<Vec<u8>>,
}

impl CompoundFile {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut h = vec![0u8; 512];
        h[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
        put16(&mut h, 24, 0x003E); // minor version
        put16(&mut h, 26, 3); // major version
        put16(&mut h, 28, 0xFFFE); // byte order
        put16(&mut h, 30, 9); // 512-byte sectors
        put16(&mut h, 32, 6); // 64-byte mini sectors
        put32(&mut h, 44, self.difat.len() as u32); // FAT sectors
        put32(&mut h, 48, self.dir_start);
        put32(&mut h, 56, 4096); // mini stream cutoff
        put32(&mut h, 60, ENDOFCHAIN); // no mini FAT
        put32(&mut h, 68, ENDOFCHAIN); // no DIFAT sectors
        for i in 0..109 {
            put32(&mut h, 76 + 4 * i, *self.difat.get(i).unwrap_or(&FREESECT));
        }
        let mut out = h;
        for s in &self.sectors {
            out.extend_from_slice(s);
        }
        out
    }
}

/// A FAT sector with these first entries, the rest free.
pub fn fat_sector(entries: &[u32]) -> Vec<u8> {
    let mut s = vec![0xFF; 512];
    for (i, e) in entries.iter().enumerate() {
        put32(&mut s, 4 * i, *e);
    }
    s
}

/// A directory sector: the root entry and one stream, `Workbook`, at `start` of `len` bytes.
pub fn directory_sector(start: u32, len: u32) -> Vec<u8> {
    let mut s = vec![0u8; 512];
    let entry = |s: &mut Vec<u8>, at: usize, name: &str, kind: u8, child: u32, start, len| {
        for (i, u) in name.encode_utf16().enumerate() {
            put16(s, at + 2 * i, u);
        }
        put16(s, at + 64, 2 * (name.len() as u16 + 1));
        s[at + 66] = kind;
        s[at + 67] = 1; // black
        put32(s, at + 68, FREESECT);
        put32(s, at + 72, FREESECT);
        put32(s, at + 76, child);
        put32(s, at + 116, start);
        put32(s, at + 120, len);
    };
    entry(&mut s, 0, "Root Entry", 5, 1, ENDOFCHAIN, 0);
    entry(&mut s, 128, "Workbook", 2, FREESECT, start, len);
    for at in [256, 384] {
        put32(&mut s, at + 68, FREESECT);
        put32(&mut s, at + 72, FREESECT);
        put32(&mut s, at + 76, FREESECT);
    }
    s
}

/// An `.xls` whose directory's FAT chain comes back to itself: sector 1's next sector is 1.
/// Upstream calamine followed it without end (24 GB before the OOM killer).
pub fn xls_fat_chain_loops() -> Vec<u8> {
    CompoundFile {
        difat: vec![0],
        dir_start: 1,
        sectors: vec![fat_sector(&[FATSECT, 1]), directory_sector(2, 4096)],
    }
    .to_bytes()
}

/// An `.xls` whose directory chain goes on to a sector that starts past the end of the file
/// (calamine's slice `data[start..len]` panicked, `cfb.rs:320`).
pub fn xls_sector_past_the_end() -> Vec<u8> {
    CompoundFile {
        difat: vec![0],
        dir_start: 1,
        sectors: vec![fat_sector(&[FATSECT, 3]), directory_sector(2, 4096)],
    }
    .to_bytes()
}

/// An `.xls` whose header lists no FAT sector at all, so the first step along any chain
/// indexes an empty FAT (index out of bounds, `cfb.rs:344`).
pub fn xls_fat_index_out_of_bounds() -> Vec<u8> {
    CompoundFile {
        difat: vec![],
        dir_start: 0,
        sectors: vec![directory_sector(1, 4096)],
    }
    .to_bytes()
}

/// An `.xls` whose FAT sector is cut short after six bytes (an assertion in `to_u32`,
/// `utils.rs:29`).
pub fn xls_fat_sector_cut_short() -> Vec<u8> {
    CompoundFile {
        difat: vec![0],
        dir_start: 1,
        sectors: vec![fat_sector(&[FATSECT, ENDOFCHAIN])[..6].to_vec()],
    }
    .to_bytes()
}

/// `xls` (a real workbook) with its first DIMENSIONS record saying the sheet spans
/// 4 294 967 295 rows by 65 535 columns (calamine reserved that many cells up front).
pub fn xls_with_huge_dimensions(xls: &[u8]) -> Option<Vec<u8>> {
    let at = xls.windows(4).position(|w| w == [0x00, 0x02, 0x0E, 0x00])? + 4;
    let mut out = xls.to_vec();
    put32(&mut out, at, 0); // first row
    put32(&mut out, at + 4, u32::MAX); // last row + 1
    put16(&mut out, at + 8, 0); // first column
    put16(&mut out, at + 10, 0xFFFF); // last column + 1
    Some(out)
}

fn put16(b: &mut [u8], at: usize, v: u16) {
    b[at..at + 2].copy_from_slice(&v.to_le_bytes());
}

fn put32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

// ---------------------------------------------------------------------------------------------
// Zip archives (.xlsx, .ods), written entry by entry so that sizes can lie.

/// One entry: its name, the deflated bytes, and what the archive declares of them.
pub struct Entry {
    pub name: String,
    /// 0 stored, 8 deflated.
    pub method: u16,
    pub data: Vec<u8>,
    pub crc: u32,
    pub size: u32,
}

impl Entry {
    /// An entry holding `content`, deflated, with its true size and checksum.
    pub fn deflated(name: &str, content: &[u8]) -> Entry {
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(content).unwrap();
        let mut crc = flate2::Crc::new();
        crc.update(content);
        Entry {
            name: name.to_owned(),
            method: 8,
            data: z.finish().unwrap(),
            crc: crc.sum(),
            size: content.len() as u32,
        }
    }

    /// An entry holding `content` as it is.
    pub fn stored(name: &str, content: &[u8]) -> Entry {
        let mut crc = flate2::Crc::new();
        crc.update(content);
        Entry {
            name: name.to_owned(),
            method: 0,
            data: content.to_vec(),
            crc: crc.sum(),
            size: content.len() as u32,
        }
    }
}

/// A zip archive of `entries`.
pub fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes()); // made by
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags
            h.extend_from_slice(&e.method.to_le_bytes());
            h.extend_from_slice(&[0, 0, 0x21, 0]); // time, date
            h.extend_from_slice(&e.crc.to_le_bytes());
            h.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
            h.extend_from_slice(&e.size.to_le_bytes());
            h.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                h.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
                h.extend_from_slice(&0u32.to_le_bytes()); // external attributes
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(e.name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(&e.data);
        central.extend(header(0x0201_4b50, true));
    }
    let at = out.len() as u32;
    let count = entries.len() as u16;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&[0; 2]);
    out
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/// The parts of an `.xlsx` around one sheet.
pub fn xlsx_parts() -> Vec<Entry> {
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let workbook_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    vec![
        Entry::deflated("[Content_Types].xml", types.as_bytes()),
        Entry::deflated("_rels/.rels", rels.as_bytes()),
        Entry::deflated("xl/workbook.xml", workbook.as_bytes()),
        Entry::deflated("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
    ]
}

/// A sheet's XML from cells `(reference, text)`, one row element per cell.
pub fn sheet_xml(cells: &[(&str, &str)]) -> String {
    let mut rows = String::new();
    for (at, text) in cells {
        let row: String = at.chars().filter(char::is_ascii_digit).collect();
        rows.push_str(&format!(
            r#"<row r="{row}"><c r="{at}" t="inlineStr"><is><t>{text}</t></is></c></row>"#
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// An `.xlsx` of one sheet with these cells.
pub fn xlsx(cells: &[(&str, &str)]) -> Vec<u8> {
    let mut parts = xlsx_parts();
    parts.push(Entry::deflated(
        "xl/worksheets/sheet1.xml",
        sheet_xml(cells).as_bytes(),
    ));
    zip(&parts)
}

/// An `.xlsx` with cells at A1 and XFD1048576, the first and last cells a sheet can have
/// (calamine's dense range of it is 17 billion cells, 512 GiB).
pub fn xlsx_far_corners() -> Vec<u8> {
    xlsx(&[("A1", "Id"), ("A2", "Haqqani"), ("XFD1048576", "far")])
}

/// An `.xlsx` with a cell on row 4 294 967 296, past the last row a u32 can number ("capacity
/// overflow" in calamine's dense range).
pub fn xlsx_last_row() -> Vec<u8> {
    xlsx(&[("A1", "Id"), ("A4294967296", "far")])
}

/// A valid `.xlsx` whose `xl/styles.xml` is broken on its third line.
pub fn xlsx_broken_styles() -> Vec<u8> {
    let mut parts = xlsx_parts();
    parts.push(Entry::deflated(
        "xl/worksheets/sheet1.xml",
        sheet_xml(&[("A1", "Id"), ("A2", "x")]).as_bytes(),
    ));
    parts.push(Entry::deflated(
        "xl/styles.xml",
        format!("<?xml version=\"1.0\"?>\n<styleSheet xmlns=\"{MAIN}\">\n<fonts></numFmts>\n</styleSheet>").as_bytes(),
    ));
    zip(&parts)
}

/// Raw deflate data that inflates to `mib` MiB of `unit` repeated, between `prefix` and
/// `suffix`: one mebibyte deflated once (about a kilobyte), repeated. Each copy ends on a byte
/// boundary (a sync flush) and refers to nothing before it, so the copies chain.
pub fn deflated_repeats(prefix: &[u8], unit: &[u8], mib: usize, suffix: &[u8]) -> Vec<u8> {
    let stored = |last: bool, bytes: &[u8]| {
        let len = bytes.len() as u16;
        let mut b = vec![u8::from(last)];
        b.extend_from_slice(&len.to_le_bytes());
        b.extend_from_slice(&(!len).to_le_bytes());
        b.extend_from_slice(bytes);
        b
    };
    let mut compress = flate2::Compress::new(flate2::Compression::best(), false);
    let mut chunk = Vec::with_capacity(8 << 10);
    compress
        .compress_vec(
            &unit.repeat((1 << 20) / unit.len()),
            &mut chunk,
            flate2::FlushCompress::Sync,
        )
        .unwrap();
    let mut out = stored(false, prefix);
    for _ in 0..mib {
        out.extend_from_slice(&chunk);
    }
    out.extend(stored(true, suffix));
    out
}

/// An `.xlsx` whose sheet inflates to `mib` MiB of `unit` (white space, or empty rows) inside
/// `<sheetData>`, declaring `declared` bytes (the truth, or a lie).
pub fn xlsx_zip_bomb(unit: &[u8], mib: usize, declared: u32) -> Vec<u8> {
    let mut parts = xlsx_parts();
    let prefix = format!(r#"<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>"#);
    parts.push(Entry {
        name: "xl/worksheets/sheet1.xml".into(),
        method: 8,
        data: deflated_repeats(prefix.as_bytes(), unit, mib, b"</sheetData></worksheet>"),
        crc: 0,
        size: declared,
    });
    zip(&parts)
}

/// An `.ods` of one table with this body.
pub fn ods(table: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip(&[
        Entry::stored(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        Entry::deflated("content.xml", content.as_bytes()),
        Entry::deflated("META-INF/manifest.xml", manifest.as_bytes()),
    ])
}

/// A cell of text, as an `.ods` table writes it.
pub fn ods_cell(text: &str, repeated: Option<u64>) -> String {
    let repeat = repeated.map_or(String::new(), |n| {
        format!(r#" table:number-columns-repeated="{n}""#)
    });
    format!(
        r#"<table:table-cell office:value-type="string"{repeat}><text:p>{text}</text:p></table:table-cell>"#
    )
}

/// An `.ods` (810 bytes) whose one row, a label, is repeated 4 294 967 295 times (215 MB in
/// calamine before it was refused).
pub fn ods_rows_repeated() -> Vec<u8> {
    ods(&format!(
        r#"<table:table-row>{}</table:table-row><table:table-row table:number-rows-repeated="4294967295">{}</table:table-row>"#,
        ods_cell("Id", None),
        ods_cell("x", None)
    ))
}

/// An `.ods` of 600 rows each with one value repeated across 16 384 columns: ten million cells
/// from a few kilobytes.
pub fn ods_columns_repeated() -> Vec<u8> {
    let row = format!(
        "<table:table-row>{}</table:table-row>",
        ods_cell("x", Some(16_384))
    );
    ods(&row.repeat(600))
}

// ---------------------------------------------------------------------------------------------
// XML and CSV.

/// GraphML with graphs nested `depth` deep inside nodes (3 500 deep, 122 KB, overflowed the
/// stack).
pub fn graphml_nested(depth: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n<graph id=\"g\" edgedefault=\"directed\">\n",
    );
    for i in 0..depth {
        s.push_str(&format!("<node id=\"n{i}\"><graph id=\"g{i}\">\n"));
    }
    for _ in 0..depth {
        s.push_str("</graph></node>\n");
    }
    s.push_str("</graph>\n</graphml>\n");
    s
}

/// GraphML with one node of `n` attributes (200 000: 2.3 MB, more than 30 s to parse).
pub fn graphml_many_attributes(n: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n<graph edgedefault=\"directed\">\n<node id=\"a\"",
    );
    for i in 0..n {
        s.push_str(&format!(" a{i}=\"\""));
    }
    s.push_str("/>\n</graph>\n</graphml>\n");
    s
}

/// GraphML whose nodes declare `n` namespaces in all, 900 to a node.
pub fn graphml_many_namespaces(n: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n<graph edgedefault=\"directed\">\n",
    );
    for node in 0..n.div_ceil(900) {
        s.push_str(&format!("<node id=\"n{node}\""));
        for i in 0..900.min(n - node * 900) {
            s.push_str(&format!(" xmlns:p{i}=\"urn:{node}:{i}\""));
        }
        s.push_str("/>\n");
    }
    s.push_str("</graph>\n</graphml>\n");
    s
}

/// An edge list of `rows` rows, then one row of three fields on line `rows + 2`.
pub fn csv_edges(rows: usize) -> String {
    let mut s = String::with_capacity(rows * 16);
    s.push_str("Source,Target,Weight\n");
    for i in 0..rows {
        s.push_str(&format!("n{i},n{},{}\n", i + 1, i % 7));
    }
    s.push_str("bad,row,with,four\n");
    s
}

/// A nodes table of `rows` rows.
pub fn csv_nodes(rows: usize) -> String {
    let mut s = String::with_capacity(rows * 24);
    s.push_str("Id,Label,Type\n");
    for i in 0..rows {
        s.push_str(&format!("n{i},Node {i},person\n"));
    }
    s
}
