//! A CSV file's records in chunks of about a given size, each cut at a record boundary, so
//! that a file larger than memory is read a chunk at a time
//! ([`TextTable::read_records`](super::TextTable::read_records)).
//!
//! A record ends at a line break outside quotes. Quotes are counted from the first record on
//! (the doubled quote inside a quoted field counts twice, so it changes nothing), so a chunk
//! never cuts a quoted field that holds line breaks. A quote that never closes takes the rest of
//! the file into its record: then the last chunk is the rest of the file, which is what a read
//! of the whole file sees too.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Bytes read from the file at a time while looking for the end of a chunk.
const READ_BYTES: usize = 1 << 20;

/// The records of a CSV file after its header, chunk by chunk.
pub struct CsvChunks {
    file: File,
    /// A chunk is cut at the first record end at or after this many bytes.
    chunk_bytes: usize,
    /// Bytes read and not handed out yet; they start at a record boundary.
    buffer: Vec<u8>,
    /// How far `buffer` has been scanned, and whether that point is inside quotes.
    scanned: usize,
    in_quotes: bool,
    at_end_of_file: bool,
}

impl CsvChunks {
    /// The records of the CSV file at `path` after its header (the first record), in chunks of
    /// at least `chunk_bytes` bytes (at least 1), the last one apart.
    pub fn open(path: &Path, chunk_bytes: usize) -> io::Result<CsvChunks> {
        let mut chunks = CsvChunks {
            file: File::open(path)?,
            // The header is the first record: a chunk of its own, cut at its end and dropped.
            chunk_bytes: 1,
            buffer: Vec::new(),
            scanned: 0,
            in_quotes: false,
            at_end_of_file: false,
        };
        chunks.next_chunk()?;
        chunks.chunk_bytes = chunk_bytes.max(1);
        Ok(chunks)
    }

    /// The next chunk of whole records, or `None` after the last.
    pub fn next_chunk(&mut self) -> io::Result<Option<Vec<u8>>> {
        loop {
            let cut = match self.find_cut() {
                Some(end) => Some(end),
                None if self.at_end_of_file => Some(self.buffer.len()),
                None => None,
            };
            if let Some(end) = cut {
                let rest = self.buffer.split_off(end);
                let chunk = std::mem::replace(&mut self.buffer, rest);
                (self.scanned, self.in_quotes) = (0, false);
                return Ok((!chunk.is_empty()).then_some(chunk));
            }
            let read = (&mut self.file).take(READ_BYTES as u64).read_to_end(&mut self.buffer)?;
            self.at_end_of_file = read == 0;
        }
    }

    /// Scans on from where the last scan stopped for the first record end at or after
    /// `chunk_bytes`.
    fn find_cut(&mut self) -> Option<usize> {
        let mut position = self.scanned;
        while let Some(offset) = memchr::memchr2(b'"', b'\n', &self.buffer[position..]) {
            let at = position + offset;
            position = at + 1;
            if self.buffer[at] == b'"' {
                self.in_quotes = !self.in_quotes;
            } else if !self.in_quotes && position >= self.chunk_bytes {
                return Some(position);
            }
        }
        self.scanned = self.buffer.len();
        None
    }
}

impl Iterator for CsvChunks {
    type Item = io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_chunk().transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn write(content: &[u8]) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, content).unwrap();
        file
    }

    fn chunks(content: &[u8], chunk_bytes: usize) -> Vec<Vec<u8>> {
        let file = write(content);
        CsvChunks::open(file.path(), chunk_bytes).unwrap().collect::<io::Result<_>>().unwrap()
    }

    #[test]
    fn chunks_end_at_record_ends_and_never_inside_quotes() {
        let content = b"id,text\r\n1,\"two\nlines\"\r\n2,plain\r\n3,\"a \"\"quoted\"\"\nword\"\r\n4,last";
        let got = chunks(content, 1);
        let got: Vec<&[u8]> = got.iter().map(Vec::as_slice).collect();
        assert_eq!(
            got,
            [&b"1,\"two\nlines\"\r\n"[..], b"2,plain\r\n", b"3,\"a \"\"quoted\"\"\nword\"\r\n", b"4,last"]
        );
        assert_eq!(chunks(content, 20).len(), 3);
        assert_eq!(chunks(content, 1 << 20).concat(), &content[9..]);
    }

    #[test]
    fn a_quote_that_never_closes_keeps_the_rest_of_the_file_in_one_chunk() {
        let content = b"id,text\n1,ok\n2,\"open\n3,more\n4,end\n";
        let got = chunks(content, 1);
        assert_eq!(got, [b"1,ok\n".to_vec(), b"2,\"open\n3,more\n4,end\n".to_vec()]);
    }

    #[test]
    fn a_file_with_only_a_header_has_no_chunks() {
        assert!(chunks(b"id,text\n", 4).is_empty());
        assert!(chunks(b"id,text", 4).is_empty());
    }

    proptest! {
        /// Whatever the chunk size, the chunks are the records after the header, in order, each
        /// chunk ending where a record ends.
        #[test]
        fn chunks_are_the_records_in_order(
            rows in proptest::collection::vec(("[a-z\"\n,]{0,12}", any::<bool>()), 0..40),
            chunk_bytes in 1usize..64,
        ) {
            let mut content = b"id,text\n".to_vec();
            let mut record_ends = vec![0usize];
            for (index, (text, quoted)) in rows.iter().enumerate() {
                let field = if *quoted { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.replace(['"', '\n', ','], "") };
                content.extend(format!("{index},{field}\n").bytes());
                record_ends.push(content.len() - 8);
            }
            let got = chunks(&content, chunk_bytes);
            prop_assert_eq!(got.concat(), content[8..].to_vec());
            let mut end = 0;
            for chunk in &got {
                end += chunk.len();
                prop_assert!(record_ends.contains(&end), "a chunk ends inside a record at {}", end);
            }
        }
    }
}
