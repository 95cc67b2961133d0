//! Writing a table holds one row at a time (a Parquet row group at a time): over a generated
//! table of 200,000 rows that exists only as it is read, each writer's output reaches its sink
//! while the rows are still being read, never more than a few hundred rows behind. A writer
//! that gathered the table (as cells, or as the whole file's bytes) before writing would read
//! every row before its first byte went out, and fail.

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};

use refine_reports::format::{Document, OutputFormat, write, write_parquet};
use refine_reports::records::{Cell, TableRows};

const ROWS: usize = 200_000;

/// How far (in rows read) the output may lag behind the reading: CSV and JSON flush their
/// small buffers every few dozen rows, Parquet writes a row group of `PARQUET_GROUP` rows.
const MAX_LAG: usize = 2_000;

/// Rows per Parquet row group in this test.
const PARQUET_GROUP: usize = 1_000;

/// A table of `ROWS` generated rows, made one at a time as they are read; it counts the
/// passes over it and the rows read in the current pass.
#[derive(Default)]
struct Generated {
    columns: Vec<String>,
    passes: AtomicUsize,
    read: AtomicUsize,
}

impl Generated {
    fn new() -> Self {
        let columns = ["rank", "key", "title", "score", "labels"].map(str::to_owned).to_vec();
        Generated { columns, ..Generated::default() }
    }
}

impl TableRows for Generated {
    fn columns(&self) -> &[String] {
        &self.columns
    }

    fn row_count(&self) -> usize {
        ROWS
    }

    fn try_for_each_row(&self, visit: &mut dyn FnMut(&[Cell]) -> io::Result<()>) -> io::Result<()> {
        self.passes.fetch_add(1, Ordering::Relaxed);
        for rank in 0..ROWS {
            self.read.store(rank + 1, Ordering::Relaxed);
            let row = [
                Cell::Integer(rank as i64),
                Cell::Text(format!("GEN-{rank}")),
                Cell::Text(format!("Generated item number {rank}, with a title of a realistic length")),
                if rank % 7 == 0 { Cell::Null } else { Cell::Number(rank as f64 / 3.0) },
                Cell::List(vec![Cell::Text("generated".into()), Cell::Text("large".into())]),
            ];
            visit(&row)?;
        }
        Ok(())
    }
}

/// A sink that notes, at each write, how many rows of the current pass had been read: the
/// largest lag between two writes, and in which passes anything was written.
struct Probe<'a> {
    table: &'a Generated,
    bytes: usize,
    last_read: usize,
    max_lag: usize,
    passes_written: Vec<usize>,
}

impl<'a> Probe<'a> {
    fn new(table: &'a Generated) -> Self {
        table.read.store(0, Ordering::Relaxed);
        Probe { table, bytes: 0, last_read: 0, max_lag: 0, passes_written: Vec::new() }
    }
}

impl io::Write for Probe<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let pass = self.table.passes.load(Ordering::Relaxed);
        if self.passes_written.last() != Some(&pass) {
            self.passes_written.push(pass);
            self.last_read = 0;
        }
        let read = self.table.read.load(Ordering::Relaxed);
        self.max_lag = self.max_lag.max(read.saturating_sub(self.last_read));
        self.last_read = read;
        self.bytes += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn each_writer_writes_while_the_rows_are_read() {
    for format in [OutputFormat::Csv, OutputFormat::Jsonl, OutputFormat::Json] {
        let table = Generated::new();
        let tables = [("generated", &table)];
        let document = Document { command: "demo", as_of: None, inputs: &[], tables: &tables, warnings: &[] };
        let mut probe = Probe::new(&table);
        write(format, &document, &mut probe).unwrap();
        assert!(probe.bytes > 20_000_000, "{format:?} wrote {} bytes", probe.bytes);
        // JSON writes its envelope's head before it reads a row.
        assert_eq!(table.passes.load(Ordering::Relaxed), 1, "{format:?} reads the rows once");
        assert_eq!(probe.passes_written.last(), Some(&1), "{format:?} writes as it reads");
        assert!(probe.max_lag <= MAX_LAG, "{format:?} lagged {} rows behind the reading", probe.max_lag);
    }

    let table = Generated::new();
    let mut probe = Probe::new(&table);
    let rows = write_parquet(&table, &mut probe, PARQUET_GROUP).unwrap();
    assert_eq!(rows, ROWS);
    // The first pass finds each column's type and writes nothing; the second writes.
    assert_eq!(probe.passes_written, [2], "Parquet writes while it reads the rows the second time");
    assert!(probe.max_lag <= MAX_LAG, "Parquet lagged {} rows behind the reading", probe.max_lag);
}

/// The probe itself fails a writer that reads the whole table before writing.
#[test]
fn a_writer_that_gathers_the_table_first_is_caught() {
    let table = Generated::new();
    let mut probe = Probe::new(&table);
    let whole = table.to_records();
    io::Write::write_all(&mut probe, format!("{} rows", whole.rows.len()).as_bytes()).unwrap();
    assert!(probe.max_lag > MAX_LAG, "lag {}", probe.max_lag);
}
