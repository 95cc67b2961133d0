//! Rows read one at a time give the table `Records::from_serialize` builds.

use serde::Serialize;

use super::*;

#[derive(Serialize)]
struct Sparse {
    key: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'static str>,
    rank: u32,
}

fn rows_of(table: &dyn TableRows) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    table
        .try_for_each_row(&mut |cells| {
            rows.push(cells.to_vec());
            Ok(())
        })
        .unwrap();
    rows
}

#[test]
fn record_rows_have_the_columns_and_cells_of_records() {
    let records =
        [Sparse { key: "A-1", note: None, rank: 1 }, Sparse { key: "A-2", note: Some("late"), rank: 2 }];
    let streamed = RecordRows::new(&records[..], &[]);
    let whole = Records::from_serialize(&records);
    assert_eq!(streamed.columns(), ["key", "rank", "note"]);
    assert_eq!(streamed.columns(), whole.columns);
    assert_eq!(streamed.row_count(), 2);
    assert_eq!(rows_of(&streamed), whole.rows);
    assert_eq!(streamed.to_records(), whole);
    assert_eq!(serde_json::to_string(&TableJson(&streamed)).unwrap(), serde_json::to_string(&whole).unwrap());
}

#[test]
fn an_empty_table_has_its_declared_columns() {
    let streamed = RecordRows::<Sparse>::new(Vec::new(), &["key", "rank"]);
    assert_eq!(streamed.columns(), ["key", "rank"]);
    assert_eq!(serde_json::to_string(&TableJson(&streamed)).unwrap(), "[]");
}

#[test]
fn a_visitor_error_stops_the_rows() {
    let streamed = RecordRows::new(vec![1_u32, 2, 3], &[]);
    let mut seen = 0;
    let result = streamed.try_for_each_row(&mut |_| {
        seen += 1;
        Err(std::io::Error::other("full"))
    });
    assert!(result.is_err());
    assert_eq!(seen, 1);
}
